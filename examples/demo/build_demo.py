#!/usr/bin/env python3
"""Build heartline's demo corpus from the hand-written banks in this folder.

    python examples/demo/build_demo.py              # rewrite the files here
    python examples/demo/build_demo.py --out DIR    # write them to DIR instead

Writes ``conversations.jsonl`` (native format), ``surveys.csv``,
``scenarios.csv`` (what the generator intended for each conversation) and, if
DIR holds a README.md with the counts markers, refreshes its counts tables.
Stdlib only and seeded: the same command always writes the same bytes, which
``tests/examples/test_demo_corpus.py`` checks.

A plan (scenario, agent, style, mood, outcome, channel, start time) is drawn
for each conversation; ``compose.Writer`` writes its turns; ``Clock`` times
them (business hours, queues, overnight email waits); CSAT and the survey are
then derived from the plan — see README.md for the exact recipe.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the banks sit beside this script

import bank_voices as V  # noqa: E402
from bank_accounts import SCENARIOS as ACCOUNT_SCENARIOS  # noqa: E402
from bank_orders import SCENARIOS as ORDER_SCENARIOS  # noqa: E402
from compose import MAX_TURNS, Dice, Plan, Slots, Turn, Writer  # noqa: E402

SEED = 20250303
N_CONVERSATIONS = 360
FIRST_DAY = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday; UK local time equals UTC until 30 March
N_DAYS = 12                                    # Monday 3 – Friday 14 March 2025
SCENARIOS = ORDER_SCENARIOS + ACCOUNT_SCENARIOS

ISSUE_SHARE = {
    "delivery-status": 0.16, "refund": 0.11, "replacement": 0.12, "complaint": 0.08, "billing": 0.12,
    "account-access": 0.1, "cancellation": 0.09, "how-to": 0.15, "other": 0.07,
}
CHANNELS = {
    "orders": {"chat": 0.33, "email": 0.22, "social": 0.14, "phone": 0.14, "ticket": 0.17},
    "accounts": {"chat": 0.3, "email": 0.24, "social": 0.08, "phone": 0.21, "ticket": 0.17},
}
CHANNEL_OVERRIDE = {
    "bereavement": {"email": 0.5, "phone": 0.35, "ticket": 0.15},
    "hacked-account": {"chat": 0.45, "phone": 0.55},
    "compliment": {"social": 0.5, "email": 0.3, "chat": 0.2},
}
OUTCOMES = {
    "empathic": {"solved": 0.76, "pending": 0.19, "unresolved": 0.05},
    "cold": {"solved": 0.7, "pending": 0.18, "unresolved": 0.12},
    "over": {"solved": 0.45, "pending": 0.33, "unresolved": 0.22},
    "sympathy": {"solved": 0.18, "pending": 0.44, "unresolved": 0.38},
    "rude": {"solved": 0.28, "pending": 0.14, "unresolved": 0.58},
}
DAY_WEIGHT = (1.35, 1.15, 1.0, 1.0, 0.9, 0.45, 0.35)  # Monday … Sunday
OFFICE_HOURS = {8: 1.0, 9: 1.6, 10: 1.8, 11: 1.6, 12: 1.3, 13: 1.4, 14: 1.3, 15: 1.2, 16: 1.0, 17: 0.6}
WAKING_HOURS = {h: (0.4 if h < 8 or h > 21 else 1.0 + (0.5 if h in (12, 13, 19, 20, 21) else 0.0)) for h in range(7, 24)}

# (name, price, kind): E electrical, F flat-pack furniture, U upholstered, K kitchen and hard goods, S soft furnishings.
ITEMS = (
    ("oak bedside table", 129.0, "F"), ("cordless stick vacuum", 179.99, "E"), ("air fryer", 89.99, "E"),
    ("ceramic dinner set", 64.5, "K"), ("memory foam pillow", 34.99, "S"), ("standing desk", 299.0, "F"),
    ("bluetooth speaker", 49.99, "E"), ("coffee grinder", 39.99, "E"), ("glass kettle", 32.0, "E"),
    ("double duvet set", 55.0, "S"), ("wool rug", 149.0, "S"), ("garden bench", 189.0, "F"), ("desk lamp", 28.99, "E"),
    ("cast iron casserole dish", 74.99, "K"), ("velvet armchair", 349.0, "U"), ("bathroom scale", 24.99, "K"),
    ("four-slice toaster", 44.99, "E"), ("kids' bunk bed", 399.0, "F"), ("hand blender", 33.99, "E"),
    ("round wall mirror", 95.0, "K"), ("office chair", 159.0, "F"), ("baby monitor", 89.0, "E"),
    ("electric toothbrush", 59.99, "E"), ("bookcase", 119.0, "F"), ("slow cooker", 42.0, "E"), ("heated towel rail", 69.0, "E"),
    ("set of linen curtains", 79.0, "S"), ("glass storage jars", 26.5, "K"),
)
COLOURS = ("sage green", "charcoal", "oatmeal", "navy", "terracotta", "ivory", "mustard", "dusky pink")
COURIERS = (("ParcelDash", "PD", "track.parceldash.example"), ("Swiftline", "SL", "swiftline.example/track"), ("Northway", "NW", "northway.example/t"))
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def day_name(t: datetime) -> str:
    return t.strftime("%A")


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------- people
def make_customers(d: Dice, n: int) -> list[dict[str, str]]:
    """Fictional customers: reserved e-mail domains, Ofcom drama phone numbers (07700 900xxx)."""
    numbers = list(range(1, 1000))
    ids = sorted(range(100, 9999), key=lambda _: d.u())[:n]
    out = []
    for k in range(n):
        first, last = d.pick(V.FIRST_NAMES), d.pick(V.SURNAMES)
        nn = d.int(1, 99)
        email = d.pick((f"{first}.{last}{nn}", f"{first[0]}{last}", f"{first}{last}{nn}", f"{first}_{last[0]}{nn}")).lower()
        email += "@" + d.pick(V.EMAIL_DOMAINS)
        num = numbers.pop(int(d.u() * len(numbers)))
        phone = d.pick(("07700 900{:03d}", "+44 7700 900{:03d}", "07700900{:03d}", "07700 900 {:03d}")).format(num)
        town, postcode = d.pick(V.TOWNS)
        out.append({
            "id": f"cust-{ids[k]:04d}", "name": first, "surname": last, "email": email,
            "email2": f"{first[0]}.{last}@work.example.org".lower(), "phone": phone,
            "handle": f"{first.lower()}{d.pick(V.SOCIAL_HANDLE_PARTS)}{d.int(1, 99)}",
            "street": f"{d.int(2, 148)} {d.pick(V.STREETS)}", "town": town, "postcode": postcode,
            "habit": d.weighted({"careful": 0.45, "casual": 0.35, "sloppy": 0.2}),
            "caps": "yes" if d.chance(0.4) else "no",
        })
    return out


def make_slots(d: Dice, start: datetime, customer: dict[str, str], scenario: dict[str, Any]) -> Slots:
    """Every value a template may ask for, consistent within one conversation."""
    kinds = scenario.get("items", "EFUKS")
    item, price, _ = d.pick([i for i in ITEMS if i[2] in kinds])
    item2 = d.pick([i for i in ITEMS if i[0] != item])[0]
    colour, colour2 = d.pick(COLOURS), d.pick(COLOURS[::-1])
    if colour2 == colour:
        colour2 = COLOURS[(COLOURS.index(colour) + 3) % len(COLOURS)]
    courier, prefix, site = d.pick(COURIERS)
    late = d.int(2, 5)
    due = start - timedelta(days=late)
    while due.weekday() >= 5:
        due -= timedelta(days=1)
    nxt = start + timedelta(days=1)
    while nxt.weekday() >= 5:
        nxt += timedelta(days=1)
    short = round(price * d.pick((0.1, 0.15, 0.2)), 2)
    tracking = f"{prefix}{d.int(10_000_000, 99_999_999)}GB"
    email = customer["email"]
    return Slots({
        **{k: customer[k] for k in ("name", "surname", "email", "email2", "phone", "street", "town", "postcode")},
        "company": V.COMPANY, "item": item, "item2": item2, "price": f"£{price:.2f}", "colour": colour, "colour2": colour2,
        "order": f"HZ-{d.int(1_000_000, 9_999_999)}", "courier": courier, "tracking": tracking,
        "courier_link": f"https://{site}/{tracking}", "due": day_name(due), "days": WORDS[late + d.int(0, 3)],
        "refund_days": WORDS[d.int(8, 12)],
        "returned_ago": d.pick(("two weeks ago", "ten days ago", "over three weeks ago", "on the 17th of February")),
        "order_date": f"{ordinal((start - timedelta(days=late + 3)).day)} of {(start - timedelta(days=late + 3)).strftime('%B')}",
        "partial": f"{price - short:.2f}", "short": f"{short:.2f}", "sale": f"{price - short:.2f}",
        "discount": f"{price * 0.15:.2f}", "plan": "Hazelby Plus", "plan_price": "£7.99", "plan_year": "£79",
        "charge_date": "1st of March", "cancel_date": d.pick(("10th of February", "14th of February", "20th of February")),
        "renew_date": "1st of April", "promo": d.pick(("SPRING15", "WELCOME15", "HAZEL15")), "card": f"{d.int(1000, 9999)}",
        "iban": "GB82 WEST 1234 5698 7654 32",  # the standard documentation example IBAN
        "ip": f"203.0.113.{d.int(2, 254)}",      # TEST-NET-3, reserved for documentation
        "month": d.pick(("January", "February")), "restock_day": f"the {ordinal(d.int(18, 28))}",
        "next_day": day_name(nxt), "prev_day": day_name(start - timedelta(days=d.int(2, 6))),
        "wrong_street": f"{d.int(2, 90)} {d.pick(V.STREETS)}", "wrong_num": str(d.int(2, 60)),
        "spoken_email": email.replace("@", " at ").replace(".", " dot ").replace("_", " underscore "),
        "hour": str(start.hour), "queue_s": "0", "wait_days": "three",
    })


# ---------------------------------------------------------------------------- time
class Clock:
    """Times the turns of one conversation: live channels in seconds, email in business hours."""

    def __init__(self, d: Dice, channel: str, speed: float) -> None:
        self.d, self.ch, self.speed = d, channel, speed

    def _hours(self, t: datetime) -> tuple[int, int] | None:
        """Opening and closing hour on t's day, or None when closed (social is covered daily)."""
        if self.ch == "social":
            return (8, 20) if t.weekday() < 5 else (9, 17)
        return (8, 18) if t.weekday() < 5 else None

    def _open(self, t: datetime) -> datetime:
        """The first moment at or after t when this channel's agents are working."""
        while True:
            hours = self._hours(t)
            if hours and hours[0] <= t.hour < hours[1]:
                return t
            if hours and t.hour < hours[0]:
                t = t.replace(hour=hours[0], minute=0, second=0)
            else:
                t = (t + timedelta(days=1)).replace(hour=0, minute=0, second=0)
                continue
            return t + timedelta(seconds=self.d.between(60, 2400))  # the morning queue

    def working(self, t: datetime, seconds: float) -> datetime:
        """t plus ``seconds`` of agents' working time."""
        t = self._open(t)
        while True:
            hours = self._hours(t)
            assert hours is not None
            close = t.replace(hour=hours[1], minute=0, second=0)
            if t + timedelta(seconds=seconds) <= close:
                return t + timedelta(seconds=seconds)
            seconds -= (close - t).total_seconds()
            t = self._open(close + timedelta(seconds=1))

    @staticmethod
    def awake(t: datetime, d: Dice) -> datetime:
        """Customers reply between 7:00 and 23:30."""
        if t.hour >= 7 and (t.hour < 23 or t.minute < 30):
            return t
        nxt = t if t.hour < 7 else t + timedelta(days=1)
        return nxt.replace(hour=7, minute=0, second=0) + timedelta(seconds=d.between(0, 3 * 3600))

    def queue(self, t: datetime) -> datetime:
        d, ch = self.d, self.ch
        if ch == "chat":
            secs = min(max(d.lognormal(70, 1.0), 6), 26 * 60)
            if t.weekday() == 0 and t.hour < 12:
                secs *= 1.8  # Monday-morning backlog
            if d.chance(0.04):
                secs = d.between(12 * 60, 28 * 60)
            return t + timedelta(seconds=secs)
        if ch == "social":
            return self.working(t, min(max(d.lognormal(35 * 60, 1.0), 120), 10 * 3600) * self.speed)
        median = 4 * 3600 if ch == "email" else 2.5 * 3600
        secs = min(d.lognormal(median, 0.8), 25 * 3600) * self.speed
        if d.chance(0.1 if ch == "email" else 0.07):
            secs += d.between(1.5, 3) * 10 * 3600  # a backlog: two to three more working days
        return self.working(t, secs)

    def agent(self, t: datetime, gap: str) -> datetime:
        d, ch = self.d, self.ch
        if gap == "late":
            return self.working(t, min(d.lognormal(5 * 3600, 0.8), 25 * 3600) * self.speed)
        if ch == "chat":
            return t + timedelta(seconds=min(max(d.lognormal(50, 0.6), 8), 360) * self.speed)
        if ch == "social":
            return self.working(t, min(max(d.lognormal(20 * 60, 0.9), 120), 5 * 3600) * self.speed)
        return self.working(t, min(d.lognormal(3 * 3600 if ch == "email" else 2 * 3600, 0.8), 20 * 3600) * self.speed)

    def customer(self, t: datetime, gap: str) -> datetime:
        d, ch = self.d, self.ch
        if gap == "burst":
            return t + timedelta(seconds=d.between(4, 25))
        if ch == "chat":
            return t + timedelta(seconds=min(max(d.lognormal(35, 0.6), 5), 300))
        if ch == "social":
            return self.awake(t + timedelta(seconds=min(max(d.lognormal(25 * 60, 1.1), 60), 86400)), d)
        return self.awake(t + timedelta(seconds=min(max(d.lognormal(3 * 3600, 1.1), 600), 3 * 86400)), d)

    def times(self, turns: list[Turn], start: datetime, plan: Plan) -> list[tuple[datetime, float | None, float | None]]:
        """(sent_at, audio_start, audio_end) for each turn."""
        if self.ch == "phone":
            return self._call(turns, start, plan)
        out: list[tuple[datetime, float | None, float | None]] = []
        t, agent_seen = start, False
        for i, turn in enumerate(turns):
            if i > 0:
                if turn.internal:
                    t += timedelta(seconds=self.d.between(30, 1200))
                elif turn.role == "agent":
                    t = self.queue(t) if not agent_seen else self.agent(t, turn.gap)
                elif turn.role == "customer":
                    if turn.gap == "chase":
                        t = self.awake(t + timedelta(days=int(plan.slots["chase_days"]), seconds=self.d.between(0, 6 * 3600)), self.d)
                    else:
                        t = self.customer(t, turn.gap)
                else:
                    t += timedelta(seconds=self.d.between(1, 4) if turn.gap != "transfer" else self.d.between(20, 240))
            agent_seen = agent_seen or (turn.role == "agent" and not turn.internal)
            out.append((t.replace(microsecond=0), None, None))
        return out

    def _call(self, turns: list[Turn], start: datetime, plan: Plan) -> list[tuple[datetime, float | None, float | None]]:
        out: list[tuple[datetime, float | None, float | None]] = []
        answered = start + timedelta(seconds=int(plan.slots["queue_s"]))
        pos = 0.0
        for turn in turns:
            if turn.role == "system":
                out.append((start, None, None))
                continue
            if turn.gap == "hold":
                pos += self.d.between(30, 150)
            seg = max(1.2, len(turn.text.split()) / 2.6)
            a0, a1 = round(pos, 1), round(pos + seg, 1)
            out.append(((answered + timedelta(seconds=a0)).replace(microsecond=0), a0, a1))
            pos += seg + self.d.between(0.3, 1.8)
        return out


