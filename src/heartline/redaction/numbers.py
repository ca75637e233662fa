"""Personal data made of digits: payment cards, IPv4 and IPv6 addresses, IBANs.

``numeric`` classifies one *numeric cluster* (digits with the separators phone and card
numbers use, at least seven characters) that ``scan`` found, handing phone numbers to
``phones``; nothing here scans a whole text.
"""

from __future__ import annotations

import ipaddress
import re

from heartline.redaction.checksums import iban_valid, luhn_valid
from heartline.redaction.config import Span
from heartline.redaction.phones import CONTEXT_WORD, phones

_DIGITS = re.compile(r"[0-9]+")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = re.compile(rf"(?<![0-9.])(?:{_OCTET}\.){{3}}{_OCTET}(?![0-9]|\.[0-9])")
_IBAN_HEAD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}")
_IBAN = re.compile(r"[A-Za-z]{2}[0-9]{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*"
                   r"(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3})?(?![\w:])")
_CARD_SEPS = (" ", "-", ".")
_RUN13 = re.compile(r"(?<![0-9])[0-9]{13,19}(?![0-9])")

# A number right after these is an identifier, a price or a handle, not a phone or an IP.
_GLUE_LEFT = frozenset("._-/\\#@$£€¥₹")
_GLUE_RIGHT = frozenset("_%°$£€¥₹@")


# Words that make a dotted quad a version, not an IP: "firmware 10.4.2.1".
_VERSION_WORDS = frozenset(
    ["v", "version", "ver", "build", "firmware", "release", "ios", "android", "update", "patch", "macos", "windows", "os", "app", "plugin", "driver", "bios", "kernel"])


def numeric(text: str, start: int, end: int, kinds: frozenset[str],
            found: list[Span]) -> None:
    """Classify the numeric cluster ``text[start:end]``, appending what it holds to ``found``."""
    # The cluster starts on a digit; a "+" or "(" right before it belongs to a phone number.
    while start and text[start - 1] in "+(" and end - start < 40:
        start -= 1
    chunk = text[start:end]
    groups = [g.span() for g in _DIGITS.finditer(chunk)]
    if "IBAN" in kinds:
        # Every IBAN has a run of digits like this one within a few characters of its
        # country code: "GB82 WEST 1234 5698 7654 32", "NL91ABNA0417164300". Its digits
        # may pass the Luhn check too ("DK50 0040 0440 1162 43"): the IBAN's label wins
        # when the spans are merged.
        for head in _IBAN_HEAD.finditer(text, max(0, start - 12), start + 4):
            span = iban_at(text, head.start())
            if span:
                found.append((*span, "IBAN"))
                break
    if "CARD" in kinds:
        _cards(chunk, groups, start, found)
    if _glued(text, start, end):
        return
    if "IP" in kinds:
        _ipv4(text, chunk, start, found)
    if "PHONE" in kinds:
        phones(text, chunk, groups, start, found)


def query_cards(text: str, start: int, end: int, found: list[Span]) -> None:
    """Card numbers among the digits of a link's query (``?card=4111…``)."""
    for m in _RUN13.finditer(text, start, end):
        if luhn_valid(m.group()):
            found.append((m.start(), m.end(), "CARD"))


def ipv6_near(text: str, pos: int, found: list[Span]) -> None:
    """A valid IPv6 address around ``pos`` (a run of digits followed by colons), if any."""
    for m in _IPV6.finditer(text, max(0, pos - 40), pos + 45):
        if m.start() <= pos < m.end() and m.group().count(":") >= 2:
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            found.append((m.start(), m.end(), "IP"))


def _glued(text: str, start: int, end: int) -> bool:
    """Whether the cluster is part of a larger token (a version, a price, a handle…)."""
    if start and (text[start - 1].isalnum() or text[start - 1] in _GLUE_LEFT):
        return True
    return end < len(text) and (text[end].isalnum() or text[end] in _GLUE_RIGHT)


def _cards(chunk: str, groups: list[tuple[int, int]], offset: int, found: list[Span]) -> None:
    """Luhn-valid 13–19 digit numbers, contiguous or in groups with one separator."""
    i = 0
    while i < len(groups):
        gs, ge = groups[i]
        if 13 <= ge - gs <= 19:
            # Every contiguous run is checked, glued to letters or not: a card number
            # must never survive redaction, whatever surrounds it.
            if luhn_valid(chunk[gs:ge]):
                found.append((offset + gs, offset + ge, "CARD"))
            i += 1
            continue
        if ge - gs != 4:
            i += 1
            continue
        # "4111 1111 1111 1111", "3782 822463 10005": groups after one separator character,
        # starting a run (the middle of "9400 1000 0000 0000 0000 00" is no card).
        before = chunk[groups[i - 1][1]:gs] if i else ""
        if before in _CARD_SEPS and chunk[ge:ge + 1] == before:
            i += 1
            continue
        j, digits, sep, ends = i, 4, "", []
        while j + 1 < len(groups) and digits < 19:
            this_sep = chunk[groups[j][1]:groups[j + 1][0]]
            size = groups[j + 1][1] - groups[j + 1][0]
            if this_sep not in _CARD_SEPS or (sep and this_sep != sep) or size > 6 \
                    or digits + size > 19:
                break
            sep, j, digits = this_sep, j + 1, digits + size
            if digits >= 13:
                ends.append((j, digits))
        for k, _ in reversed(ends):
            if luhn_valid("".join(chunk[a:b] for a, b in groups[i:k + 1])):
                found.append((offset + gs, offset + groups[k][1], "CARD"))
                i = k
                break
        i += 1


def _ipv4(text: str, chunk: str, offset: int, found: list[Span]) -> None:
    for m in _IPV4.finditer(chunk):
        words = CONTEXT_WORD.findall(text, max(0, offset + m.start() - 24), offset + m.start())
        if not any(w.lower() in _VERSION_WORDS for w in words[-2:]):
            found.append((offset + m.start(), offset + m.end(), "IP"))


def iban_at(text: str, start: int) -> tuple[int, int] | None:
    """The span of a valid IBAN beginning at ``start`` (the country code), if there is one.

    The pattern may run into a following word ("… 3000 then"), so shorter prefixes are
    tried until the check digits agree.
    """
    if start and text[start - 1].isalnum():
        return None
    m = _IBAN.match(text, start)
    if not m:
        return None
    ends = [i + 1 for i in range(m.start(), m.end()) if text[i] != " "]
    for count in range(len(ends), 14, -1):
        end = ends[count - 1]
        if end < len(text) and text[end].isalnum():
            continue
        if iban_valid(text[start:end].replace(" ", "")):
            return start, end
    return None
