"""Properties of redaction on arbitrary text (hypothesis)."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from heartline.redaction import BUILTIN_KINDS, Redactor
from heartline.redaction.checksums import luhn_valid

REDACTOR = Redactor()
# The e-mail shape the property is about (ASCII, as most validators write it).
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Links are kept as they are, digits and all (docs/redaction.md says why).
LINK = re.compile(r"\S*(?:://|www\.)\S*")
RUN = re.compile(r"[0-9]+")
PLACEHOLDER = re.compile(r"\[(?:" + "|".join([*BUILTIN_KINDS, "ORDER", "ACCOUNT"]) + r")\]")


def _luhn_number(length: int, seed: int) -> str:
    rng = random.Random(seed)
    body = "".join(rng.choice("0123456789") for _ in range(length - 1))
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


luhn_numbers = st.builds(_luhn_number, st.integers(13, 19), st.integers(0, 2**32))
grouped_cards = luhn_numbers.map(lambda n: " ".join(n[i:i + 4] for i in range(0, len(n), 4)))
pieces = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789 .-()+/#@:", max_size=12),
    luhn_numbers, grouped_cards, st.emails(),
    st.sampled_from([" ", "\n", "@", "://", "www.", "[EMAIL]", "[PHONE]", "order #", "call ",
                     "+44 20 7946 0958", "GB82 WEST 1234 5698 7654 32", "221B Baker Street"]),
)
texts = st.one_of(st.text(), st.lists(pieces, max_size=10).map("".join))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_never_raises_and_spans_rebuild_the_output(text: str) -> None:
    result = REDACTOR.redact(text)
    rebuilt, pos = [], 0
    for start, end, label in result.spans:
        assert pos <= start < end <= len(text)
        rebuilt += [text[pos:start], f"[{label}]"]
        pos = end
    assert "".join([*rebuilt, text[pos:]]) == result.text == REDACTOR.redact_text(text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_output_has_no_card_number_outside_links(text: str) -> None:
    out = LINK.sub(" ", REDACTOR.redact_text(text))
    assert not [r for r in RUN.findall(out) if 13 <= len(r) <= 19 and luhn_valid(r)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_output_has_no_email_address(text: str) -> None:
    assert EMAIL.search(REDACTOR.redact_text(text)) is None


@settings(max_examples=400, deadline=None)
@given(texts)
def test_redaction_is_idempotent(text: str) -> None:
    once = REDACTOR.redact_text(text)
    assert REDACTOR.redact_text(once) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=10).map("".join).filter(lambda t: "[" not in t and "]" not in t))
def test_placeholders_never_nest(text: str) -> None:
    out = REDACTOR.redact_text(text)
    # Every bracket in the output belongs to exactly one whole placeholder.
    assert "[" not in PLACEHOLDER.sub("", out) and "]" not in PLACEHOLDER.sub("", out)
