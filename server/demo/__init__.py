"""Demo data: a small municipality a person can explore right after `make run`."""
