"""Errors that mean "bad input from the user", reported as one line with exit code 2."""


class InputError(Exception):
    """A problem with something the user gave us (a file, a flag, a model dir). One line."""
