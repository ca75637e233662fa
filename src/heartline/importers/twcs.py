"""Twitter customer-support threads (the Kaggle ``twcs.csv`` layout, or its JSONL form).

Every row is one tweet; threads exist only as reply links, and a reply may
come before the tweet it answers. So tweets are spilled to SQLite and the
threads rebuilt there with a recursive query: a conversation is the tree
under a tweet that replies to nothing in the file (either a first tweet, or
one whose parent was not exported), flattened in time order, and keyed by
that root tweet's id. ``in_response_to_tweet_id`` is the link;
``response_tweet_id`` only fills in where it is missing. Inbound tweets are
the customer's; the others are the brand's, whose handle is also the team.

A thread with any invalid tweet is left out whole, like a CSV conversation
with a bad row. Tweets in a reply loop belong to no thread: each is a Problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from heartline.conversation import Channel, Conversation, Message, Role
from heartline.errors import Problem
from heartline.importers import csv_table, fields
from heartline.importers.base import Item, ReadOptions
from heartline.importers.json_stream import records
from heartline.importers.sniffing import csv_header, json_line_keys
from heartline.importers.spill import Spill
from heartline.importers.text import open_text
from heartline.native import FieldError

COLUMNS = ("tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
           "in_response_to_tweet_id")
_LINKS = frozenset({"author_id", "inbound", "in_response_to_tweet_id"})
_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"

_SCHEMA = """
    CREATE TABLE tweet (id TEXT PRIMARY KEY, parent TEXT, at REAL, seq INTEGER, bad INTEGER,
                        payload TEXT);
    CREATE TABLE reply (child TEXT PRIMARY KEY, parent TEXT NOT NULL);
"""
# Effective parent: the in-reply-to link if that tweet is in the file, else a response link.
_THREADS = """
    CREATE TABLE link AS
        SELECT t.id, COALESCE(
            (SELECT p.id FROM tweet p WHERE p.id = t.parent),
            (SELECT p.id FROM reply r JOIN tweet p ON p.id = r.parent WHERE r.child = t.id)
        ) AS parent FROM tweet t;
    CREATE INDEX link_parent ON link (parent);
    CREATE TABLE thread AS
        WITH RECURSIVE tree(id, root) AS (
            SELECT id, id FROM link WHERE parent IS NULL
            UNION SELECT link.id, tree.root FROM link JOIN tree ON link.parent = tree.id)
        SELECT id, root FROM tree;
    CREATE INDEX thread_id ON thread (id);