def check_banks(slots: Slots) -> None:
    """Fail early on a bank edit that would only break some conversations (bad index, unknown slot)."""
    def strings(x: Any) -> list[str]:
        if isinstance(x, str):
            return [x]
        if isinstance(x, tuple | list):
            return [s for y in x for s in strings(y)]
        if isinstance(x, dict):
            return [s for y in x.values() for s in strings(y)]
        return []

    probe = Slots({**slots, "me": "", "ack": "", "ack_lower": "", "mirror": "", "mirror_cap": "", "blame": "",
                   "blame_lower": "", "core": "", "core_lower": "", "stake": "", "m": "", "team": "", "wait_min": "",
                   "queue": "", "daypart": ""})
    for s in SCENARIOS:
        where = f"scenario {s['key']}"
        for part, allowed in s.get("of", {}).items():
            if len(allowed) != len(s["problem"]) or any(i >= len(s[part]) for a in allowed for i in a):
                raise AssertionError(f"{where}: 'of' map for {part} does not fit its problems and {part}")
        for fix, follows in s.get("after_fix", {}).items():
            if fix >= len(s["fix"]) or any(i >= len(s["follow"]) for i in follows):
                raise AssertionError(f"{where}: after_fix index out of range")
        for text in strings({k: v for k, v in s.items() if k not in ("moods", "of", "after_fix")}):
            text.format_map(probe)
    for name in dir(V):
        if name.isupper():
            for text in strings(getattr(V, name)):
                if "{" in text:
                    text.format_map(probe)


