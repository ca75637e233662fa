"""HTML message bodies (Intercom, Freshdesk, Zendesk) as plain text.

Analysers and the redactor work on plain text; markup would both skew the
models and hide addresses inside ``href`` attributes the redactor never
sees. Block elements become line breaks, entities are unescaped, and
whitespace is collapsed the way a browser would render it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({
    "address", "article", "blockquote", "div", "dl", "dt", "dd", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
    "table", "tr", "ul",
})
_SKIPPED = frozenset({"script", "style", "head", "title"})
_SPACES = re.compile(r"[ \t\r\f\v\n]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._line: list[str] = []
        self._skip = 0
        self._pre = 0

    def _break(self) -> None:
        self.lines.append("".join(self._line).strip())
        self._line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag == "br" or tag in _BLOCKS:
            self._break()
            self._pre += tag == "pre"
        elif tag in ("td", "th") and self._line:
            self._line.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._break()
            self._pre = max(0, self._pre - (tag == "pre"))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self._line.append(part)
                self._break()
            self._line.append(parts[-1])
            return
        text = _SPACES.sub(" ", data)
        self._line.append(text)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: one line per block, entities unescaped."""
    if "<" not in html and "&" not in html:
        return html.strip()
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector._break()
    # Blocks nest (a <p> in a <div>), so breaks come in runs: empty lines carry nothing.
    lines = (_SPACES.sub(" ", line).strip() for line in collector.lines)
    return "\n".join(line for line in lines if line)
