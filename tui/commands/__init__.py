"""One module per CLI command; `tui.cli` registers them."""
