"""Validate heartline's conversation scores and coaching suggestions (the figures in docs/validation.md).

1. CSAT: Spearman's ρ (95 % bootstrap interval over conversations) between the
   customer's rating and each score, plain and partial on ``resolved``:
   - the demo corpus (examples/demo; its CSAT is synthetic, see its README);
   - USS (../shared/data/uss, train + dev: real user ratings of MultiWOZ and SGD
     task dialogues; the SYSTEM turns play the agent). No heartline head is fitted
     to these overall ratings.
2. Suggestions: for every agent reply heartline proposes a better reply for,
   the original and the suggestion are scored by the same engine in the same
   context (``Engine.assist``: the open customer turn, then the reply), and the
   share where the suggestion scores higher is reported. Demo corpus and the real
   customer→agent exchanges in ../shared/data/cs_threads.

Run: ``.venv/bin/python scripts/validate_scoring.py [--json OUT]`` (about 3 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.engine import Engine
from heartline.pseudonyms import Pseudonymizer
from heartline.redaction import Redactor
from heartline.scoring.validation import correlate, resolved_dummies
from heartline.services.analysis import conversations_from_file
from heartline.services.importing import Privacy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
MEASURES = ("empathy", "cognitive", "emotional", "compassionate", "experience", "difficulty")


def demo_conversations() -> list[Conversation]:
    privacy = Privacy(redactor=Redactor(), pseudonymize=Pseudonymizer(b"v" * 32))
    return list(conversations_from_file(ROOT / "examples" / "demo" / "conversations.jsonl",
                                        privacy=privacy, format="jsonl"))


def uss_conversations() -> list[tuple[Conversation, float]]:
    out = []
    for split in ("train", "dev"):
        for line in (SHARED / "uss" / f"{split}.jsonl").read_text().splitlines():
            d = json.loads(line)
            msgs = tuple(Message(id=f"{d['id']}-{t['turn']}", text=t["text"],
                                 role=Role.CUSTOMER if t["speaker"] == "USER" else Role.AGENT)
                         for t in d["turns"] if t["text"].strip())
            conv = Conversation(id=d["id"], source="uss", channel=Channel.CHAT, messages=msgs)
            out.append((conv, statistics.fmean(d["overall_satisfaction"])))
    return out


def thread_conversations() -> list[Conversation]:
    out = []
    for line in (SHARED / "cs_threads" / "train.jsonl").read_text().splitlines():
        d = json.loads(line)
        turns = [*d["context"], {"role": "customer", "text": d["customer"]}, {"role": "agent", "text": d["agent"]}]
        msgs = tuple(Message(id=f"m{i}", role=Role(t["role"]), text=t["text"]) for i, t in enumerate(turns))
        out.append(Conversation(id=d["id"], source="cs_threads", channel=Channel.SOCIAL, messages=msgs))
    return out


def csat_table(engine: Engine, pairs: list[tuple[Conversation, float]]) -> dict[str, object]:
    results = list(engine.analyze([c for c, _ in pairs], suggestions=False))
    measures: dict[str, list[float]] = {m: [] for m in MEASURES}
    for r in results:
        for m in MEASURES[:-1]:
            measures[m].append(r.scores[m])
        measures["difficulty"].append(r.experience.difficulty)
    outcome = [y for _, y in pairs]
    resolved = [r.experience.resolved for r in results]
    plain = correlate(measures, outcome)
    partial = correlate(measures, outcome, control=resolved_dummies(resolved))
    return {"n": len(pairs), "plain": [c.to_dict() for c in plain], "partial_on_resolved": [c.to_dict() for c in partial],
            "resolved": {"true": resolved.count(True), "false": resolved.count(False), "unknown": resolved.count(None)}}


def suggestion_rate(engine: Engine, conversations: list[Conversation]) -> dict[str, object]:
    better = same = worse = 0
    deltas: list[float] = []
    stage_better = {"cognitive": 0, "emotional": 0, "compassionate": 0}
    for conv, result in zip(conversations, engine.analyze(conversations, suggestions=True), strict=True):
        for i, reading in enumerate(result.messages):
            if reading.role is not Role.AGENT or not reading.suggestion:
                continue
            before = conv.messages[:i]
            orig = engine.assist(before, conv.messages[i].text).draft.scores
            new = engine.assist(before, reading.suggestion).draft.scores
            d = new["empathy"] - orig["empathy"]
            deltas.append(d)
            better += d > 0
            same += d == 0
            worse += d < 0
            for s in stage_better:
                stage_better[s] += new[s] > orig[s]
    n = len(deltas)
    return {"suggestions": n, "higher": better, "equal": same, "lower": worse,
            "higher_share": round(better / n, 3) if n else None,
            "mean_gain": round(statistics.fmean(deltas), 1) if n else None,
            "higher_by_stage": {k: round(v / n, 3) if n else None for k, v in stage_better.items()}}


def _markdown(report: dict[str, dict[str, object]]) -> str:
    lines = []
    for name in ("demo", "uss"):
        if name not in report:
            continue
        block = report[name]
        lines.append(f"\n### {name} (n = {block['n']}; resolved {block['resolved']})\n")
        lines.append("| score | ρ with CSAT | 95 % CI | partial ρ given resolved | 95 % CI |")
        lines.append("|---|---|---|---|---|")
        for p, q in zip(block["plain"], block["partial_on_resolved"], strict=True):  # type: ignore[call-overload]
            lines.append(f"| `{p['measure']}` | {p['rho']:.3f} | [{p['low']:.3f}, {p['high']:.3f}] "
                         f"| {q['rho']:.3f} | [{q['low']:.3f}, {q['high']:.3f}] |")
    if "suggestions_demo" not in report:
        return "\n".join(lines)
    lines.append("\n### suggestions\n")
    lines.append("| corpus | suggestions | scores higher | equal | lower | mean empathy gain |")
    lines.append("|---|---|---|---|---|---|")
    for name in ("suggestions_demo", "suggestions_cs_threads"):
        s = report[name]
        lines.append(f"| {name.removeprefix('suggestions_')} | {s['suggestions']} | {s['higher']} "
                     f"({s['higher_share']:.1%}) | {s['equal']} | {s['lower']} | {s['mean_gain']:+.1f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--only", choices=("csat", "suggestions"), help="run one half only")
    args = ap.parse_args()
    t0 = time.perf_counter()
    engine = Engine.load()
    demo = demo_conversations()
    report: dict[str, dict[str, object]] = {}
    if args.only != "suggestions":
        report["demo"] = csat_table(engine, [(c, float(c.csat)) for c in demo if c.csat is not None])
        report["uss"] = csat_table(engine, uss_conversations())
    if args.only != "csat":
        report["suggestions_demo"] = suggestion_rate(engine, demo)
        report["suggestions_cs_threads"] = suggestion_rate(engine, thread_conversations())
    print(_markdown(report))
    print(f"\n({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
