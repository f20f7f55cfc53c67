"""Where the data lives and how it is kept safe: backups, encryption, the database's location, checks and moves."""
