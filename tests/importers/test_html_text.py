"""HTML bodies to plain text."""

from __future__ import annotations

from heartline.importers.html_text import html_to_text


def test_blocks_become_lines_and_entities_are_unescaped() -> None:
    html = ("<div><p>Hi&nbsp;there,</p><p>My order &#35;123 hasn&#39;t   arrived &amp; "
            "I&rsquo;m\n upset.<br>Call 555-0100</p><ul><li>one</li><li>two <b>bold</b></li></ul></div>")
    assert html_to_text(html) == ("Hi\xa0there,\nMy order #123 hasn't arrived & I’m upset.\n"
                                  "Call 555-0100\none\ntwo bold")


def test_scripts_styles_and_link_targets_are_dropped() -> None:
    html = '<style>p{color:red}</style><p>See <a href="mailto:x@example.com">our page</a></p><script>x()</script>'
    assert html_to_text(html) == "See our page"


def test_plain_text_passes_through() -> None:
    assert html_to_text("  no markup here  ") == "no markup here"
    assert html_to_text("") == ""
