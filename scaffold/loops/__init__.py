"""Optimisation loops: plain generators of transcript events."""
