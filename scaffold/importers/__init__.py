"""Importers: other tools' logs to transcripts."""
