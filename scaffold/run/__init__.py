"""The engine's run API: build a loop from a typed config, drive it, keep a live session.

`registry` maps a loop family's name (or `file.py:Class`) to its config model and builder;
`drive` steps a `LoopRunner` until a typed `StopReason`; `session.LiveSession` holds what a
live UI needs (runner, pause, forks) without importing any UI.
"""
