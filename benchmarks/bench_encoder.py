"""Benchmark heartline's encoder on real cs_threads messages.

    .venv/bin/python benchmarks/bench_encoder.py                 # 5-15 min on 2 shared cores
    .venv/bin/python benchmarks/bench_encoder.py --limit 200 --repeats 1
    .venv/bin/python benchmarks/bench_encoder.py --variants      # + fp32 / ORT per-tensor int8 (needs torch)

Prints messages/s for length-sorted vs unsorted batches, with and without
dedup and token vectors, batch sizes, max_tokens 128 vs 256, encode_one
latency (threads 1 and 2), resident memory and cold-start time of
``Encoder.load`` in fresh processes. Each throughput figure is the best of
``--repeats`` runs (the machine is shared; the best run is the least
disturbed one), and ratios compare figures from this same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from heartline.encoder import Encoder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "cs_threads" / "train.jsonl"


def load_messages(path: Path) -> tuple[list[str], list[str]]:
    """Customer + agent texts of every exchange, and the thread-context texts."""
    messages, context = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            messages += [record["customer"], record["agent"]]
            context += [turn["text"] for turn in record["context"]]
    return messages, context


def first_threads(path: Path, exchanges: int) -> list[str]:
    """Every text of the first exchanges as a conversation analyser sees them: context first."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for _, line in zip(range(exchanges), handle, strict=False):
            record = json.loads(line)
            texts += [turn["text"] for turn in record["context"]]
            texts += [record["customer"], record["agent"]]
    return texts


def padded_tokens(counts: list[int], batch_size: int, *, sort: bool) -> int:
    """Token slots the model computes (batch × longest in batch): the work, free of timing noise."""
    order = sorted(counts) if sort else counts
    return sum(
        len(order[i : i + batch_size]) * max(order[i : i + batch_size])
        for i in range(0, len(order), batch_size)
    )


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


_CHILD = """
import json, resource, time
t0 = time.perf_counter()
from heartline.encoder import Encoder
t1 = time.perf_counter()
encoder = Encoder.load(cache_dir=CACHE_DIR, threads=THREADS)
t2 = time.perf_counter()

def memory_mb():
    # ru_maxrss is no good in a child: Linux carries the parent's peak over
    # fork+exec. VmHWM/VmRSS describe this process only.
    try:
        fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
        return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak

peak_load, _ = memory_mb()
texts = [f"message {i}: " + "my order never arrived and nobody answers " * (i % 20) for i in range(64)]
encoder.encode(texts, with_tokens=True)
t3 = time.perf_counter()
peak, now = memory_mb()
print(json.dumps(dict(import_s=t1 - t0, load_s=t2 - t1, first_encode_64_s=t3 - t2,
      peak_rss_after_load_mb=peak_load, peak_rss_after_encode_mb=peak, rss_after_encode_mb=now)))
"""


