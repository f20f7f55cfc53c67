"""Schema, engine, migrations and queries. Nothing here imports Qt."""
