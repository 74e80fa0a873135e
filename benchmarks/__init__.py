"""Benchmarks of Gnista: server throughput, scale, web app, photos and sync."""
