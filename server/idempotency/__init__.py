"""Idempotency keys: a replayed unsafe request returns the original result."""
