"""Excel in and out. Readers stream (read-only mode) so a huge or hostile file keeps memory bounded."""
