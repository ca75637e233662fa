"""One pass over the digits of a text, finding the few places worth a closer look.

Everything the redactor finds apart from e-mail addresses holds a digit. ``TRIGGER`` is a
single compiled regex that hands back only numbers that could matter: a long numeric
cluster (phone, card, IP, IBAN), a house number before a capitalised word, a number after a
street name, or a number that could be an identifier. Python only sees those (in real
support messages about 0.3 a message, most of them numbers in links, dismissed at once),
which is what keeps redaction cheap.

Why bytes: on the reference machine sre tests a character class at ~30 ns a character,
but finds a literal ten times faster. So the text is encoded and its digits are all turned
into ``0`` (``bytes.translate`` is a table lookup); ``TRIGGER`` then starts with the
literal ``0`` and sre jumps from digit to digit. Matches are mapped back to character
offsets (the same ones for ASCII text) and every check after that reads the real text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from heartline.redaction.addresses import address_at
from heartline.redaction.config import Span
from heartline.redaction.numbers import iban_at, ipv6_near, numeric, query_cards

_ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")
# After a run start, "glued" means right after a letter or a character of a link or an
# identifier ("PS4", "/status/1156…", "INV-004512"): such numbers are no phone or address.
_TRIGGER_SOURCE = r"""
# the start of a run of digits
0(?<!00)(?:
    # 13-19 digits, whatever surrounds them: a card number must never survive redaction
    (?P<long>0{12,18}+(?!0))
    # not in a numeric @handle ("@115821" is a user, not data)
  | (?<!@0)(?:
    # two colons close by: maybe an IPv6 address ("2001:db8::1", "fe80::1ff:fe23")
    (?P<ipv6>(?=[0A-Fa-f]{0,3}:[0A-Fa-f]{0,4}:))
  | (?<![A-Za-z0-9\x80-\xff/=?&%._~\#-]0)(?:
        # seven or more characters of digits and phone/card separators
        (?P<numeric>[0 .()/-]{5,}0)
        # a house number before a capitalised word or a French street word
      | (?P<address>0{0,4}+[A-Za-z]?+(?:[-/]0{1,5}[A-Za-z]?)?+,?+[ ]++
            (?=[A-Z]|(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|cours)[ ]))
        # a number after a word, ending a phrase: "Hauptstraße 5,", "Calle Mayor 12"
      | (?P<after_name>(?<=[A-Za-z\x80-\xff.][ ]0)0{0,3}+[A-Za-z]?+
            (?=[ ]*(?:,|$|\n)|[ ]+[A-Z]))
        # four digits in a row: could be an identifier ("order 1234")
      | (?P<id>0{3}))
    # two digits right after a letter, "#", "-" or ".": an identifier ("W123", "#4321",
    # "INV-0045", "no.334455") or the check digits of an IBAN ("NL91ABNA…")
  | (?<=[A-Za-z\#.-]0)(?P<glued>0))
)"""
TRIGGER = re.compile(_TRIGGER_SOURCE.encode("utf-8"), re.VERBOSE)
_OUTSIDE, _PATH, _QUERY = 0, 1, 2
# How far back a link's "://" is looked for: enough for any real link, and it keeps a
# long text with many numbers linear.
_LONGEST_LINK = 2048


def scan(text: str, kinds: frozenset[str],
         near_identifier: Callable[[str, int, list[Span]], None] | None,
         found: list[Span]) -> None:
    """Append the cards, phones, IPs, IBANs and addresses in ``text`` to ``found``.

    ``near_identifier(text, pos, found)`` is called at each candidate number so that
    keyword patterns (``order #…``) can look at the words before it. Links are kept as
    they are: the digits in their paths are tweet ids, archive timestamps and article
    numbers; only a query (``?card=4111…``) is searched, and only for card numbers.
    """
    raw = text.encode("utf-8", "surrogatepass")
    offsets = None if len(raw) == len(text) else _CharOffsets(raw)
    has_link: bool | None = None
    for m in TRIGGER.finditer(raw.translate(_ZERO_DIGITS)):
        pos, end = m.span()
        if offsets is not None:
            pos, end = offsets.at(pos), offsets.at(end)
        kind = m.lastgroup
        if has_link is None:
            has_link = "://" in text or "www." in text
        where = _link_part(text, pos) if has_link else _OUTSIDE
        if where != _OUTSIDE:
            if where == _QUERY and kind == "long" and "CARD" in kinds:
                query_cards(text, pos, end, found)
            continue
        if kind == "long" or kind == "numeric":
            numeric(text, pos, end, kinds, found)
        elif kind == "ipv6":
            if "IP" in kinds:
                ipv6_near(text, pos, found)
            continue
        elif kind == "address" or kind == "after_name":
            if "ADDRESS" in kinds:
                span = address_at(text, pos)
                if span:
                    found.append((*span, "ADDRESS"))
        elif kind == "glued" and "IBAN" in kinds and text[pos - 2:pos].isalpha():
            span = iban_at(text, pos - 2)
            if span:
                found.append((*span, "IBAN"))
        elif _year(text, pos) or _in_handle(text, pos):
            continue
        if near_identifier is not None:
            near_identifier(text, pos, found)


def in_link(text: str, pos: int) -> bool:
    """Whether ``pos`` lies in a link (see ``_link_part``)."""
    return _link_part(text, pos) != _OUTSIDE


def _link_part(text: str, pos: int) -> int:
    """Whether ``pos`` lies outside a link, in its path, or in its query.

    A link is a run of non-space characters with "://" or "www." before ``pos``.
    """
    head = text[max(0, pos - _LONGEST_LINK):pos]
    token = "" if not head or head[-1].isspace() else head.rsplit(None, 1)[-1]
    if "://" not in token and "www." not in token:
        return _OUTSIDE
    return _QUERY if "?" in token else _PATH

class _CharOffsets:
    """Character offsets of increasing byte offsets into UTF-8 ``raw``, decoding each
    stretch once. Matches start and end on ASCII bytes, so no stretch splits a character."""

    def __init__(self, raw: bytes) -> None:
        self._raw, self._byte, self._char = raw, 0, 0

    def at(self, byte: int) -> int:
        self._char += len(self._raw[self._byte:byte].decode("utf-8", "surrogatepass"))
        self._byte = byte
        return self._char


def _year(text: str, pos: int) -> bool:
    """Whether the number at ``pos`` is a four-digit year (1900–2099)."""
    run = text[pos:pos + 5]
    return (run[:2] in ("19", "20") and run[2:4].isdigit()
            and (len(run) == 4 or not run[4].isdigit()))


def _in_handle(text: str, pos: int) -> bool:
    """Whether the digit at ``pos`` is part of an @handle such as "@user123"."""
    at = text.rfind("@", max(0, pos - 20), pos)
    if at == -1:
        return False
    body = text[at + 1:pos]
    return not body or body.replace("_", "").isalnum()