# ---------------------------------------------------------------------------- plans
def start_time(d: Dice, channel: str) -> datetime:
    live = channel in ("chat", "phone")
    while True:
        day = d.int(0, N_DAYS - 1)
        when = FIRST_DAY + timedelta(days=day)
        if live and when.weekday() >= 5:
            continue
        if d.u() * 1.35 > DAY_WEIGHT[when.weekday()]:
            continue
        hour = int(d.weighted({str(h): w for h, w in (OFFICE_HOURS if live else WAKING_HOURS).items()}))
        return when.replace(hour=hour) + timedelta(seconds=d.int(0, 3599))


def draw_scenarios(d: Dice) -> list[tuple[dict[str, Any], str, datetime]]:
    by_issue: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in SCENARIOS:
        by_issue[s["issue"]].append(s)
    drawn = []
    for _ in range(N_CONVERSATIONS):
        issue = d.weighted(ISSUE_SHARE)
        key = d.fresh([s["key"] for s in by_issue[issue]], bank=100)
        scenario = next(s for s in by_issue[issue] if s["key"] == key)
        channel = d.weighted(CHANNEL_OVERRIDE.get(key, CHANNELS[scenario["team"]]))
        drawn.append((scenario, channel, start_time(d, channel)))
    drawn.sort(key=lambda x: x[2])
    return drawn


