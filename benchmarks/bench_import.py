"""Import throughput into SQLite, redaction included, on real customer-service text.

Builds a native JSONL file from the real exchanges in ../shared/data/cs_threads
(thread context + customer message + agent reply, ids varied to reach the size
asked for), then in one process times, side by side:

- baseline: reading the file and ``json.loads`` of every line (the floor any
  importer pays);
- heartline: ``import_file`` into a fresh SQLite database — parse, validate,
  redact PII, pseudonymise, hash, write in one transaction — once in one process
  (``workers=1``) and once with the default worker processes (one per core).

Memory flatness: the same import of N and 4N messages in fresh subprocesses,
comparing peak RSS.

Run: ``.venv/bin/python benchmarks/bench_import.py [--messages 200000]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
THREADS = ROOT.parent / "shared" / "data" / "cs_threads" / "train.jsonl"


def build_file(path: Path, messages: int) -> int:
    """Write conversations until ``messages`` messages; returns the count written."""
    base = [json.loads(line) for line in THREADS.read_text().splitlines()]
    written, rep = 0, 0
    with path.open("w") as out:
        while written < messages:
            for i, ex in enumerate(base):
                turns = [*ex["context"], {"role": "customer", "text": ex["customer"]},
                         {"role": "agent", "text": ex["agent"]}]
                msgs = [{"id": f"m{j}", "role": t["role"], "text": t["text"],
                         "author": "cust" if t["role"] == "customer" else ex["company"],
                         "sent_at": f"2017-10-{1 + j % 28:02d}T10:{j % 60:02d}:00Z"}
                        for j, t in enumerate(turns)]
                out.write(json.dumps({"id": f"{rep}-{i}", "source": "bench", "channel": "social",
                                      "team": ex["company"], "customer": f"c{i}",
                                      "messages": msgs}) + "\n")
                written += len(msgs)
                if written >= messages:
                    break
            rep += 1
    return written


def parse_only(path: Path) -> float:
    t0 = time.perf_counter()
    with path.open() as fh:
        for line in fh:
            json.loads(line)
    return time.perf_counter() - t0


def heartline_import(path: Path, db: Path, workers: int | None = None) -> float:
    from heartline.pseudonyms import Pseudonymizer
    from heartline.redaction import Redactor
    from heartline.services.importing import Privacy, import_file
    from heartline.storage.store import Store

    store = Store.open(f"sqlite:///{db}")
    privacy = Privacy(redactor=Redactor(), pseudonymize=Pseudonymizer(b"b" * 32))
    t0 = time.perf_counter()
    import_file(store, path, privacy=privacy, format="jsonl", workers=workers)
    elapsed = time.perf_counter() - t0
    store.close()
    return elapsed


def peak_rss_mb(messages: int) -> tuple[float, float]:
    """Peak RSS of a fresh process importing ``messages`` messages, and of its largest worker."""
    out = subprocess.run([sys.executable, __file__, "--child", str(messages)],
                         capture_output=True, text=True, check=True)
    own, worker = out.stdout.strip().splitlines()[-1].split()
    return float(own), float(worker)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.child:
            f = Path(tmp) / "in.jsonl"
            build_file(f, args.child)
            heartline_import(f, Path(tmp) / "h.db")
            own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(own, worker)
            return
        f = Path(tmp) / "in.jsonl"
        n = build_file(f, args.messages)
        size_mb = f.stat().st_size / 1e6
        print(f"input: {n} messages, {size_mb:.1f} MB of real cs_threads text")
        base, serial, full = [], [], []
        for r in range(args.repeats):  # alternated, so machine load hits each alike
            base.append(parse_only(f))
            serial.append(heartline_import(f, Path(tmp) / f"s{r}.db", workers=1))
            full.append(heartline_import(f, Path(tmp) / f"h{r}.db"))
        b, s1, h = (sorted(x)[len(x) // 2] for x in (base, serial, full))
        print(f"baseline json.loads only          : {n / b:>10,.0f} messages/s (median of {args.repeats})")
        print(f"heartline import, one process     : {n / s1:>10,.0f} messages/s")
        print(f"heartline import, {os.cpu_count()} workers (default): {n / h:>10,.0f} messages/s")
        print(f"ratio workers/one process         : {s1 / h:.2f}x")
        print(f"ratio heartline/baseline          : {b / h:.3f} of the parse-only speed")
    small, large = args.messages // 4, args.messages
    (rss_small, w_small), (rss_large, w_large) = peak_rss_mb(small), peak_rss_mb(large)
    print(f"peak RSS importing {small:,} messages: {rss_small:.0f} MB (largest worker {w_small:.0f} MB); "
          f"{large:,}: {rss_large:.0f} MB (largest worker {w_large:.0f} MB); "
          f"ratio {rss_large / rss_small:.2f} for 4x the input")


if __name__ == "__main__":
    main()
