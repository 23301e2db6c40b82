"""`python -m tui` is the `mesascope` command."""

from tui.cli import main

main()