def plan_one(d: Dice, scenario: dict[str, Any], channel: str, start: datetime, customer: dict[str, str],
             history: list[dict[str, Any]], workload: Counter[str]) -> tuple[Plan, dict[str, Any]]:
    team = scenario["team"]
    # Whoever has taken fewer conversations (for their share) is likelier to get the next one.
    agents = {a: float(p["load"]) / (1 + workload[a] / float(p["load"])) ** 2 for a, p in V.AGENTS.items() if p["team"] == team}
    meta: dict[str, Any] = {"repeat_of": ""}
    earlier = [h for h in history if h["outcome"] != "solved" and h["team"] == team and h["start"] < start - timedelta(hours=20)
               and not h["repeated"]]
    if earlier and d.chance(0.1):
        prev = d.pick(earlier)
        prev["repeated"] = True
        scenario, customer, meta["repeat_of"] = prev["scenario"], prev["customer"], prev["id"]
    agent = d.weighted(agents)
    workload[agent] += 1
    style = d.weighted(V.AGENTS[agent]["styles"])
    mood = d.weighted(scenario["moods"])
    if meta["repeat_of"] and V.MOOD_GROUP[mood] != "hot":
        mood = d.pick(("frustrated", "frustrated", "angry"))
    owed = scenario.get("owed", True)
    outcome = d.weighted(OUTCOMES[style]) if owed else ("solved" if d.chance(0.95) or style != "sympathy" else "pending")
    if not owed and not any(scenario[k][0] for k in ("pending", "refuse")):
        outcome = "solved"
    slots = make_slots(d, start, customer, scenario)
    plan = Plan(scenario=scenario, agent=agent, style=style, mood=mood, outcome=outcome, channel=channel,
                customer=customer, slots=slots, repeat=bool(meta["repeat_of"]), agents=[agent])
    hot = V.MOOD_GROUP[mood] == "hot"
    if channel == "chat":
        plan.bot = d.chance(0.45)
    if channel == "phone":
        q = d.lognormal(150, 0.9) if not (start.weekday() == 0 and start.hour < 12) else d.lognormal(420, 0.7)
        slots["queue_s"] = str(int(min(max(q, 8), 40 * 60)))
    if owed and hot and style in ("rude", "sympathy") and channel in ("chat", "email", "ticket") and d.chance(0.45):
        plan.escalate = "senior" if d.chance(0.5) else "refused"
        plan.outcome = ("solved" if d.chance(0.8) else "pending") if plan.escalate == "senior" else "unresolved"
    elif owed and channel in ("email", "ticket", "social") and d.chance(0.45 if outcome != "solved" else 0.2):
        plan.chase = True
        days = d.int(2, 5)
        slots["chase_days"], slots["wait_days"] = str(days), WORDS[days]
    if channel == "chat" and plan.outcome == "unresolved" and style in ("rude", "sympathy", "cold") and d.chance(0.3):
        plan.abandon = True
    slots.setdefault("chase_days", "0")
    return plan, meta


