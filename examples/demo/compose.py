"""Writing one demo conversation: from a plan to the texts of its turns.

``build_demo.py`` decides *what* happens in a conversation (scenario, agent,
service style, customer mood, outcome, channel); ``Writer`` here decides what
everyone says, drawing from the phrase banks, and returns ``Turn`` objects
whose ``gap`` tells the timing pass what kind of wait precedes each one.

Randomness comes only from ``Dice`` (built on ``random.random()``, whose
sequence is stable across Python versions), so a seed fixes every byte.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import bank_voices as V

T = TypeVar("T")

MAX_TURNS = 14
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_GREETING = re.compile(r"^(hi there|hiya|hi|hello)[,!.]?\s+", re.IGNORECASE)


class Dice:
    """Seeded choices. ``fresh`` spreads picks over a bank so no line is overused."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._used: dict[tuple[int, str], int] = {}

    def u(self) -> float:
        return self._rng.random()

    def chance(self, p: float) -> bool:
        return self.u() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.u() * len(seq))]

    def fresh(self, seq: Sequence[str], bank: int = 0) -> str:
        """A line from ``seq`` among the least used so far (real people rarely repeat themselves)."""
        least = min(self._used.get((bank, s), 0) for s in seq)
        pool = [s for s in seq if self._used.get((bank, s), 0) <= least]
        choice: str = self.pick(pool)
        self._used[(bank, choice)] = self._used.get((bank, choice), 0) + 1
        return choice

    def weighted(self, weights: dict[str, float]) -> str:
        x = self.u() * sum(weights.values())
        for key, w in weights.items():
            x -= w
            if x < 0:
                return key
        return key

    def between(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * self.u()

    def int(self, lo: int, hi: int) -> int:
        return lo + int(self.u() * (hi - lo + 1))

    def normal(self) -> float:
        """A standard normal draw (Box–Muller from two uniforms, so only random() is used)."""
        return math.sqrt(-2.0 * math.log(1.0 - self.u())) * math.cos(2.0 * math.pi * self.u())

    def lognormal(self, median: float, sigma: float) -> float:
        return median * math.exp(sigma * self.normal())


class Slots(dict[str, str]):
    """Template values; a missing one is a bug in the bank, so say which."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"template slot {{{key}}} has no value")


@dataclass
class Turn:
    role: str
    text: str
    author: str | None
    gap: str
    internal: bool = False


@dataclass
class Plan:
    scenario: dict[str, Any]
    agent: str
    style: str
    mood: str
    outcome: str
    channel: str
    customer: dict[str, str]
    slots: Slots
    bot: bool = False
    repeat: bool = False
    escalate: str = ""        # "", "refused" or "senior"
    chase: bool = False
    abandon: bool = False
    agents: list[str] = field(default_factory=list)


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def low(s: str) -> str:
    """Lower-case the first letter unless the first word is 'I…', a name or an acronym."""
    first = s.split(" ", 1)[0]
    if first in ("I", "I'm", "I've", "I'll", "I'd") or (len(first) > 1 and first[:2].isupper()) or first.startswith(V.COMPANY):
        return s
    return s[:1].lower() + s[1:]


def join(*parts: str) -> str:
    """Sentences joined with spaces; a part without closing punctuation gets a full stop."""
    kept = [p.strip() for p in parts if p and p.strip()]
    out = []
    for i, p in enumerate(kept):
        if i < len(kept) - 1 and p[-1] not in ".!?:—,😊🙃":
            p += "."
        out.append(p)
    return re.sub(r"\s{2,}", " ", " ".join(out)).strip()


class Writer:
    """Writes the turns of one planned conversation."""

    def __init__(self, plan: Plan, dice: Dice) -> None:
        self.p, self.d = plan, dice
        self.s = plan.scenario
        self.owed = bool(self.s.get("owed", True))
        self.turns: list[Turn] = []
        self.me = plan.agent
        self.case = 0               # which of the scenario's problem phrasings the customer used
        self.stake: tuple[str, str] = ("", "")
        self.known = False          # the customer already gave order/account details
        self.tag = "curt_tag"       # what the rude opener said, for the reaction
        self.hot = V.MOOD_GROUP[plan.mood] == "hot"
        self.closer: str | None = None   # the senior agent who took over, if any
        self.fix_used = -1          # which of the scenario's fixes the agent gave
        self.habits: dict[str, tuple[str, bool]] = {}  # each agent's e-mail greeting and sign-off, kept per thread

    # -- helpers ---------------------------------------------------------------
    def f(self, template: str, **extra: str) -> str:
        slots = Slots(self.p.slots)
        slots["me"] = str(V.AGENTS[self.me]["first"])
        slots.update(extra)
        return template.format_map(slots)

    def opt(self, part: str) -> list[Any]:
        """The entries of a scenario part that fit the customer's problem phrasing."""
        entries = [e for e in self.s[part] if e]
        allowed = self.s.get("of", {}).get(part)
        if allowed is not None:
            entries = [self.s[part][i] for i in allowed[self.case] if self.s[part][i]]
        after = self.s.get("after_fix", {}).get(self.fix_used)
        if part == "follow" and after is not None:  # follow-ups must fit the fix that was given
            entries = [e for e in entries if self.s["follow"].index(e) in after]
        return entries

    def room(self, n: int, reserve: int = 1) -> bool:
        return len(self.turns) + n + reserve <= MAX_TURNS

    def add(self, role: str, text: str, gap: str, *, author: str | None = None, internal: bool = False) -> None:
        if role == "customer":
            author = self.p.customer["id"]
        elif role == "agent" and author is None:
            author = self.me
        self.turns.append(Turn(role, text, author, gap, internal))

    # -- customers ---------------------------------------------------------------
    def casual(self, text: str) -> str:
        """How this customer types: careful customers are left alone."""
        habit, ch = self.p.customer["habit"], self.p.channel
        if ch == "phone":
            return text.replace("!!", "!").replace(" 😊", "").replace("😊", "").strip()
        if habit == "careful" or (ch in ("email", "ticket") and habit != "sloppy"):
            return text
        words = text.split(" ")
        if habit == "sloppy":
            words = [w if any(c.isdigit() for c in w) or "@" in w else w.lower() for w in words]
            words = [w.replace("'", "") if w not in ("we'll", "i'll", "she'll", "he'll", "it'll") else w for w in words]
            words = ["u" if w == "you" and self.d.chance(0.4) else w for w in words]
            if self.d.chance(0.6):
                words = self._typo(words)
        elif self.d.chance(0.5):
            words[0] = low(words[0])
        out = " ".join(words)
        if out.endswith(".") and self.d.chance(0.6):
            out = out[:-1]
        if self.p.mood == "angry" and self.p.customer["caps"] == "yes" and self.d.chance(0.35):
            parts = _SENTENCE_END.split(out)
            i = self.d.int(0, len(parts) - 1)
            if not any(c.isdigit() or c == "@" for c in parts[i]):
                parts[i] = parts[i].upper()
            out = " ".join(parts)
        return out

    def _typo(self, words: list[str]) -> list[str]:
        spots = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if not spots:
            return words
        i = self.d.pick(spots)
        w = words[i]
        j = self.d.int(1, len(w) - 3)
        kind = self.d.u()
        if kind < 0.5:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif kind < 0.75:
            w = w[:j] + w[j + 1:]
        else:
            w = w[:j] + w[j] + w[j:]
        return [*words[:i], w, *words[i + 1:]]

    def say(self, text: str, gap: str = "cust") -> None:
        """A customer message, typed the way this customer types."""
        text = text.strip()
        if not text:
            return
        if self.p.channel == "email" and len(text) > 60 and self.d.chance(0.5):
            text = f"{text}\n\n{self.f(self.d.pick(('{name}', 'Thanks, {name}', '{name} {surname}', 'Thanks')))}"
        self.add("customer", self.casual(text), gap)

    def opener(self) -> None:
        d, s, ch = self.d, self.s, self.p.channel
        indices = list(range(len(s["problem"])))
        if ch in ("chat", "social"):
            short = [i for i in indices if len(s["problem"][i]) < 110]
            if short and d.chance(0.6):
                indices = short
        template = d.fresh([s["problem"][i] for i in indices], bank=1)
        self.case = s["problem"].index(template)
        problem = self.f(template)
        if "{order}" in template or "{email}" in template:
            self.known = True
        lead = self.f(d.fresh(V.MOOD_LEAD[self.p.mood], bank=2)) if d.chance(0.7) and not self.p.repeat else ""
        tail = self.f(d.fresh(V.MOOD_TAIL[self.p.mood], bank=3)) if d.chance(0.85 if self.hot else 0.6) else ""
        if ch == "email" and tail.startswith("Thanks"):
            tail = ""  # the sign-off thanks them already
        stakes = [x for x in self.opt("stakes") if x[0]]
        if self.owed and stakes and d.chance(0.45):
            stake = d.pick(stakes)
            self.stake = (self.f(stake[0]), self.f(stake[1]))
        repeat = self.f(d.pick(V.REPEAT_LEAD)) if self.p.repeat else ""
        if repeat or lead:  # "Hi, …" only ever opens a message
            problem = cap(_GREETING.sub("", problem, count=1))
        body = join(repeat, lead, problem, self.stake[0], tail)
        needs = s["needs"]
        details = ""
        if needs != "none" and not self.known and d.chance({"email": 0.6, "ticket": 0.7, "chat": 0.25, "social": 0.1, "phone": 0.0}[ch]):
            self.known = True
            details = self.f(d.fresh(V.DETAILS[needs], bank=4))
            details = details if "@" in details.split(" ")[0] else cap(details)
        hi = d.pick(V.CUSTOMER_HI.get(ch, ("",)))
        if hi:
            body = _GREETING.sub("", body, count=1)
            body = cap(body)
        if ch == "email":
            bye = self.f(d.fresh(V.CUSTOMER_BYE, bank=5))
            parts = [self.f(hi), body, join(details) if details else "", bye]
            self.add("customer", "\n\n".join(x for x in parts if x), "start")
        elif ch == "ticket":
            if d.chance(0.5):
                form = f"Topic: {s['issue'].replace('-', ' ').capitalize()}\n"
                if needs == "order" or self.known:
                    form += f"Order number: {self.p.slots['order']}\n"
                form += f"Email: {self.p.slots['email']}\n\nMessage:\n{_GREETING.sub('', body, count=1)}"
                self.known = self.known or needs in ("order", "account")
                self.add("customer", form, "start")
            else:
                self.add("customer", "\n\n".join(x for x in [hi, body, join(details) if details else ""] if x), "start")
        elif ch == "phone":
            filler = d.pick(V.PHONE_FILLER)
            spoken = f"{filler} {low(_GREETING.sub('', body, count=1))}"
            if "um" not in filler and d.chance(0.3):
                spoken = spoken.replace(", ", ", um, ", 1)
            self.say(spoken, "cust")
        else:
            gap = "start" if not self.turns else "cust"
            if ch == "social":
                body = f"{V.HANDLE} {body}" if d.chance(0.8) else f"{body} {V.HANDLE}"
            elif hi:
                if d.chance(0.3) and self.room(4):
                    self.say(hi, gap)  # "hi" on its own line, then the problem
                    gap = "burst"
                elif d.chance(0.7):
                    sep = ", " if self.p.customer["habit"] == "careful" else " "
                    body = f"{hi}{sep}{low(body)}"
            parts = _SENTENCE_END.split(body)
            if ch == "chat" and len(parts) >= 3 and not self.p.bot and d.chance(0.45):
                cut = d.int(1, len(parts) - 1)
                self.say(" ".join(parts[:cut]), gap)
                self.say(" ".join(parts[cut:]), "burst")
            else:
                self.say(body, gap)
            if details:
                self.say(details, "burst")

    def details(self) -> None:
        """The customer answers the request for details, reacting to how it was asked."""
        d = self.d
        details = self.f(d.fresh(V.DETAILS[self.s["needs"]], bank=4))
        if self.p.channel == "phone":
            details = details.replace(self.p.slots["email"], self.p.slots["spoken_email"])
        reaction = self.react()
        if self.p.channel == "chat" and d.chance(0.35) and self.room(3):
            self.say(reaction)
            self.say(details, "burst")
        else:
            self.say(join(reaction, details))

    def react(self) -> str:
        group = V.MOOD_GROUP[self.p.mood]
        if self.p.style == "rude":
            return self.d.fresh(V.REACT["rude"][self.tag], bank=20)
        lines = V.REACT[self.p.style][group]
        said = next((t.text for t in reversed(self.turns) if t.role == "agent"), "")
        if "inconvenience" not in said:  # only quote the agent's words if they said them
            lines = tuple(x for x in lines if "inconvenience" not in x) or ("ok",)
        return self.d.fresh(lines, bank=21)

    def feasible(self, outcome: str) -> str:
        """The outcome, moved towards 'solved' if this problem phrasing has no line for it."""
        order = ("unresolved", "pending", "solved")
        key = {"solved": "fix", "pending": "pending", "unresolved": "refuse"}
        for o in order[order.index(outcome):]:
            if self.opt(key[o]):
                return o
        return "solved"

    # -- agents ------------------------------------------------------------------
    def agent(self, body: str, gap: str = "reply", *, first: bool = False, author: str | None = None) -> None:
        """An agent message, framed the way this channel frames it."""
        who = author or self.me
        persona = V.AGENTS[who]
        ch, style = self.p.channel, self.p.style if who == self.me else "empathic"
        body = body.strip()
        if ch in ("email", "ticket"):
            if who not in self.habits:
                hi = {
                    "empathic": ("Hi {name},", "Hello {name},", "Dear {name},"),
                    "cold": ("Hi {name},", "{name},", "Hello,"),
                    "sympathy": ("Dear {name},", "Hello {name},", "Dear Customer,"),
                    "over": ("Hi {name}!", "Hello {name},"),
                    "rude": ("Hi,", "{name},", "Hello,"),
                }[style]
                self.habits[who] = (self.d.pick(hi), ch == "email" or self.d.chance(0.5))
            hi_line, full_sign = self.habits[who]
            sign = str(persona["sign"]) if full_sign else str(persona["first"])
            body = f"{self.f(hi_line)}\n\n{body}\n\n{self.f(sign, company=V.COMPANY)}"
        elif ch == "social":
            if first:
                body = join(self.f(self.d.pick(("Hi {name}!", "Hey {name} —", "Hi there!", "Hi {name},", ""))), body)
            body = f"@{self.p.customer['handle']} {body} ^{persona['initials']}"
        elif ch == "chat" and first and not any(t.role == "agent" and t.author == who for t in self.turns):
            body = join(self.f(self.d.pick(persona["chat_hi"])), body)
        self.add("agent", body, gap, author=who)

    def greeting_first(self) -> None:
        """Chat agents often say hello before the customer types; calls start with the agent."""
        if self.p.channel == "phone":
            daypart = "morning" if int(self.p.slots["hour"]) < 12 else "afternoon"
            self.add("agent", self.f(self.d.pick(V.PHONE_GREETING), daypart=daypart, company=V.COMPANY), "answer")
            return
        hi = self.f(self.d.pick(V.AGENTS[self.me]["chat_hi"]), company=V.COMPANY)
        ask = "" if "assist" in hi else self.d.pick(("How can I help?", "What can I do for you today?", "How can I help today?"))
        self.add("agent", join(hi, ask), "queue")

    def core(self, outcome: str, style: str | None = None) -> str:
        """The line that decides the outcome, as this style would put it."""
        style = style or self.p.style
        key = {"solved": "fix", "pending": "pending", "unresolved": "refuse"}[outcome]
        options = self.opt(key) or self.opt("fix")
        template = self.d.fresh(options, bank=10)
        if template in self.s["fix"]:
            self.fix_used = self.s["fix"].index(template)
        line = self.f(template)
        if style == "sympathy" and outcome != "solved":
            stall = self.f(self.d.pick(V.STALL[self.s["issue"]]))
            line = stall if outcome == "pending" or self.d.chance(0.5) else join(line, stall)
        return line

    def mirror(self) -> str:
        options = self.opt("mirror")
        return self.f(self.d.fresh(options, bank=11)) if options else ""

    def empathic_intro(self) -> str:
        d = self.d
        if not self.owed:  # a plain question: answer it, maybe check it was understood
            mirror = self.mirror() if d.chance(0.35) else ""
            if mirror:
                return d.pick(("So {m}? Happy to help.", "So {m} — no problem at all.")).format(m=mirror)
            return d.pick(("Happy to help!", "Good question!", "Sure thing.", "Of course!", "", "Thanks for asking!"))
        ack = self.f(d.fresh(self.s.get("ack") or V.ACK[self.p.mood], bank=12))
        mirror = self.mirror()
        if not mirror:
            return ack
        if mirror.startswith(("you'd like", "you want", "you need")):
            text = join(d.pick(V.REQUEST_OPEN).format(ack=ack, mirror=mirror))
        elif not ack:
            text = d.pick(("I'm really sorry {m}.", "So {m} — let's get that fixed.", "Sorry {m}, that shouldn't have happened.")).format(m=mirror)
        else:
            text = d.fresh(V.EMPATHIC_OPEN, bank=13).format(ack=ack, ack_lower=low(ack), mirror=mirror)
        if self.stake[1] and d.chance(0.6):
            text = join(text, d.pick(V.EMPATHIC_STAKES).format(stake=self.stake[1]))
        return text

    def intro(self) -> str:
        """The opening of the agent's first substantive reply."""
        d, style = self.d, self.p.style
        if style == "empathic":
            return self.empathic_intro()
        if style == "cold":
            return d.pick(V.COLD_OPEN) if self.owed else ""
        if style == "sympathy":
            return d.pick(V.SYMPATHY_OPEN) if self.owed else d.pick(("Thank you for your query.", "", ""))
        if style == "over":
            if not self.owed:
                return d.pick(("So sorry for the wait!", "Sorry to keep you waiting!", "Oh, sorry about that!"))
            mirror = self.mirror()
            said = d.pick(V.OVER_MIRROR).format(mirror=mirror) if mirror else ""
            return join(d.fresh(V.OVER_OPEN, bank=14), said)
        if (self.p.mood == "angry" or (self.hot and d.chance(0.35))) and d.chance(0.6):
            text, self.tag = d.pick(V.RUDE_OPEN_HOT)
            return text
        blames = self.opt("blame")
        if blames and d.chance(0.7):
            blame = self.f(d.pick(blames))
            # "As stated on our website, …" only fronts a statement of policy.
            text, self.tag = d.pick(V.RUDE_OPEN if "?" not in blame and "you" not in blame.lower() else V.RUDE_OPEN[:3])
            return text.format(blame=blame, blame_lower=low(blame))
        self.tag = "curt_tag"
        return ""

    def ask(self) -> str:
        bank: dict[str, dict[str, tuple[str, ...]]] = V.ASK_SOCIAL if self.p.channel == "social" else V.ASK
        return self.f(self.d.fresh(bank[self.s["needs"]][self.p.style], bank=15))

    def act(self, outcome: str, *, thanks: bool, intro: str = "") -> str:
        """A reply that delivers the outcome, wrapped in this style."""
        d, style = self.d, self.p.style
        line = self.core(outcome)
        said = self.f(d.pick(V.THANKS_DETAILS[style])) if thanks else ""
        if style == "empathic":
            care = self.f(d.pick(V.CARE[outcome])) if self.owed else ""
            canned = d.pick(V.EMPATHIC_CANNED) if self.owed and d.chance(0.05) else ""
            return join(intro, said, line, care, canned)
        if style == "cold":
            return join(intro, said, line, d.pick(V.COLD_AFTER))
        if style == "sympathy":
            return join(intro, said, line, d.pick(V.SYMPATHY_CLOSE))
        if style == "over":
            return join(intro, said, line, d.fresh(V.OVER_AFTER, bank=16))
        return join(intro, line, d.pick(V.RUDE_AFTER) if d.chance(0.6) else "")

    def answer(self, a: str) -> str:
        d, style = self.d, self.p.style
        if style == "rude" and d.chance(0.6):
            return d.pick(V.RUDE_AGAIN).format(core=a, core_lower=low(a))
        if style == "over":
            return join(a, d.pick(("Sorry!", "Sorry for any confusion!", "")))
        if style == "sympathy" and d.chance(0.5):
            return join(a, d.pick(V.SYMPATHY_CLOSE))
        if style == "empathic" and d.chance(0.4) and not a.startswith(("Yes", "No")):
            return join(d.pick(("Good question!", "Of course.")), a)
        return a

    # -- the conversation ---------------------------------------------------------
    def write(self) -> list[Turn]:
        """All turns of the planned conversation, in order."""
        p, d, s, ch, style = self.p, self.d, self.s, self.p.channel, self.p.style
        if ch == "phone":
            if d.chance(0.6):
                q = int(p.slots["queue_s"])
                self.add("system", f"Inbound call · waited {q // 60} min {q % 60:02d} s in queue", "start")
            self.greeting_first()
        elif ch == "chat":
            if p.bot:
                self.bot()
            if d.chance(0.6 if p.bot else 0.3):
                self.greeting_first()
        self.opener()
        p.outcome = self.feasible(p.outcome)
        p.abandon = p.abandon and p.outcome == "unresolved"

        first = self.feasible("pending") if p.chase else p.outcome
        if p.escalate:
            first = self.feasible(d.pick(("pending", "unresolved")) if style == "sympathy" else "unresolved")
        needs = s["needs"] != "none" and not self.known
        explores = self.opt("explore") if d.chance({"empathic": 0.5, "cold": 0.12, "over": 0.15}.get(style, 0.0)) else []
        intro = self.intro()
        if needs:
            self.agent(join(intro, self.ask()), "queue", first=True)
            self.details()
            if explores and self.room(3, reserve=2):
                q, a = d.pick(explores)
                self.agent(join(self.f(d.pick(V.THANKS_DETAILS[style])), self.f(q)))
                self.say(self.f(a))
                self.agent(self.act(first, thanks=False))
            elif ch == "phone" and self.room(2):
                self.agent(d.fresh(V.PHONE_HOLD, bank=34))
                self.agent(join(d.pick(V.PHONE_BACK), self.act(first, thanks=False)), "hold")
            else:
                self.agent(self.act(first, thanks=True))
        elif explores:
            q, a = d.pick(explores)
            self.agent(join(intro, self.f(q)), "queue", first=True)
            self.say(join(self.react() if d.chance(0.4) else "", self.f(a)))
            self.agent(self.act(first, thanks=False))
        else:
            self.agent(self.act(first, thanks=False, intro=intro), "queue", first=True)

        if ch in ("email", "ticket") and self.owed and d.chance(0.14) and self.room(1, reserve=2):
            self.add("agent", d.pick(V.INTERNAL_NOTES[style]), "note", internal=True)
        final = p.outcome
        follows = self.opt("follow")
        if first == "solved" and follows and self.room(2, reserve=2) and d.chance(
                {"chat": 0.55, "phone": 0.6, "email": 0.25, "ticket": 0.25, "social": 0.3}[ch]):
            q, a = d.pick(follows)
            self.say(self.f(q))
            self.agent(self.answer(self.f(a)))
        if p.escalate and self.room(3, reserve=1):
            self.escalation(final)
        elif p.chase and self.room(2, reserve=1):
            self.chase(final)
        if p.abandon and ch == "chat":
            self.add("system", "Customer left the chat.", "cust")
            return self.turns
        self.closings(final)
        return self.turns

    def bot(self) -> None:
        d, s = self.d, self.s
        self.add("bot", self.f(d.pick(V.BOT_HELLO), company=V.COMPANY), "start", author="hazel-bot")
        self.say(d.pick(s["bot"]), "cust")
        answer = V.BOT_ANSWER.get(s["issue"])
        self.add("bot", answer if answer and d.chance(0.5) else d.pick(V.BOT_MISS), "bot", author="hazel-bot")
        self.say(d.pick(V.HUMAN), "cust")
        team = V.TEAMS[str(V.AGENTS[self.me]["team"])]
        self.add("system", self.f(d.pick(V.TRANSFER), team=team, wait_min=str(d.int(1, 6)), queue=str(d.int(1, 9))), "bot")

    def escalation(self, final: str) -> None:
        d, p, style = self.d, self.p, self.p.style
        angry = d.pick(V.ESCALATE_LEAD["calm_tag" if self.tag == "calm_tag" else "other"])
        self.say(join(angry, d.pick(V.MANAGER)))
        if p.escalate == "refused":
            self.agent(join(d.pick(V.MANAGER_NO[style]), d.pick(V.RUDE_AFTER) if style == "rude" else ""))
            return
        senior = V.SENIOR[str(V.AGENTS[self.me]["team"])]
        self.agent(d.pick(V.SENIOR_HANDOVER[style]))
        first = str(V.AGENTS[senior]["first"])
        self.add("system", f"{first} joined the chat" if p.channel == "chat" else f"Ticket reassigned to {senior}", "transfer")
        p.agents.append(senior)
        ack = self.f(d.pick(V.ACK[p.mood]))
        mirror = self.mirror() or "this wasn't handled well"
        text = d.pick(V.SENIOR_TAKEOVER).format(ack=ack, mirror=mirror, mirror_cap=cap(mirror), me=first,
                                                team=V.TEAMS[str(V.AGENTS[senior]["team"])])
        if p.channel == "chat":
            text = join(self.f("Hi {name}."), text)
        self.agent(join(text, self.core(final, style="empathic")), "late" if p.channel != "chat" else "reply", author=senior)
        self.closer = senior

    def chase(self, final: str) -> None:
        d, style = self.d, self.p.style
        self.say(self.f(d.fresh(V.CHASE, bank=30)), "chase")
        line = self.core(final)
        if final == "pending" and style != "sympathy":
            line = self.f(d.pick(V.CHASE_PENDING[style]))
            if style == "rude":  # these already say "as I said"
                self.agent(line, "late")
                return
        if style == "rude":
            text = d.pick(V.RUDE_AGAIN).format(core=line, core_lower=low(line))
        else:
            intro = {
                "empathic": ("Thanks for chasing, and I'm sorry you had to.", "I'm sorry for the silence — that's not good enough when you're already waiting.", "Sorry you've had to chase this."),
                "cold": ("", "Update:"),
                "sympathy": ("Thank you for your patience.", "Apologies for the delay in responding."),
                "over": ("I'm so sorry for the delay!! I really apologise.", "So sorry, this got missed, I'm so sorry!"),
            }[style]
            text = join(d.pick(intro), line, d.pick(V.SYMPATHY_CLOSE) if style == "sympathy" else "")
        self.agent(text, "late")

    def tone(self, final: str) -> str:
        d, style = self.d, self.p.style
        if self.closer or style == "empathic" or (not self.owed and style != "rude"):
            return "warm" if final != "unresolved" or d.chance(0.6) else "flat"
        if style == "rude":
            return "sour" if final != "solved" or d.chance(0.7) else "flat"
        if final == "solved":
            return "warm" if d.chance({"cold": 0.3, "over": 0.5, "sympathy": 0.2}[style]) else "flat"
        if style == "sympathy" and self.hot:
            return "sour"
        return "sour" if d.chance(0.5) else "flat"

    def closings(self, final: str) -> None:
        d, ch = self.d, self.p.channel
        closer = self.closer or self.me
        style = "empathic" if closer != self.me else self.p.style
        close_p = {"email": 0.55, "ticket": 0.5, "social": 0.6, "chat": 0.95, "phone": 1.0}[ch]
        if self.s["issue"] == "other" and not self.owed:
            close_p = min(close_p, 0.4)
        if not self.room(1, reserve=0) or not d.chance(close_p):
            return
        tone = self.tone(final)
        if tone == "warm" and self.hot and final == "solved" and (style == "empathic" or self.closer) and d.chance(0.5):
            self.say(d.fresh(V.CALMED, bank=32))
        else:
            self.say(self.f(d.fresh(V.CUSTOMER_CLOSE[(final, tone)], bank=31), me=str(V.AGENTS[closer]["first"])))
        if ch == "chat" and final == "solved" and style != "rude" and d.chance(0.45) and self.room(3, reserve=0):
            self.agent(V.CHAT_ANYTHING_ELSE[style], author=closer)
            self.say(d.pick(V.CHAT_NOTHING_ELSE))
            self.agent(self.f(d.pick(V.AGENT_BYE[style]), company=V.COMPANY), author=closer)
        elif ch == "phone" and self.room(1, reserve=0):
            mood = "rude" if style == "rude" else "warm" if tone == "warm" else "neutral"
            self.agent(self.f(d.fresh(V.PHONE_BYE[mood], bank=33), company=V.COMPANY), author=closer)
        elif self.room(1, reserve=0) and d.chance({"chat": 0.85, "social": 0.5, "email": 0.3, "ticket": 0.35}[ch]):
            text = self.f(d.pick(V.AGENT_CLOSE[style]), company=V.COMPANY)
            if text:
                self.agent(text, author=closer)
