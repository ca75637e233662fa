"""Real-time assist latency over HTTP on loopback, against a baseline at the same rate.

Starts ``heartline``'s web app under uvicorn in a subprocess on 127.0.0.1, then
an asyncio/httpx client sends, at a steady open-loop rate (default 50/s for
20 s), ``POST /api/v1/assist`` with a 20-message conversation and a draft that
grows as if typed. The conversations are built from the real exchanges in
../shared/data/cs_threads (context + customer + agent, consecutive exchanges of
one company joined to reach 20 messages), and the drafts are real agent
replies cut at a growing length. Then ``GET /healthz`` runs at the same rate for
the same time as the baseline: what the HTTP stack alone costs here.

Latency is measured from the moment each request was *due*, so a client or
server that falls behind shows up in the figures instead of hiding
(no coordinated omission). Target: assist p99 ≤ 50 ms.

Run: ``.venv/bin/python benchmarks/bench_assist.py [--engine auto|real|fake] [--rate 50] [--seconds 20]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
THREADS = ROOT.parent / "shared" / "data" / "cs_threads" / "train.jsonl"
HOST = "127.0.0.1"  # loopback only, always


def conversations(n_messages: int, limit: int = 200) -> list[tuple[list[dict[str, str]], str]]:
    """Up to ``limit`` pairs: ``n_messages`` real messages ending with the customer, and the
    agent's real reply to that last message (the draft, typed letter by letter)."""
    by_company: dict[str, list[dict[str, str]]] = {}
    out: list[tuple[list[dict[str, str]], str]] = []
    for line in THREADS.read_text().splitlines():
        ex = json.loads(line)
        pending = by_company.setdefault(ex["company"], [])
        pending.extend({"role": t["role"], "text": t["text"]} for t in ex["context"])
        pending.append({"role": "customer", "text": ex["customer"]})
        if len(pending) >= n_messages:
            out.append((pending[-n_messages:], ex["agent"]))
            by_company[ex["company"]] = []
            if len(out) >= limit:
                break
        else:
            pending.append({"role": "agent", "text": ex["agent"]})
    return out


@dataclass
class Phase:
    name: str
    latencies_ms: list[float]
    errors: int
    seconds: float
    max_lag_ms: float

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] if xs else float("nan")


async def run_phase(name: str, client: httpx.AsyncClient, make: object, *, rate: float,
                    seconds: float) -> Phase:
    """Send ``rate * seconds`` requests on a fixed schedule; ``make(i)`` sends request i."""
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    max_lag = 0.0
    start = time.perf_counter() + 0.05

    async def one(i: int, due: float) -> None:
        nonlocal errors
        try:
            response = await make(i)  # type: ignore[operator]
            ok = response.status_code == 200
        except httpx.HTTPError:
            ok = False
        if ok:
            latencies.append((time.perf_counter() - due) * 1000)
        else:
            errors += 1

    tasks = []
    for i in range(total):  # bounded: exactly `total` requests
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        max_lag = max(max_lag, time.perf_counter() - due)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    return Phase(name, latencies, errors, time.perf_counter() - start, max_lag * 1000)


def serve(port: int, engine: str) -> None:
    """The server side (run in a subprocess by ``main``)."""
    import uvicorn

    from heartline.settings import Settings
    from heartline.web import create_app
    from heartline.web.app import load_engine

    if engine == "fake":
        sys.path.insert(0, str(ROOT / "tests"))
        from web.fake_engine import FakeEngine  # the test suite's phrase-rule engine

        app = create_app(Settings.from_env(), engine_factory=lambda _s: FakeEngine())
    else:
        app = create_app(Settings.from_env(), engine_factory=load_engine)
    uvicorn.run(app, host=HOST, port=port, access_log=False, log_level="warning")