def fresh_process_load(cache_dir: str | None, threads: int) -> dict[str, float]:
    """Import + load + a first batch in a new interpreter: cold start and resident memory."""
    code = f"CACHE_DIR, THREADS = {cache_dir!r}, {threads}\n" + _CHILD
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout)
    result["process_wall_s"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=400, help="messages in the throughput sample")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--singles", type=int, default=500, help="messages for encode_one latency")
    parser.add_argument("--variants", action="store_true", help="also time fp32 and ORT per-tensor")
    args = parser.parse_args()

    messages, context = load_messages(DATA)
    sample = random.Random(42).sample(messages, min(args.limit, len(messages)))
    print(f"machine: {os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.1f}")
    print(f"data: {DATA} — {len(messages)} customer+agent messages, sample of {len(sample)}")

    started = time.perf_counter()
    encoder = Encoder.load(cache_dir=args.cache_dir, threads=args.threads)
    print(
        f"\nEncoder.load in this process: {time.perf_counter() - started:.2f} s "
        f"(built={encoder.info.built}, threads={encoder.info.threads}, {encoder.info.cache_path})"
    )

    counts = np.array(encoder.count_tokens(messages))
    print("\n== tokens per message (all customer+agent, specials included) ==")
    print(
        f"mean {counts.mean():.1f}  p50 {np.median(counts):.0f}  p95 {np.percentile(counts, 95):.0f}  "
        f"p99 {np.percentile(counts, 99):.0f}  max {counts.max()}  "
        f"> 128: {(counts > 128).sum()} ({(counts > 128).mean():.1%})  > 256: {(counts > 256).sum()}"
    )

    everything = messages + context
    print("\n== duplicates in cs_threads ==")
    print(
        f"customer+agent: {len(messages)} texts, {len(set(messages))} unique "
        f"({1 - len(set(messages)) / len(messages):.1%} repeats)"
    )
    print(
        f"with thread context: {len(everything)} texts, {len(set(everything))} unique "
        f"({1 - len(set(everything)) / len(everything):.1%} repeats)"
    )

    encoder.encode(sample[:64])  # warm-up: ORT arena, kernels
    n = len(sample)

    def rate(fn: Callable[[], object], count: int = n) -> float:
        return count / best_of(args.repeats, fn)

    sample_counts = [len(e.ids) for e in encoder._tokenizer.encode_batch(sample)]
    real = sum(sample_counts)
    print(f"\n== work: token slots computed for the sample, batches of 64 (real tokens {real}) ==")
    for label, sort in (("sorted", True), ("unsorted", False)):
        slots = padded_tokens(sample_counts, 64, sort=sort)
        print(f"  {label:9s} {slots:7d}  ({slots / real:.2f}× the real tokens)")

    print(f"\n== throughput, {n} messages, best of {args.repeats} (messages/s) ==")
    rates = {
        "sorted, no dedup (bare)": rate(
            lambda: encoder._encode(sample, batch_size=64, with_tokens=False, dedupe=False)
        ),
        "unsorted, no dedup": rate(
            lambda: encoder._encode(
                sample, batch_size=64, with_tokens=False, sort=False, dedupe=False
            )
        ),
        "sorted + dedup (encode default)": rate(lambda: encoder.encode(sample)),
        "sorted + dedup, with_tokens": rate(lambda: encoder.encode(sample, with_tokens=True)),
        "tokenisation only": rate(lambda: encoder._tokenizer.encode_batch(sample)),
    }
    for name, value in rates.items():
        print(f"  {name:34s} {value:8.1f}")
    bare, unsorted = rates["sorted, no dedup (bare)"], rates["unsorted, no dedup"]
    print(
        f"  sorted / unsorted = {bare / unsorted:.2f}×   "
        f"with_tokens / plain = {rates['sorted + dedup, with_tokens'] / rates['sorted + dedup (encode default)']:.2f}×"
    )

    threads_texts = first_threads(DATA, 200)
    print(
        f"\n== dedup: first 200 exchanges with their thread context ({len(threads_texts)} texts, "
        f"{1 - len(set(threads_texts)) / len(threads_texts):.1%} repeats), messages/s =="
    )
    thread_counts = dict(
        zip(
            threads_texts,
            (len(e.ids) for e in encoder._tokenizer.encode_batch(threads_texts)),
            strict=True,
        )
    )
    all_tokens = sum(thread_counts[t] for t in threads_texts)
    print(
        f"  tokens: {all_tokens} in all texts, {sum(thread_counts.values())} in distinct texts "
        f"(dedup saves {1 - sum(thread_counts.values()) / all_tokens:.1%} of the tokens)"
    )
    with_dedup = rate(lambda: encoder.encode(threads_texts), len(threads_texts))
    without = rate(
        lambda: encoder._encode(threads_texts, batch_size=64, with_tokens=False, dedupe=False),
        len(threads_texts),
    )
    print(f"  dedup {with_dedup:.1f}   no dedup {without:.1f}   ratio {with_dedup / without:.2f}×")

    print("\n== batch size (sorted + dedup), messages/s ==")
    for size in (16, 64, 128):
        print(
            f"  batch_size {size:4d}: {rate(lambda size=size: encoder.encode(sample, batch_size=size)):8.1f}"
        )

    print("\n== max_tokens (sorted + dedup), messages/s ==")
    for max_tokens in (128, 256):
        other = Encoder.load(cache_dir=args.cache_dir, threads=args.threads, max_tokens=max_tokens)
        print(f"  max_tokens {max_tokens}: {rate(lambda other=other: other.encode(sample)):8.1f}")

    singles = random.Random(7).sample(messages, min(args.singles, len(messages)))
    print(f"\n== encode_one latency over {len(singles)} messages (warm), ms ==")
    for threads in sorted({1, 2, encoder.info.threads}):
        one = Encoder.load(cache_dir=args.cache_dir, threads=threads)
        for text in singles[:20]:
            one.encode_one(text)
        latencies = []
        for text in singles:
            t = time.perf_counter()
            one.encode_one(text)
            latencies.append((time.perf_counter() - t) * 1000)
        p50, p95, p99 = np.percentile(latencies, [50, 95, 99])
        print(
            f"  threads {threads}: p50 {p50:6.1f}  p95 {p95:6.1f}  p99 {p99:6.1f}  max {max(latencies):6.1f}"
        )

    print("\n== fresh process: cold start and memory (median of 3) ==")
    runs = [fresh_process_load(args.cache_dir, encoder.info.threads) for _ in range(3)]
    for key in runs[0]:
        print(f"  {key:22s} {np.median([r[key] for r in runs]):8.2f}")

    if args.variants:
        compare_variants(sample, repeats=args.repeats, threads=encoder.info.threads, ours=encoder)
    print(f"\nload average at end {os.getloadavg()[0]:.1f}")