"""


class TwcsImporter:
    """Reads twcs.csv-style tweets and rebuilds their threads (see the module docstring)."""

    name = "twcs"
    kind: Literal["conversations"] = "conversations"

    def sniff(self, path: Path, head: bytes) -> bool:
        columns = set(csv_header(head))
        return {"tweet_id", *_LINKS} <= columns or json_line_keys(head) >= _LINKS

    def read(self, path: Path, options: ReadOptions) -> Iterator[Item]:
        with Spill() as spill:
            spill.db.executescript(_SCHEMA)
            yield from self._spill(path, options, spill)
            spill.db.executescript(_THREADS)
            for (tid,) in spill.db.execute(
                    "SELECT id FROM tweet WHERE id NOT IN (SELECT id FROM thread) ORDER BY seq"):
                yield Problem(str(path), f"tweet {tid}", "in_response_to_tweet_id",
                              "a reply chain that starts at a first tweet (this tweet is in a loop)")
            yield from _threads(spill, options.source or self.name)

    def _spill(self, path: Path, options: ReadOptions, spill: Spill) -> Iterator[Problem]:
        for seq, item in enumerate(_tweets(path, options), start=1):
            if isinstance(item, Problem):
                yield item
                continue
            where, data = item
            name = fields.record_name(where, "tweet", data, "tweet_id" if "tweet_id" in data else "id")
            try:
                tid = _tweet_id(data.get("tweet_id", data.get("id")), "tweet_id")
            except FieldError as exc:
                yield fields.problem(path, name, exc)
                continue
            parent: str | None = None
            try:
                parent = _opt_tweet_id(data.get("in_response_to_tweet_id"), "in_response_to_tweet_id")
                at, payload = _tweet(data, options)
                for child in _id_list(data.get("response_tweet_id")):
                    spill.db.execute("INSERT OR IGNORE INTO reply VALUES (?, ?)", (child, tid))
            except FieldError as exc:
                yield fields.problem(path, name, exc)
                at, payload = None, None
            cur = spill.db.execute("INSERT OR IGNORE INTO tweet VALUES (?, ?, ?, ?, ?, ?)",
                                   (tid, parent, at, seq, payload is None, json.dumps(payload)))
            if cur.rowcount == 0:
                yield Problem(str(path), name, "tweet_id", "a tweet id not used earlier in the file (duplicate)")
                spill.db.execute("UPDATE tweet SET bad = 1 WHERE id = ?", (tid,))
        spill.db.commit()


def _tweets(path: Path, options: ReadOptions) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """Raw tweets from the CSV or the JSONL form, as ``(where, dict)``."""
    with open_text(path) as text:
        start = text.read(4096)
    if start.lstrip().startswith("{"):
        for item in records(path, ()):
            if isinstance(item, Problem) or isinstance(item[1], dict):
                yield item
            else:
                yield Problem(str(path), item[0], "", "a tweet object")
        return
    yield from csv_table.rows(path, fields=COLUMNS, required=COLUMNS, mapping=options.mapping,
                              max_chars=options.max_message_chars)


def _tweet(data: dict[str, Any], options: ReadOptions) -> tuple[float, dict[str, Any]]:
    author = fields.ident(data.get("author_id"), "author_id")
    inbound = fields.opt_bool(data.get("inbound"), "inbound")
    if inbound is None:
        raise FieldError("inbound", "true or false (whether the customer wrote it)")
    raw_time = data.get("created_at")
    try:
        sent_at = datetime.strptime(str(raw_time).strip(), _TWITTER_TIME)  # fast path for twcs
    except ValueError:
        sent_at = fields.time(raw_time, "created_at", options.default_tz)
    text = fields.message_text(data.get("text"), "text", options.max_message_chars)
    payload = {"author": author, "inbound": inbound, "text": text, "sent_at": sent_at.isoformat()}
    return sent_at.timestamp(), payload


def _tweet_id(value: object, field: str) -> str:
    tid = _opt_tweet_id(value, field)
    if tid is None:
        raise FieldError(field, "a tweet id")
    return tid


def _opt_tweet_id(value: object, field: str) -> str | None:
    """A tweet id; ``123.0`` (pandas wrote ids of a column with gaps as floats) is ``123``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    if value is None or text in ("", "nan", "None"):
        return None
    if text is None or not text.removesuffix(".0").isdigit():
        raise FieldError(field, "a numeric tweet id")
    return text.removesuffix(".0")


def _id_list(value: object) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, list) else []
    return [t for t in (_opt_tweet_id(v, "response_tweet_id") for v in items) if t]


def _threads(spill: Spill, source: str) -> Iterator[Conversation]:
    rows = spill.db.execute("""
        SELECT thread.root, t.id, t.payload FROM thread
        JOIN tweet t ON t.id = thread.id JOIN tweet r ON r.id = thread.root
        WHERE thread.root NOT IN (SELECT root FROM thread JOIN tweet b ON b.id = thread.id WHERE b.bad)
        ORDER BY r.seq, thread.root, t.at, t.seq
    """)
    root: str | None = None
    tweets: list[Message] = []
    for tree, tid, payload in rows:
        if tree != root:
            if root is not None:
                yield _conversation(root, tweets, source)
            root, tweets = tree, []
        data = json.loads(payload)
        tweets.append(Message(
            id=tid, role=Role.CUSTOMER if data["inbound"] else Role.AGENT, text=data["text"],
            author=data["author"], sent_at=datetime.fromisoformat(data["sent_at"])))
    if root is not None:
        yield _conversation(root, tweets, source)


def _conversation(root: str, tweets: list[Message], source: str) -> Conversation:
    brand = next((m.author for m in tweets if m.role is Role.AGENT), None)
    customer = next((m.author for m in tweets if m.role is Role.CUSTOMER), None)
    return Conversation(id=root, source=source, channel=Channel.SOCIAL, messages=tuple(tweets),
                        team=brand, customer=customer)
