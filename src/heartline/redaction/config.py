"""What the redactor looks for: the built-in kinds and the identifier patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from heartline.errors import ConfigError

Span = tuple[int, int, str]
"""A found stretch of text: (start, end, label), offsets into the text it was found in."""

BUILTIN_KINDS: tuple[str, ...] = ("EMAIL", "PHONE", "CARD", "IBAN", "IP", "ADDRESS")
"""The detectors written in code, by placeholder label."""

_LABEL = re.compile(r"[A-Z][A-Z_]*\Z")


@dataclass(frozen=True)
class IdPattern:
    """A team's identifier (order, account, ticket…) redacted as ``[LABEL]``.

    Attributes:
        label: the placeholder name: upper-case letters and ``_`` (``ORDER``).
        regex: a Python regular expression. When it has a group named ``id`` only that
            group is redacted ("order #123456" becomes "order #[ORDER]"), else the match.
        keywords: lower-case words a match starts with. When given, the regex is only
            tried, anchored, where one of them occurs (ignoring case) within 48 characters
            before a candidate number: four digits in a row, two right after a letter,
            "#", "-" or ".", or anything phone-, card- or address-like. That is what keeps
            redaction fast. Leave empty to search every text.
        needs_digit: without keywords, only search texts that contain an ASCII digit.
    """

    label: str
    regex: str
    keywords: tuple[str, ...] = ()
    needs_digit: bool = True

    def compiled(self) -> re.Pattern[str]:
        """The compiled regex; raises ConfigError naming the label when it is invalid."""
        if not _LABEL.match(self.label):
            raise ConfigError(
                f"redaction pattern label {self.label!r} is not a valid placeholder name",
                hint="use upper-case letters and underscores only, e.g. 'TICKET_ID'")
        if any(k != k.lower() or not k for k in self.keywords):
            raise ConfigError(f"redaction pattern {self.label}: keywords must be non-empty "
                              "and lower-case", hint="write them as they appear lower-cased")
        try:
            return re.compile(self.regex)
        except re.error as exc:
            raise ConfigError(f"redaction pattern {self.label}: invalid regex ({exc})",
                              hint="check the pattern with re.compile() first") from exc


# The identifier itself: 4–32 letters, digits and inner dashes with at least three digits,
# not glued to the word before ("Order2020" is a hashtag, not an order number).
_ID = (r"(?<![A-Za-z0-9])(?P<id>(?=(?:[A-Za-z-]*[0-9]){3})"
       r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){3,31})(?![A-Za-z0-9-])")
# Words between the keyword and the identifier: "number", "no.", "ID", "is", ":", "#".
_FILLER = (r"(?:[ ]*(?:number|num|no\.?|nr\.?|id|ref(?:erence)?|code|\#))?"
           r"(?:[ ]*(?:is|was|:|\#|-|\())*[ ]*")

ORDER_WORDS = ("order", "booking", "reservation", "confirmation", "invoice")
ACCOUNT_WORDS = ("account", "acct", "customer", "member", "policy")

DEFAULT_ID_PATTERNS: tuple[IdPattern, ...] = (
    IdPattern("ORDER", r"(?ix)\b(?:order|booking|reservation|confirmation|invoice)s?"
              + _FILLER + _ID, keywords=ORDER_WORDS),
    IdPattern("ACCOUNT", r"(?ix)\b(?:account|acct|(?:customer|member(?:ship)?|policy)"
              r"[ ]*(?:number|num|no\.?|nr\.?|id|\#))" + _FILLER + _ID, keywords=ACCOUNT_WORDS),
)
"""Order and account numbers after a keyword ("order #123456789", "account 12345678")."""


def _as_pattern(item: IdPattern | tuple[str, str]) -> IdPattern:
    if isinstance(item, IdPattern):
        return item
    try:
        label, regex = item
    except (TypeError, ValueError) as exc:
        raise ConfigError("an extra redaction pattern must be (label, regex) or an IdPattern",
                          hint="e.g. ('TICKET', r'\\bTKT-[0-9]{6}\\b')") from exc
    return IdPattern(str(label), str(regex), needs_digit=False)


@dataclass(frozen=True)
class RedactionConfig:
    """Which kinds of personal data to redact.

    Attributes:
        kinds: the built-in detectors to run (a subset of ``BUILTIN_KINDS``).
        id_patterns: order/account-style identifiers; replace to drop or change the
            defaults (``id_patterns=()`` turns them off).
        extra_patterns: more patterns, as ``IdPattern`` or ``(label, regex)`` pairs; pairs
            are searched in every text.
    """

    kinds: frozenset[str] = field(default_factory=lambda: frozenset(BUILTIN_KINDS))
    id_patterns: tuple[IdPattern, ...] = DEFAULT_ID_PATTERNS
    extra_patterns: tuple[IdPattern | tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        kinds = frozenset(self.kinds)
        unknown = sorted(kinds - set(BUILTIN_KINDS))
        if unknown:
            raise ConfigError(f"unknown redaction kind(s): {', '.join(unknown)}",
                              hint=f"choose from {', '.join(BUILTIN_KINDS)}")
        # Frozen, so normalise through object.__setattr__: callers may pass sets and lists.
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "id_patterns", tuple(_as_pattern(p) for p in self.id_patterns))
        object.__setattr__(self, "extra_patterns",
                           tuple(_as_pattern(p) for p in self.extra_patterns))

    @property
    def patterns(self) -> tuple[IdPattern, ...]:
        """Identifier patterns and extra patterns, in the order they are tried."""
        return self.id_patterns + tuple(_as_pattern(p) for p in self.extra_patterns)

    def with_kinds(self, kinds: Iterable[str]) -> RedactionConfig:
        """A copy that runs only ``kinds`` of the built-in detectors."""
        return RedactionConfig(frozenset(kinds), self.id_patterns, self.extra_patterns)
