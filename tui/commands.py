"""The command palette: every action of the screen in use, by name, in the responder's language."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from runbook.i18n import Lang
from tui.keys import APP_KEYS, Key, shown_key


class ActionCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, Key]]:
        screen = self.screen
        keys: tuple[Key, ...] = getattr(screen, "KEYS", ())
        lang: Lang = getattr(screen, "lang", "en")
        for key in (*keys, *APP_KEYS):
            if not key.palette:
                continue
            own = not key.action.startswith("app.")
            if own and screen.check_action(key.action, ()) is not True:
                continue
            yield f"{key.label(lang)}  ({shown_key(key)})", key.help(lang), key

    def _run(self, key: Key) -> None:
        self.app.call_later(self.app.run_action, key.action, self.screen)

    async def discover(self) -> Hits:
        for name, words, key in self._commands():
            yield DiscoveryHit(name, partial(self._run, key), help=words)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, words, key in self._commands():
            score = max(matcher.match(name), matcher.match(words) * 0.8)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, key), help=words)
