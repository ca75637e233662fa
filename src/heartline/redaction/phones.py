"""Phone numbers in a numeric cluster: international, national and North American.

Shapes come first (a ``+`` or ``00`` and a country code, a trunk ``0``, the 3-3-4 of
North America); the nearest word before the number settles the doubtful ones: "call",
"tel", "WhatsApp" make a number a phone, "order", "tracking", "version", "$" make it not.
"""

from __future__ import annotations

import re

from heartline.redaction.config import Span

CONTEXT_WORD = re.compile(r"[^\W\d_]+|[#$£€¥₹]")
# Separators inside one phone number: "415 555", "415-555", "(415) 555", "+44 (0)20".
_PHONE_SEP = re.compile(r"[ .-]|[ ]?\([ ]?|[ ]?\)[ .-]?|[ ]-[ ]")


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# The nearest of these before a number (looking through fillers) decides what it is.
_PHONE_WORDS = _words(
    "call called calling phone phoned tel telephone mobile mob cell cellphone whatsapp text "
    "texted sms fax ring dial reach contact landline hotline helpline tlf telefon telefono "
    "teléfono téléphone tél handy appelez ruf anrufen llama chiama número numero nummer "
    "numéro")
_NOT_PHONE_WORDS = _words(
    "order orders tracking track ref reference invoice case ticket account acct flight model "
    "serial sn imei part sku isbn version ver build firmware error code zip postcode "
    "confirmation booking pnr lot id item receipt transaction parcel shipment awb waybill "
    "batch iban bic sort routing card voucher coupon pin otp password $ £ € ¥ ₹")
_FILLER_WORDS = _words(
    "number no nr num is was are my our your his her the a an at on to me us it this of for "
    "in here there please pls plz kindly and or new old # n º")
# Group lengths of North American numbers: 415 555 0132, 1 415 555 0132, 4155550132.
_NANP_SHAPES = frozenset({(3, 3, 4), (1, 3, 3, 4), (10,), (11,), (3, 7), (1, 10), (1, 3, 7)})


def phones(text: str, chunk: str, groups: list[tuple[int, int]], offset: int,
            found: list[Span]) -> None:
    """Phone numbers: international (+ or 00), national with a trunk 0, North American;
    any other 7–15 digit group sequence only after a word such as "call" or "phone"."""
    taken = [False] * len(groups)
    context: int | None = None
    i = 0
    while i < len(groups):
        gs, ge = groups[i]
        before = chunk[groups[i - 1][1]:gs] if i else chunk[:gs]
        first = chunk[gs:ge]
        start = gs - 1 if before.endswith("(") else gs
        if before.endswith("+") or before.endswith("+("):
            j, digits = _grow(chunk, groups, i, 10, 15, loose=True)
            ok, needs_context = 8 <= digits <= 15, False
            start = gs - (2 if before.endswith("+(") else 1)
        elif first.startswith("00") and _country_code_follows(chunk, groups, i):
            j, digits = _grow(chunk, groups, i, 12, 17)
            ok, needs_context = 10 <= digits <= 17, True
        elif first.startswith("0"):
            j, digits = _grow(chunk, groups, i, 9, 12)
            ok = 9 <= digits <= 12 and not _date_like(chunk, groups, i)
            needs_context = True
        else:
            j, digits = _grow(chunk, groups, i, 10, 11)
            ok, needs_context = _nanp(chunk, groups, i, j), True
        if ok and needs_context:
            if context is None:
                context = _context(text, offset + start)
            ok = context >= 0
        if ok:
            found.append((offset + start, offset + groups[j][1], "PHONE"))
            taken[i:j + 1] = [True] * (j + 1 - i)
            i = j + 1
        else:
            i += 1
    if all(taken):
        return
    # Second chance for other shapes ("555-0132", "712 345 678") after a phone word.
    if context is None:
        context = _context(text, offset + groups[0][0])
    if context <= 0:
        return
    i = 0
    while i < len(groups):
        if taken[i]:
            i += 1
            continue
        j, digits = _grow(chunk, groups, i, 7, 15)
        if 7 <= digits <= 15 and not any(taken[i:j + 1]) and not _date_like(chunk, groups, i):
            gs = groups[i][0]
            start = gs - 1 if chunk[gs - 1:gs] in ("(", "+") else gs
            found.append((offset + start, offset + groups[j][1], "PHONE"))
            i = j + 1
        else:
            i += 1


