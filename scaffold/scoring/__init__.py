"""Search-behaviour scoring over transcript events."""
