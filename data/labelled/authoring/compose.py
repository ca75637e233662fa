"""Build data/labelled/authored.jsonl from the hand-written scenarios and reply parts.

Run from the repository root: ``.venv/bin/python data/labelled/authoring/compose.py``.
Seeded, so the output is byte-for-byte reproducible. Labels follow from the parts (see
reply_parts.py); over-apologising and ignores-emotion follow the rules in ../README.md.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from handwritten import HANDWRITTEN  # noqa: E402
from reply_parts import (  # noqa: E402
    ACK, BRUSH_OFF, CLOSERS, FEELINGS, GENERIC, GENERIC_ACTION, GENERIC_EXPLORE, MIRROR, NAMES,
    NON_ACTION, OPENERS, OVER, REFUSAL, RUDE, SIGNATURES,
)
from scenarios import NEUTRAL_SCENARIOS, SCENARIOS  # noqa: E402

SEED = 20240611
LICENCE = "Proprietary (heartline project)"
NEGATIVE = {"angry", "frustrated", "disappointed", "anxious", "sad"}
APOLOGY = re.compile(r"\b(sorry|apologi[sz]e[sd]?|apologies|apology|regret)\b", re.I)
BEHAVIOURS = ("explores", "acknowledges_emotion", "mirrors_problem", "takes_action",
              "generic_sympathy", "rude", "over_apologising", "ignores_emotion")
FLAG = {"E": "explores", "A": "acknowledges_emotion", "M": "mirrors_problem", "T": "takes_action",
        "G": "generic_sympathy", "R": "rude"}


def over_apologising(text: str, action: bool, gushing: bool) -> bool:
    """Gushing apology, three or more apologies, or two or more with no action."""
    n = len(APOLOGY.findall(text))
    return gushing or n >= 3 or (n >= 2 and not action)


def labels_for(emotion: str, needed: bool, flags: str, text: str, gushing: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"emotion": emotion, "empathy_needed": needed}
    for b in BEHAVIOURS[:6]:
        out[b] = False
    for f in flags:
        if f in FLAG:
            out[FLAG[f]] = True
    out["over_apologising"] = over_apologising(text, out["takes_action"], gushing or "O" in flags)
    out["ignores_emotion"] = emotion in NEGATIVE and not out["acknowledges_emotion"]
    return out


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class Composer:
    """Fills slots and joins parts into one agent reply, tracking the flags."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, sc: dict[str, Any], feel: tuple[str, str, str]) -> str:
        adj, person, noun = feel
        text = template.format(adj=adj, person=person, noun=noun, problem=sc.get("problem", ""),
                               request=sc.get("request", ""), thing=sc.get("thing", "this"),
                               policy=sc.get("policy", ""), alternative=sc.get("alternative", ""),
                               blame=sc.get("blame", ""), name=self.rng.choice(NAMES))
        return cap(text)

    def reply(self, parts: list[str], *, polite: bool = True) -> str:
        rng = self.rng
        body = " ".join(p for p in parts if p)
        if polite and rng.random() < 0.45:
            body = self.fill(rng.choice(OPENERS), {}, ("", "", "")) + " " + body
        if polite and rng.random() < 0.3:
            body += " " + rng.choice(CLOSERS)
        if rng.random() < 0.5:  # Twitter-style handle and signature, as in the real data
            body = f"@{rng.randint(10000, 999999)} " + body + rng.choice(SIGNATURES)
        return body


def compose_complaint(c: Composer, sc: dict[str, Any], emotion: str, customer: str,
                      archetype: str) -> tuple[str, str, bool, list[dict[str, str]]]:
    """One reply of the given archetype; returns (text, flags, gushing, context)."""
    rng = c.rng
    feel = rng.choice(FEELINGS.get(emotion, FEELINGS["frustrated"]))
    action = rng.choice(sc["actions"])
    explore = rng.choice(sc["explores"] + GENERIC_EXPLORE[:1])
    context: list[dict[str, str]] = []
    gushing = False
    if archetype == "ideal":
        t, f = rng.choice(ACK)
        parts, flags = [c.fill(t, sc, feel), action], f + "T"
        if rng.random() < 0.3:
            parts.insert(1, explore)
            flags += "E"
    elif archetype == "ack_explore":
        t, f = rng.choice([a for a in ACK if "E" not in a[1]])
        parts, flags = [c.fill(t, sc, feel), explore], f + "E"
    elif archetype == "ack_mirror_action":
        t, f = rng.choice([a for a in ACK if a[1] == "A"])
        m, _ = rng.choice(MIRROR)
        parts, flags = [c.fill(t, sc, feel), c.fill(m, sc, feel), action], "AMT"
    elif archetype == "ack_generic_action":
        # Specific acknowledgement plus a formulaic apology: both flags, still acknowledgement.
        t, f = rng.choice([a for a in ACK if a[1] == "A"])
        parts, flags = [rng.choice(GENERIC), c.fill(t, sc, feel), rng.choice(GENERIC_ACTION)], f + "GT"
    elif archetype == "mirror_action":
        m, _ = rng.choice(MIRROR)
        parts, flags = [c.fill(m, sc, feel), action], "MT"
    elif archetype == "generic_action":
        parts, flags = [rng.choice(GENERIC), rng.choice([action] + GENERIC_ACTION)], "GT"
    elif archetype == "generic_only":
        parts, flags = [rng.choice(GENERIC), rng.choice(NON_ACTION)], "G"
    elif archetype == "polite_action":
        parts, flags = [action], "T"
    elif archetype == "explore_only":
        parts, flags = [explore], "E"
    elif archetype == "refusal":
        t, f = rng.choice(REFUSAL)
        parts, flags = [c.fill(t, sc, feel)], f
    elif archetype == "over":
        t, f = rng.choice(OVER)
        parts, flags, gushing = [c.fill(t, sc, feel)], f, True
        r = rng.random()
        if r < 0.3:
            parts.append(rng.choice(NON_ACTION))
        elif r < 0.5:
            parts.append(rng.choice(GENERIC_ACTION))
            flags += "T"
    elif archetype == "rude":
        t = rng.choice(RUDE)
        parts, flags = [c.fill(t, sc, feel)], "R"
        if rng.random() < 0.3:
            parts.append(rng.choice(sc["actions"] + GENERIC_ACTION))
            flags += "T"
        if t.startswith(("As I already", "As stated", "Per my", "Again:", "We've been", "I'm not going", "This is the third")):
            # A repeated answer needs the earlier exchange in context.
            context = [{"role": "customer", "text": customer},
                       {"role": "agent", "text": c.fill(REFUSAL[0][0], sc, feel)}]
    elif archetype == "rude_pair":
        a, b = rng.sample(RUDE, 2)
        parts, flags = [c.fill(a, sc, feel), c.fill(b, sc, feel)], "R"
    elif archetype == "brush_off":
        parts, flags = [rng.choice(BRUSH_OFF)], "R"
    else:
        raise ValueError(archetype)
    polite = "R" not in flags
    return c.reply(parts, polite=polite), flags, gushing, context


