"""Taking the original reply apart: noise, greetings, what to keep, what to rewrite."""

from __future__ import annotations

from heartline.coaching.original import apology_only, read_original
from heartline.conversation import Role
from heartline.criteria import parse_criteria
from heartline.results import MessageReading


def _read(text: str, *flags: str, evidence: dict[str, list[str]] | None = None,
          banned: str | None = None):  # type: ignore[no-untyped-def]
    spans = {k: [(text.index(p), text.index(p) + len(p)) for p in v] for k, v in (evidence or {}).items()}
    reading = MessageReading("a", Role.AGENT, behaviours=dict.fromkeys(flags, True), evidence=spans)
    team = [c for c in parse_criteria(banned).active("flag") if not c.builtin] if banned else []
    return read_original([text], [reading], team)


def test_handles_counters_and_signatures_are_noise() -> None:
    for text, clean in [
        ("@115779 Hi Duncan, please update Lightroom to 6.13 from this link: https://t.co/9vaI  ^Tanuj",
         "Please update Lightroom to 6.13 from this link: https://t.co/9vaI"),
        ("@116410 I will forward this feedback for you.--JV", "I will forward this feedback for you."),
        ("@115838 Please reach out here so we can look into your order 2/2 ^SH",
         "Please reach out here so we can look into your order"),
        ("Send us a DM with your order number. - Nick 3/3", "Send us a DM with your order number."),
    ]:
        original = _read(text, "takes_action")
        assert [s.text for s in original.sentences] == [clean]
    # The link after a signature is usually the "send us a DM" button: it stays.
    kept = _read("Please DM us your tracking number via the link. ^CH https://t.co/wKJHDXWGRQ", "takes_action")
    assert [s.text for s in kept.sentences] == ["Please DM us your tracking number via the link.",
                                                "https://t.co/wKJHDXWGRQ"]


def test_a_named_greeting_is_kept_a_bare_one_dropped() -> None:
    assert _read("@1 Hi Duncan, please update to 6.13.", "takes_action").greeting == "Hi Duncan"
    bare = _read("Hi there, could you try clearing your cache?", "explores")
    assert bare.greeting is None and bare.sentences[0].text == "Could you try clearing your cache?"


def test_tags_from_evidence_and_from_cues() -> None:
    text = "Sorry for the inconvenience. I understand how frustrating a late parcel is. Please DM us."
    original = _read(text, "generic_sympathy", "acknowledges_emotion", "takes_action",
                     evidence={"acknowledges_emotion": ["I understand how frustrating"]})
    tags = [s.tags for s in original.sentences]
    assert "generic_sympathy" in tags[0] and "acknowledges_emotion" in tags[1]
    assert "takes_action" in tags[2]


def test_filler_is_marked() -> None:
    original = _read("Thanks for reaching out! We're happy to help. Is there anything else I can help with?")
    assert all("filler" in s.tags for s in original.sentences)


def test_rude_lead_is_cut_and_blame_dropped() -> None:
    original = _read("As stated before, we need your order number. You should have kept the email.",
                     "rude", "takes_action", evidence={"rude": ["As stated before"]})
    assert [s.text for s in original.sentences] == ["We need your order number."]
    assert original.rude_cut and original.rude_dropped


def test_blame_inside_a_run_on_sentence_is_cut_out() -> None:
    original = _read("Try these steps: https://x.example/help There's nothing more we can do", "takes_action")
    assert [s.text for s in original.sentences] == ["Try these steps: https://x.example/help"]


def test_banned_team_phrases_are_removed() -> None:
    original = _read("That is our policy, but I can offer a voucher.", "takes_action",
                     banned='[criteria.policy]\nkind = "flag"\nstage = "emotional"\n'
                            'phrases = ["that is our policy"]\n')
    assert [s.text for s in original.sentences] == ["But I can offer a voucher."]


def test_apology_only() -> None:
    assert apology_only("I'm so sorry.") and apology_only("Sorry again for everything!")
    assert apology_only("We deeply apologise for any inconvenience this may have caused.")
    assert not apology_only("We're so sorry the call was disconnected!")


def test_an_email_closing_is_kept_apart_and_verbatim() -> None:
    text = ("Dear Raj,\n\nWe apologise for any inconvenience. Please can you confirm your order number."
            "\n\nKind Regards,\nTom B.\nCustomer Service Team")
    original = _read(text, "generic_sympathy", "takes_action",
                     evidence={"mirrors_problem": ["Customer Service Team"]})
    assert original.closing == "Kind Regards,\nTom B.\nCustomer Service Team"
    assert all("Tom B." not in s.text and "Regards" not in s.text for s in original.sentences)
    sorry = _read("Spare parts are on order.\n\nThanks so much and apologies again,\nLena\nHazelby Care")
    assert sorry.closing == "Best wishes,\nLena\nHazelby Care"
    assert _read("Thanks for waiting, I've sent the refund.").closing is None