def compare_variants(sample: list[str], *, repeats: int, threads: int, ours: Encoder) -> None:
    """fp32 ONNX and ORT's per-tensor quantize_dynamic against our per-token int8."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from heartline.encoder.export import export_fp32
    from heartline.encoder.weights import package_model_dir

    work = Path(tempfile.mkdtemp(prefix="bench-encoder-"))
    export_fp32(work / "fp32.onnx", model_dir=package_model_dir())
    quantize_dynamic(
        work / "fp32.onnx", work / "per_tensor.onnx", per_channel=True, weight_type=QuantType.QInt8
    )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3
    sessions = {
        name: ort.InferenceSession(
            str(work / f"{name}.onnx"), options, providers=["CPUExecutionProvider"]
        )
        for name in ("fp32", "per_tensor")
    }
    sessions["per_token (ours)"] = ours._session
    encodings = ours._tokenizer.encode_batch(sample)
    order = sorted(range(len(sample)), key=lambda i: len(encodings[i].ids))

    def run(session: ort.InferenceSession, rows: list[int]) -> np.ndarray:
        counts = [len(encodings[i].ids) for i in rows]
        ids = np.zeros((len(rows), max(counts)), np.int64)
        for r, i in enumerate(rows):
            ids[r, : counts[r]] = encodings[i].ids
        mask = (ids != 0).astype(np.int64)
        return np.asarray(
            session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": mask})[0]
        )

    batches = [order[i : i + 64] for i in range(0, len(order), 64)]
    reference = np.zeros((len(sample), 384), np.float32)
    for rows in batches:
        reference[rows] = run(sessions["fp32"], rows)
    print(f"\n== variants, {len(sample)} messages, sorted batches of 64 ==")
    print(
        f"  {'variant':18s} {'msg/s':>7s} {'cos mean':>9s} {'cos min':>8s} {'batch≠single max':>17s}"
    )
    for name, session in sessions.items():
        out = np.zeros_like(reference)
        seconds = best_of(
            repeats, lambda s=session, o=out: [o.__setitem__(r, run(s, r)) for r in batches]
        )
        cosine = (out * reference).sum(axis=1)
        single = np.concatenate([run(session, [i]) for i in order[:100]])
        drift = np.abs(single - out[order[:100]]).max()
        print(
            f"  {name:18s} {len(sample) / seconds:7.1f} {cosine.mean():9.4f} {cosine.min():8.4f} {drift:17.2e}"
        )


if __name__ == "__main__":
    main()
