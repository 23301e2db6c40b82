"""mesascope engine: loops, models, tasks, transcripts and scoring. Never imports a UI."""

__version__ = "0.1.0"
