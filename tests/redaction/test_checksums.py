"""Luhn and IBAN mod-97 checks against published test numbers."""

from __future__ import annotations

import pytest

from heartline.redaction.checksums import iban_valid, luhn_valid


@pytest.mark.parametrize(("digits", "valid"), [
    ("4111111111111111", True),   # Visa test number
    ("5500000000000004", True),   # MasterCard test number
    ("378282246310005", True),    # American Express test number
    ("4111111111111112", False),
    ("1234567890123456", False),
    ("0", True),
])
def test_luhn(digits: str, valid: bool) -> None:
    assert luhn_valid(digits) is valid


@pytest.mark.parametrize(("iban", "valid"), [
    ("GB82WEST12345698765432", True),
    ("gb82west12345698765432", True),
    ("DE89370400440532013000", True),
    ("FR1420041010050500013M02606", True),
    ("GB82WEST12345698765433", False),   # wrong check digits
    ("DE8937040044053201300", False),    # German IBANs have 22 characters
    ("GB82 WEST 1234 5698 7654 32", False),  # the caller removes spaces
    ("XX", False),
])
def test_iban(iban: str, valid: bool) -> None:
    assert iban_valid(iban) is valid
