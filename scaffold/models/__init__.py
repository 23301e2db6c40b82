"""Model backends: embedded transformers, OpenAI-compatible HTTP, diffusers."""
