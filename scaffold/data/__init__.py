"""Bundled data files (see README.md for sources and licences)."""
