"""Backups: a consistent copy of the SQLite database and the photo folder."""
