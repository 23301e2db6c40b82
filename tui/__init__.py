"""mesascope's terminal UI and command line."""