ARCHETYPES = {  # weight per archetype for a complaint message
    "ideal": 3, "ack_explore": 1.5, "ack_mirror_action": 1.2, "ack_generic_action": 0.8,
    "mirror_action": 1.5, "generic_action": 1.5, "generic_only": 0.8, "polite_action": 1.5,
    "explore_only": 0.6, "refusal": 1.2, "over": 2.2, "rude": 3.2, "rude_pair": 0.8, "brush_off": 0.6,
}


# Rude answers to plain questions that still give the answer count as action, except these.
RUDE_NO_INFO = {"opening_hours", "thanks_fixed", "praise", "thanks_refund"}
NEUTRAL_RUDE = ["That's not our problem.", "Read the FAQ before messaging us.",
                "Please don't waste our time with this.", "Not sure why you're asking us this."]


def row(idx: int, company: str, context: list[dict[str, str]], customer: str, agent: str,
        labels: dict[str, Any], kind: str) -> dict[str, Any]:
    return {"id": f"heartline-authored:{kind}-{idx:04d}", "source": f"data/labelled/authoring ({kind})",
            "company": company, "context": context, "customer": customer, "agent": agent, "labels": labels,
            "origin": "heartline-authored", "licence": LICENCE,
            "group": kind}


def build() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    c = Composer(rng)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    names, weights = list(ARCHETYPES), list(ARCHETYPES.values())
    for sc in SCENARIOS:
        for emotion, customer in sc["customer"]:
            chosen: list[str] = []
            while len(chosen) < 8:
                a = rng.choices(names, weights)[0]
                if a == "brush_off" and emotion not in {"angry", "frustrated"}:
                    continue
                if chosen.count(a) < 2:
                    chosen.append(a)
            for a in chosen:
                text, flags, gushing, ctx = compose_complaint(c, sc, emotion, customer, a)
                if text in seen:
                    continue
                seen.add(text)
                if ctx:  # the earlier turn is in context; the customer now pushes back
                    customer_now = "That's not good enough. I want this fixed."
                else:
                    customer_now = customer
                lab = labels_for(emotion, True, flags, text, gushing)
                rows.append(row(len(rows), sc["company"], ctx, customer_now, text, lab, sc["key"]))
    for sc in NEUTRAL_SCENARIOS:
        options = [(sc["answer"], "T"), (sc["rude_answer"], "R" if sc["key"] in RUDE_NO_INFO else "RT"),
                   (rng.choice(OPENERS[:6]) + " " + sc["answer"], "T"),
                   (sc["answer"] + " " + rng.choice(CLOSERS), "T"),
                   ("Thanks for reaching out! " + rng.choice(NON_ACTION), ""),
                   (rng.choice(NEUTRAL_RUDE), "R")]
        for text, flags in options:
            if text in seen or (sc["emotion"] != "neutral" and text in NEUTRAL_RUDE):
                continue
            seen.add(text)
            lab = labels_for(sc["emotion"], False, flags, text, False)
            rows.append(row(len(rows), "various", [], sc["customer"], c.reply([text], polite=False), lab, sc["key"]))
    for i, (emotion, needed, customer, agent, flags) in enumerate(HANDWRITTEN):
        lab = labels_for(emotion, needed, flags, agent, "O" in flags)
        rows.append(row(len(rows), "various", [], customer, agent, lab, f"handwritten{i:02d}"))
    return rows


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "authored.jsonl"
    rows = build()
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {b: sum(r["labels"][b] for r in rows) for b in BEHAVIOURS}
    sys.stdout.write(f"{len(rows)} rows -> {out}\n{json.dumps(counts)}\n")


if __name__ == "__main__":
    main()
