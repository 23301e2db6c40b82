"""Command palette provider: every key-bound action of the app, by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.help import pretty_keys


class ActionCommands(Provider):
    """Lists the app's bindings that are enabled in the current mode."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = self.app
        out: list[tuple[str, Callable[[], Any], str]] = []
        for b in app.BINDINGS:
            if not isinstance(b, Binding) or not b.description:
                continue
            if app.check_action(b.action, ()) is False:
                continue
            out.append((b.description, partial(app.run_action, b.action), pretty_keys(b.key)))
        return out

    async def discover(self) -> Hits:
        for title, callback, keys in self._commands():
            yield DiscoveryHit(title, callback, help=f"key: {keys}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, keys in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=f"key: {keys}")