def _grow(chunk: str, groups: list[tuple[int, int]], i: int, target: int,
          most: int, *, loose: bool = False) -> tuple[int, int]:
    """(last group, digit count) of the number that starts at group ``i``.

    Groups are added until ``target`` digits; past it only a group of the same size after
    the same separator continues the number (French "06 12 34 56 78"), so a count that
    follows a phone number ("… 0958 2 items") stays out of it. ``loose`` (international
    numbers, written every which way) also takes groups of three or more up to 13 digits.
    """
    digits = groups[i][1] - groups[i][0]
    j = i
    while j + 1 < len(groups):
        sep = chunk[groups[j][1]:groups[j + 1][0]]
        size = groups[j + 1][1] - groups[j + 1][0]
        if not _PHONE_SEP.fullmatch(sep) or digits + size > most:
            break
        if digits >= target and (
                size != groups[j][1] - groups[j][0]
                or j == i or sep != chunk[groups[j - 1][1]:groups[j][0]]) and not (
                loose and size >= 3 and digits + size <= 13):
            break
        digits += size
        j += 1
    return j, digits


def _date_like(chunk: str, groups: list[tuple[int, int]], i: int) -> bool:
    """Whether groups i, i+1, i+2 read as a date: 02.06.2019, 2019-06-02, 01 02 20."""
    if i + 2 >= len(groups):
        return False
    sizes = tuple(b - a for a, b in groups[i:i + 3])
    sep1 = chunk[groups[i][1]:groups[i + 1][0]]
    sep2 = chunk[groups[i + 1][1]:groups[i + 2][0]]
    if sep1 != sep2:
        return False
    # A fourth group after the same separator makes it a number: "06-12-34-56-78".
    if i + 3 < len(groups) and chunk[groups[i + 2][1]:groups[i + 3][0]] == sep1:
        return False
    if sizes == (4, 2, 2):
        return True
    # "06 12 34 56 78" is a French phone number; "06 12 2020" and "06.12.20" are dates.
    return sizes[0] <= 2 and sizes[1] <= 2 and (sizes[2] == 4 or (sizes[2] == 2 and sep1 != " "))


def _country_code_follows(chunk: str, groups: list[tuple[int, int]], i: int) -> bool:
    """Whether group i is the 00 international prefix and a country code (1-9…) follows."""
    first = chunk[groups[i][0]:groups[i][1]]
    if len(first) > 2:
        return first[2] != "0"
    return i + 1 < len(groups) and chunk[groups[i + 1][0]] != "0"


def _nanp(chunk: str, groups: list[tuple[int, int]], i: int, j: int) -> bool:
    """Whether groups i..j form a North American number with valid area and exchange."""
    if tuple(b - a for a, b in groups[i:j + 1]) not in _NANP_SHAPES:
        return False
    digits = "".join(chunk[a:b] for a, b in groups[i:j + 1])
    if len(digits) == 11:
        if digits[0] != "1":
            return False
        digits = digits[1:]
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def _context(text: str, start: int) -> int:
    """+1 if the nearest word before ``start`` says phone, -1 if it names something else.

    Filler words ("my number is", "no.") are looked through, up to four words back.
    """
    words = CONTEXT_WORD.findall(text, max(0, start - 40), start)
    for word in reversed(words[-4:]):
        word = word.lower()
        if word in _PHONE_WORDS:
            return 1
        if word in _NOT_PHONE_WORDS:
            return -1
        if word not in _FILLER_WORDS:
            return 0
    return 0
