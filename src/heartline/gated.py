"""Regexes behind a cheap substring check.

Cue regexes with long alternations are slow to *fail*: Python tries every
alternative at every position. Most texts contain none of the words a match
needs, so a :class:`GatedPattern` first checks for those words (lower case) and
runs the regex only when one is there. Results are the same as the bare
regex's; ``tests/test_gated.py`` checks that on real agent replies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class GatedPattern:
    """A compiled regex and the lower-case substrings every match contains (one at least).

    Offers the ``re.Pattern`` methods heartline uses; a text holding none of
    ``required`` gets the no-match answer without running the regex.
    """

    def __init__(self, pattern: re.Pattern[str], required: tuple[str, ...]) -> None:
        if not required:
            raise ValueError("a gated pattern needs at least one required substring")
        self.pattern = pattern
        self.required = required

    def may_match(self, text: str) -> bool:
        """False when ``text`` holds none of the required substrings (so the regex cannot match)."""
        low = text.lower()
        return any(r in low for r in self.required)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.may_match(text) else iter(())

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.pattern.sub(repl, text) if self.may_match(text) else text

    def subn(self, repl: str | Callable[[re.Match[str]], str], text: str) -> tuple[str, int]:
        return self.pattern.subn(repl, text) if self.may_match(text) else (text, 0)