# ---------------------------------------------------------------------------- CSAT and surveys
STYLE_BASE = {"empathic": 4.5, "cold": 3.7, "over": 3.4, "sympathy": 2.6, "rude": 1.7}
OUTCOME_SHIFT = {"solved": 0.4, "pending": -0.4, "unresolved": -1.1}


def csat_for(d: Dice, plan: Plan, first_wait: float | None) -> int:
    """The recipe written up in README.md: style + outcome + waits + noise."""
    base = STYLE_BASE[plan.style]
    if plan.escalate == "senior":
        base = 3.6
    if not plan.scenario.get("owed", True):
        base = 2.6 if plan.style == "rude" else max(base, 3.9)
    x = base + OUTCOME_SHIFT[plan.outcome]
    if first_wait is not None and first_wait > (600 if plan.channel == "chat" else 24 * 3600):
        x -= 0.5
    if plan.repeat:
        x -= 0.3
    x += 0.6 * d.normal()
    return int(min(5, max(1, round(x))))


def survey_for(d: Dice, plan: Plan, csat: int, ended: datetime, cid: str) -> dict[str, str]:
    owed = plan.scenario.get("owed", True)
    style = "empathic" if plan.escalate == "senior" else plan.style
    good = plan.outcome == "solved" or (style == "empathic" and plan.outcome == "pending")
    verdict = "good" if good else "bad"
    group = V.MOOD_GROUP[plan.mood] if style == "empathic" and good else "any"
    if not owed:
        key = ("howto", "rude" if style == "rude" else "any", "good")
    else:
        key = (group, style, verdict)
    feeling = d.pick(V.FEELING[key]) if d.chance(0.92) else ""
    ckey = ("howto", "good") if not owed and style != "rude" else (style, verdict)
    comment = d.pick(V.COMMENT[ckey]) if d.chance(0.5) else ""
    comment = comment.format(me=V.AGENTS[plan.agents[-1]]["first"], email=plan.slots["email"])
    lo, hi = {1: (0, 3), 2: (1, 5), 3: (4, 7), 4: (6, 9), 5: (8, 10)}[csat]
    nps = str(d.int(lo, hi)) if d.chance(0.9) else ""
    submitted = ended + timedelta(seconds=d.lognormal(3 * 3600, 1.2) + 300)
    return {"conversation_id": cid, "csat": str(csat), "nps": nps, "comment": comment, "feeling": feeling, "submitted_at": iso(submitted)}


