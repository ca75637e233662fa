"""Docs that can't drift: every relative link in README.md and docs/*.md points to a file.

Links are read the way a Markdown renderer reads them: text inside fenced
code blocks and inline code is not a link, ``#anchor`` and ``"title"`` parts
are not part of the path, and web or mail links are left to the reader.
docs/dev/ holds working notes, not user documentation, so it is not checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# [text](target) and ![alt](target); the text may hold one level of brackets ([`x`][y]).
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?P<target><[^>]*>|[^)\s]*)[^)]*\)")
_INLINE_CODE = re.compile(r"(`+).*?\1")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, …


def links(text: str) -> list[tuple[int, str]]:
    """Each relative link target in Markdown ``text`` as ``(line number, path)``.

    Anchors and titles are dropped; a link to an anchor in the same file
    has the path ``""``. Web, mail and other scheme links are left out.
    """
    found: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        for match in _LINK.finditer(_INLINE_CODE.sub("", line)):
            target = match.group("target").strip("<>")
            if not target or _EXTERNAL.match(target):
                continue
            found.append((number, unquote(target.split("#", 1)[0])))
    return found


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line → target`` (file relative to ``root``) for each relative link in ``path`` to no file."""
    broken = []
    for number, target in links(path.read_text(encoding="utf-8")):
        resolved = (path.parent / target).resolve()
        # Links out of the repository (../shared/reference) can only be checked where that
        # folder sits beside the checkout, as it does in development and CI.
        if not resolved.is_relative_to(root.resolve()) and not resolved.parent.exists():
            continue
        if target and not (path.parent / target).exists():
            broken.append(f"{path.relative_to(root)}:{number} → {target}")
    return broken


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_files_that_exist(path: Path) -> None:
    assert broken_links(path) == []


def test_every_doc_is_checked() -> None:
    names = {str(p.relative_to(ROOT)) for p in DOCS}
    assert {"README.md", "docs/cli.md", "docs/importers.md"} <= names
    assert not any(name.startswith("docs/dev/") for name in names)
    # README.md links to several docs: a scan that finds none checks nothing.
    assert len(links((ROOT / "README.md").read_text(encoding="utf-8"))) >= 3


def test_links_are_read_as_a_renderer_reads_them() -> None:
    text = "\n".join([
        "See [the CLI](cli.md), [errors](errors.md#exit-codes) and [below](#usage).",  # 1
        "A [titled link](settings.md \"Settings\") and an ![image](img/flow%20chart.png).",  # 2
        "Web: [site](https://example.com/a.md), [mail](mailto:team@example.com).",  # 3
        "Code: `[not a link](nowhere.md)` stays code.",  # 4
        "```markdown",  # 5
        "[inside a fence](fenced.md)",  # 6
        "```",  # 7
        "[[`x`] nested text](<with space.md>)",  # 8
    ])
    assert links(text) == [
        (1, "cli.md"), (1, "errors.md"), (1, ""),
        (2, "settings.md"), (2, "img/flow chart.png"),
        (8, "with space.md"),
    ]


def test_a_missing_target_is_reported_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "here.md").write_text("ok\n", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("[fine](here.md)\n\n[gone](missing.md#part)\n", encoding="utf-8")
    assert broken_links(doc, tmp_path) == ["doc.md:3 → missing.md"]
