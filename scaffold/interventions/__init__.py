"""Interventions on a loop's evaluation: fork a recorded step with one part of what its
selection reads replaced (or its objective changed), beside an unchanged control fork."""