class EngineUnavailable(RuntimeError):
    """The server started but its engine did not load (the reason is the message)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=["auto", "real", "fake"], default="auto",
                        help="auto: the real engine if it loads, else the fake (and say so)")
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--messages", type=int, default=20, help="messages per conversation")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.engine)
        return
    candidates = ["real", "fake"] if args.engine == "auto" else [args.engine]
    note = ""
    for engine in candidates:
        try:
            results = _run(engine, args)
            break
        except EngineUnavailable as exc:
            if engine == candidates[-1]:
                raise
            note = f"the real engine did not load: {exc}"
    _report(results, args, engine, note)


def _run(engine: str, args: argparse.Namespace) -> list[Phase]:
    """One server process with ``engine``, both phases against it."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HEARTLINE_DATA_DIR": tmp,
               "HEARTLINE_DATABASE_URL": f"sqlite:///{tmp}/bench.db"}
        token = _make_token(env)
        with socket.socket() as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        log = Path(tmp) / "server.log"
        with log.open("w") as log_fh:
            server = subprocess.Popen(
                [sys.executable, __file__, "--serve", str(port), "--engine", engine],
                env=env, stdout=log_fh, stderr=subprocess.STDOUT)
            try:
                return asyncio.run(_drive(port, token, args))
            except EngineUnavailable:
                reason = [line for line in log.read_text().splitlines() if "did not load" in line]
                raise EngineUnavailable(reason[-1].split("did not load:")[-1].strip()
                                        if reason else "see the server log") from None
            except Exception:
                print(log.read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()


def _make_token(env: dict[str, str]) -> str:
    code = ("from heartline.services.auth import create_token\n"
            "from heartline.storage.auth import AuthRepository\n"
            "from heartline.settings import Settings\n"
            "from heartline.storage.store import Store\n"
            "s = Store.open(Settings.from_env().database_url)\n"
            "print(create_token(AuthRepository(s.engine), user='bench').token)\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    return out.stdout.strip()


async def _drive(port: int, token: str, args: argparse.Namespace) -> list[Phase]:
    base = f"http://{HOST}:{port}"
    convs = conversations(args.messages)
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10.0) as client:
        for _ in range(300):  # bounded wait for startup: 30 s
            try:
                health = await client.get("/healthz")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        else:
            raise RuntimeError("the server did not start within 30 s")
        if health.json()["engine"] != "ready":
            raise EngineUnavailable()
        headers = {"Authorization": f"Bearer {token}"}

        def assist(i: int) -> object:
            messages, reply = convs[(i // 10) % len(convs)]
            cut = max(1, len(reply) * (i % 10 + 1) // 10)  # ten drafts per reply, as if typed
            return client.post("/api/v1/assist", headers=headers,
                               json={"messages": messages, "draft": reply[:cut]})

        def healthz(_i: int) -> object:
            return client.get("/healthz")

        warm = int(min(args.rate * 2, 100))
        await asyncio.gather(*(assist(i) for i in range(warm)))  # type: ignore[misc]
        first = await run_phase("assist", client, assist, rate=args.rate, seconds=args.seconds)
        second = await run_phase("healthz", client, healthz, rate=args.rate, seconds=args.seconds)
        return [first, second]


def _report(phases: list[Phase], args: argparse.Namespace, engine: str, note: str) -> None:
    print(f"assist benchmark: {args.messages}-message conversations from cs_threads, "
          f"{args.rate:g} req/s for {args.seconds:g} s on {HOST}, engine={engine}")
    if engine == "fake":
        print("  FAKE engine (tests/web/fake_engine.py): HTTP + auth + validation only, no model time"
              + (f"; {note}" if note else ""))
    print(f"{'':10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'rate/s':>9}{'errors':>8}"
          f"{'max lag ms':>12}")
    for p in phases:
        achieved = len(p.latencies_ms) / p.seconds if p.seconds else 0.0
        print(f"{p.name:10}{p.pct(50):9.2f}{p.pct(95):9.2f}{p.pct(99):9.2f}"
              f"{max(p.latencies_ms, default=float('nan')):9.2f}{achieved:9.1f}{p.errors:8d}"
              f"{p.max_lag_ms:12.2f}")
    a, h = phases
    print(f"ratio assist/healthz: p50 {a.pct(50) / h.pct(50):.2f}x, p99 {a.pct(99) / h.pct(99):.2f}x")
    verdict = "met" if a.pct(99) <= 50 else "NOT met"
    print(f"target assist p99 <= 50 ms ({engine} engine): {verdict} ({a.pct(99):.1f} ms, "
          f"mean {statistics.fmean(a.latencies_ms):.2f} ms)")


if __name__ == "__main__":
    main()
