"""Customer pseudonyms: stable, keyed, and never a raw id passed through."""

from __future__ import annotations

from heartline.pseudonyms import Pseudonymizer

P = Pseudonymizer(b"k" * 32)


def test_same_customer_same_pseudonym_and_none_stays_none() -> None:
    assert P("Jane@Example.com") == P(" jane@example.com") != P("john@example.com")
    assert P(None) is None
    assert Pseudonymizer(b"x" * 32)("jane@example.com") != P("jane@example.com")


def test_a_pseudonym_passes_through_but_a_raw_id_that_looks_like_one_does_not() -> None:
    made = P("jane@example.com")
    assert made is not None and P(made) == made  # re-importing an export changes nothing
    for raw in ("cust-5521", "cust-jane", "cust-0123456789abcdef"):
        out = P(raw)
        assert out != raw and out is not None and out.startswith("cust-")
