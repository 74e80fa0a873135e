"""A PostgreSQL database shaped like a national deployment, and the timings taken on it."""
