"""Tasks: objectives and verifiers."""