# ---------------------------------------------------------------------------- assembly
def build() -> tuple[list[dict[str, Any]], list[dict[str, str]], list[dict[str, str]]]:
    """The conversations, survey rows and scenario rows, in that order."""
    d = Dice(SEED)
    customers = make_customers(d, N_CONVERSATIONS)
    check_banks(make_slots(Dice(0), FIRST_DAY, customers[0], SCENARIOS[0]))
    conversations, surveys, scenarios = [], [], []
    history: list[dict[str, Any]] = []
    workload: Counter[str] = Counter()
    for i, (scenario, channel, start) in enumerate(draw_scenarios(d), start=1):
        cid = f"demo-{i:04d}"
        plan, meta = plan_one(d, scenario, channel, start, customers[i - 1], history, workload)
        turns = Writer(plan, d).write()
        if not 2 <= len(turns) <= MAX_TURNS:
            raise AssertionError(f"{cid} has {len(turns)} turns")
        clock = Clock(d, channel, float(V.AGENTS[plan.agent]["speed"]))
        stamps = clock.times(turns, start, plan)
        messages = []
        for k, (turn, (sent, a0, a1)) in enumerate(zip(turns, stamps, strict=True), start=1):
            m: dict[str, Any] = {"id": f"{cid}-{k:02d}", "role": turn.role, "text": turn.text}
            if turn.author:
                m["author"] = turn.author
            m["sent_at"] = iso(sent)
            if turn.internal:
                m["internal"] = True
            if a0 is not None:
                m["audio_start"], m["audio_end"] = a0, a1
            messages.append(m)
        first_wait = first_response(turns, stamps)
        tags = [plan.scenario["issue"]] + (["repeat-contact"] if plan.repeat else []) + (["escalated"] if plan.escalate == "senior" else [])
        conv: dict[str, Any] = {
            "id": cid, "source": "demo", "channel": channel, "started_at": iso(stamps[0][0]), "ended_at": iso(max(s[0] for s in stamps)),
            "team": V.TEAMS[plan.scenario["team"]], "agent_ids": plan.agents, "customer": plan.customer["id"], "tags": tags,
            "outcome": plan.outcome,
        }
        csat = csat_for(d, plan, first_wait)
        has_csat = d.chance(0.86)
        if has_csat:
            conv["csat"] = csat
        conv["messages"] = messages
        conversations.append(conv)
        if has_csat and d.chance(0.7):
            surveys.append(survey_for(d, plan, csat, max(s[0] for s in stamps), cid))
        scenarios.append({
            "conversation_id": cid, "agent": plan.agent, "team": conv["team"], "channel": channel, "issue": plan.scenario["issue"],
            "scenario": plan.scenario["key"], "style": plan.style, "customer_mood": plan.mood, "outcome": plan.outcome,
            "empathy_owed": "yes" if plan.scenario.get("owed", True) else "no", "bot": "yes" if plan.bot else "no",
            "escalated_to": plan.agents[1] if len(plan.agents) > 1 else "", "repeat_of": meta["repeat_of"],
            "first_response_s": "" if first_wait is None else str(int(first_wait)), "csat_drawn": str(csat),
        })
        history.append({"id": cid, "scenario": plan.scenario, "customer": plan.customer, "outcome": plan.outcome,
                         "team": plan.scenario["team"], "start": start, "repeated": False})
    return conversations, surveys, scenarios


