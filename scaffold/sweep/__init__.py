"""Sweeps: a TOML spec expanded to many runs, run on Ray, indexed in one CSV, reported."""
