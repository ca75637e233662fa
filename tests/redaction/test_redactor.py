"""The redactor on hand-picked texts: what it finds, what it leaves, and its API."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from heartline.errors import ConfigError
from heartline.redaction import IdPattern, Redacted, RedactionConfig, Redactor

REDACTOR = Redactor()


@pytest.mark.parametrize(("text", "expected"), [
    ("mail jane.doe@example.com please", "mail [EMAIL] please"),
    ("I typed mark@example.com. by mistake", "I typed [EMAIL]. by mistake"),
    ("Call me back on +44 20 7946 0958 after 5pm", "Call me back on [PHONE] after 5pm"),
    ("My number is (415) 555-0132, text is fine", "My number is [PHONE], text is fine"),
    ("reach me at 415.555.0132", "reach me at [PHONE]"),
    ("Ruf mich an: +49 30 901820", "Ruf mich an: [PHONE]"),
    ("phone 0044 20 7946 0958 (UK)", "phone [PHONE] (UK)"),
    ("Appelez-moi au 06 12 34 56 78 svp", "Appelez-moi au [PHONE] svp"),
    ("call me at 555-0132 tonight", "call me at [PHONE] tonight"),
    ("My card 4111 1111 1111 1111 was charged", "My card [CARD] was charged"),
    ("Amex 3782 822463 10005 declined", "Amex [CARD] declined"),
    ("card 4111.1111.1111.1111 exp 04/26", "card [CARD] exp 04/26"),
    ("refund to GB82 WEST 1234 5698 7654 32 thanks", "refund to [IBAN] thanks"),
    ("IBAN DE89370400440532013000.", "IBAN [IBAN]."),
    ("My IP is 192.168.1.254 and", "My IP is [IP] and"),
    ("IPv6 2001:db8:85a3::8a2e:370:7334 is assigned", "IPv6 [IP] is assigned"),
    ("send it to 221B Baker Street, London NW1 6XE today", "send it to [ADDRESS] today"),
    ("Deliver to 1600 Amphitheatre Pkwy", "Deliver to [ADDRESS]"),
    ("My address is 12 rue de la Paix, 75002 Paris", "My address is [ADDRESS]"),
    ("Wohne in der Hauptstraße 5, bitte", "Wohne in der [ADDRESS], bitte"),
    ("Where is my order #123456789?", "Where is my order #[ORDER]?"),
    ("order number: AB-1234-5678", "order number: [ORDER]"),
    ("account 12345678 was charged twice", "account [ACCOUNT] was charged twice"),
])
def test_finds_personal_data(text: str, expected: str) -> None:
    assert REDACTOR.redact_text(text) == expected


@pytest.mark.parametrize("text", [
    "The price went from $1,299.99 to $1,499.99 overnight",
    "Delivery was promised for 2019-06-02 between 10:30 and 14:45",
    "I paid £49.99 on 12/03/2020 and €1.234,56 on 02.06.2019",
    "Updated to iOS 13.3.1, version 11.1.1 still has the bug",
    "Firmware 8.5.50.916 broke my router; plugin 1.2.3.4.5 too",
    "Flight BA 117 was delayed 3 hours, LH400 too",
    "I ordered 12 units and got 10",
    "My zip is 90210, why can't you deliver?",
    "The tracking number 1Z999AA10123456784 shows nothing",
    "tracking number 4155550132 is not a phone here",
    "I have 4111 1111 1111 1112 written on a note",
    "See https://example.com/orders/123456789?ref=2020 for details",
    "Check https://twitter.com/AmazonHelp/status/1156708223359115264 please",
    "@AmazonHelp @115821 hi, I'm @user123 – see you",
    "Error -2147024891 in the installer",
    "I bought 2 Street Fighter games and 3 Road Runner figures",
])
def test_leaves_what_is_not_personal(text: str) -> None:
    assert REDACTOR.redact_text(text) == text


def test_spans_point_into_the_original_text() -> None:
    text = "Hi 😀, mail jo@example.com or call +44 20 7946 0958; card 4111111111111111"
    result = REDACTOR.redact(text)
    assert [(text[s:e], label) for s, e, label in result.spans] == [
        ("jo@example.com", "EMAIL"), ("+44 20 7946 0958", "PHONE"),
        ("4111111111111111", "CARD")]
    assert result.counts == {"EMAIL": 1, "PHONE": 1, "CARD": 1}
    assert result.text == REDACTOR.redact_text(text)
    assert result.text == "Hi 😀, mail [EMAIL] or call [PHONE]; card [CARD]"


def test_offsets_stay_right_over_a_long_non_ascii_text() -> None:
    text = "Grüße 😀 4111111111111111, " * 60 + "ruf +49 30 901820 an"
    result = REDACTOR.redact(text)
    assert [text[s:e] for s, e, _ in result.spans] == ["4111111111111111"] * 60 + [
        "+49 30 901820"]
    assert result.text == "Grüße 😀 [CARD], " * 60 + "ruf [PHONE] an"
    assert hash(result) == hash(REDACTOR.redact(text))


def test_nothing_found_returns_the_same_text() -> None:
    text = "Thanks for the quick help!"
    assert REDACTOR.redact(text) == Redacted(text)
    assert REDACTOR.redact_text(text) is text


def test_links_are_kept_but_not_an_email_or_a_card_in_them() -> None:
    text = ("see https://shop.example.com/o/4111111111111111/x?card=4111111111111111"
            "&mail=jo@example.com")
    assert REDACTOR.redact_text(text) == (
        "see https://shop.example.com/o/4111111111111111/x?card=[CARD]&mail=[EMAIL]")


def test_a_card_number_glued_to_letters_is_still_redacted() -> None:
    assert REDACTOR.redact_text("ref:x4111111111111111y") == "ref:x[CARD]y"


def test_kinds_can_be_turned_off() -> None:
    redactor = Redactor(RedactionConfig(kinds=frozenset({"EMAIL"}), id_patterns=()))
    text = "jo@example.com, +44 20 7946 0958, order #123456789"
    assert redactor.redact_text(text) == "[EMAIL], +44 20 7946 0958, order #123456789"
    assert Redactor(RedactionConfig().with_kinds(["PHONE"])).redact_text(text) == (
        "jo@example.com, [PHONE], order #[ORDER]")


def test_extra_patterns_add_labels() -> None:
    config = RedactionConfig(extra_patterns=(
        ("TICKET", r"\bTKT-[0-9]{5}\b"),
        IdPattern("CASE", r"(?i)\bcase\s*#?\s*(?P<id>[0-9]{5,})", keywords=("case",)),
    ))
    redactor = Redactor(config)
    assert redactor.redact_text("ticket TKT-55512, Case #00123456 still open") == (
        "ticket [TICKET], Case #[CASE] still open")


def test_an_extra_pattern_without_digits_runs_on_every_text_but_not_in_links() -> None:
    redactor = Redactor(RedactionConfig(extra_patterns=(("NAME", r"John_?Smith"),)))
    assert redactor.redact_text("I am JohnSmith, see https://x.example/John_Smith") == (
        "I am [NAME], see https://x.example/John_Smith")


@pytest.mark.parametrize(("config", "words"), [
    (lambda: RedactionConfig(kinds=frozenset({"EMAIL", "NAMES"})), "NAMES"),
    (lambda: RedactionConfig(extra_patterns=(("ticket", r"T[0-9]+"),)), "'ticket'"),
    (lambda: RedactionConfig(extra_patterns=(("TICKET", r"T[0-9"),)), "TICKET"),
    (lambda: RedactionConfig(extra_patterns=(IdPattern("T", "T1", keywords=("Case",)),)),
     "lower-case"),
    (lambda: RedactionConfig(extra_patterns=("TICKET",)), "(label, regex)"),  # type: ignore[arg-type]
])
def test_bad_configuration_says_what_is_wrong(config: object, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Redactor(config())  # type: ignore[operator]


def test_placeholders_in_the_input_are_left_alone() -> None:
    redactor = Redactor(RedactionConfig(extra_patterns=(("WORD", r"[A-Z]{4,}"),)))
    assert redactor.redact_text("[EMAIL] and [PHONE] but HELLO") == "[EMAIL] and [PHONE] but [WORD]"


def test_redaction_is_repeated_until_nothing_changes() -> None:
    # A first pass sees no phone word before "555-0132"; once the number before it is
    # "[PHONE]", a second pass does, and redacting the result again changes nothing.
    text = "+44 20 7946 0958 and 555-0132"
    assert REDACTOR.redact(text).spans == ((0, 16, "PHONE"), (21, 29, "PHONE"))
    assert REDACTOR.redact_text("[PHONE] and [PHONE]") == "[PHONE] and [PHONE]"


def test_one_redactor_serves_many_threads() -> None:
    texts = [f"mail user{i}@example.com or call +44 20 7946 {i:04d}" for i in range(200)]
    expected = [REDACTOR.redact_text(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(REDACTOR.redact_text, texts * 3)) == expected * 3


def test_lone_surrogates_and_odd_whitespace_do_not_break_it() -> None:
    text = "\ud800 call\u00a0+44 20 7946 0958\u2028and \udfff jo@example.com"
    assert REDACTOR.redact_text(text) == "\ud800 call\u00a0[PHONE]\u2028and \udfff [EMAIL]"