def first_response(turns: list[Turn], stamps: list[tuple[datetime, float | None, float | None]]) -> float | None:
    """Seconds from the first customer message to the next public agent message."""
    since = None
    for turn, (t, _, _) in zip(turns, stamps, strict=True):
        if turn.role == "customer" and since is None:
            since = t
        elif turn.role == "agent" and not turn.internal and since is not None:
            return (t - since).total_seconds()
    return None


def to_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


# ---------------------------------------------------------------------------- README counts
START_MARK, END_MARK = "<!-- counts:start (written by build_demo.py) -->", "<!-- counts:end -->"


def counts_markdown(conversations: list[dict[str, Any]], surveys: list[dict[str, str]], scenarios: list[dict[str, str]]) -> str:
    styles = list(V.STYLE_NAMES)
    n_msgs = sum(len(c["messages"]) for c in conversations)
    lines = [
        f"{len(conversations)} conversations, {n_msgs} messages, {len(V.AGENTS)} agents in {len(V.TEAMS)} teams, "
        f"{sum('csat' in c for c in conversations)} with CSAT, {len(surveys)} survey answers.",
        "",
        "Service style per agent (the generator's intent for each conversation, from `scenarios.csv`):",
        "",
        "| agent | team | " + " | ".join(styles) + " | total | solved | pending | unresolved | mean CSAT |",
        "|---|---|" + "---|" * (len(styles) + 5),
    ]
    csat: dict[str, int | None] = {c["id"]: c.get("csat") for c in conversations}
    for agent, persona in V.AGENTS.items():
        rows = [r for r in scenarios if r["agent"] == agent]
        by_style = Counter(r["style"] for r in rows)
        outcomes = Counter(r["outcome"] for r in rows)
        scores = [x for r in rows if (x := csat[r["conversation_id"]]) is not None]
        mean = f"{sum(scores) / len(scores):.2f}" if scores else "–"
        lines.append(f"| {agent} | {V.TEAMS[str(persona['team'])]} | " + " | ".join(str(by_style[s]) for s in styles)
                     + f" | {len(rows)} | {outcomes['solved']} | {outcomes['pending']} | {outcomes['unresolved']} | {mean} |")
    escalated = Counter(r["escalated_to"] for r in scenarios if r["escalated_to"])
    lines += ["", "Conversations taken over by a senior agent: " + ", ".join(f"{a} {n}" for a, n in sorted(escalated.items())) + "."]
    for title, key in (("channel", "channel"), ("issue", "issue"), ("customer mood at the start", "customer_mood"), ("outcome", "outcome")):
        c = Counter(r[key] for r in scenarios)
        lines += ["", f"By {title}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) + "."]
    extras: Counter[str] = Counter()
    for r in scenarios:
        extras["bot hand-off"] += r["bot"] == "yes"
        extras["repeat contact"] += bool(r["repeat_of"])
        extras["no empathy owed (how-to, praise)"] += r["empathy_owed"] == "no"
    lines += ["", "Also: " + ", ".join(f"{k} {v}" for k, v in extras.items()) + "."]
    return "\n".join(lines)


def refresh_readme(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START_MARK, 1)
    _, tail = rest.split(END_MARK, 1)
    path.write_text(f"{head}{START_MARK}\n{block}\n{END_MARK}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: beside this script)")
    args = parser.parse_args(argv)
    conversations, surveys, scenarios = build()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    jsonl = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in conversations)
    (out / "conversations.jsonl").write_text(jsonl, encoding="utf-8")
    (out / "surveys.csv").write_text(to_csv(surveys), encoding="utf-8")
    (out / "scenarios.csv").write_text(to_csv(scenarios), encoding="utf-8")
    readme = out / "README.md"
    if readme.exists() and START_MARK in readme.read_text(encoding="utf-8"):
        refresh_readme(readme, counts_markdown(conversations, surveys, scenarios))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
