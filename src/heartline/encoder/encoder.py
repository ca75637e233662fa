"""heartline's shared sentence encoder: one int8 MiniLM pass per message.

The same object serves the CLI batch path, web requests, Ray workers and the
real-time assist: ``encode`` for many texts, ``encode_one`` for one. Both
feed the same ``_run``, and the graph quantises each token row on its own
(see quantize.py), so a text gets the same numbers whatever it is batched
with. Only onnxruntime, tokenizers and numpy are used here.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding

from heartline.encoder.batch import DIM, EncodedBatch, TokenVectors
from heartline.encoder.cache import ensure_cache
from heartline.encoder.tokenizer import MAX_POSITIONS, WordPieceTokenizer
from heartline.errors import ConfigError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncoderInfo:
    """Where an encoder came from and how it runs (for logs, `heartline info`, tests).

    Attributes:
        id: names what the embeddings depend on (weights, adapter, export
            version) but not the machine or ORT version; heads record it.
        built: True when this load built the cache.
    """

    id: str
    cache_path: Path
    cache_key: str
    built: bool
    threads: int
    max_tokens: int
    load_seconds: float


def default_threads() -> int:
    """CPU cores this process may use (affinity-aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Encoder:
    """Sentence embeddings and token vectors for customer-service messages.

    Build it with ``Encoder.load``. Instances hold no mutable state, so one
    encoder can serve many threads at once.
    """

    dim = DIM

    def __init__(
        self, session: ort.InferenceSession, tokenizer: WordPieceTokenizer, *, info: EncoderInfo
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.info = info

    @property
    def id(self) -> str:
        """What the embeddings depend on, e.g. ``all-MiniLM-L6-v2.int8-per-token.v1``."""
        return self.info.id

    @classmethod
    def load(
        cls,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        adapter: str | os.PathLike[str] | None = None,
        threads: int | None = None,
        max_tokens: int = 128,
    ) -> Encoder:
        """Load the int8 encoder, building its cache on first use.

        Args:
            cache_dir: heartline's cache root; default $HEARTLINE_CACHE_DIR,
                then $XDG_CACHE_HOME/heartline, then ~/.cache/heartline.
            adapter: a folder of weight deltas merged in before export
                (see ``heartline.encoder.adapter``).
            threads: ORT intra-op threads; default the cores available.
            max_tokens: texts are truncated to this many tokens, [CLS] and
                [SEP] included (2..512).

        Raises:
            ConfigError: an option is out of range.
            ModelError: the weights or the cache cannot be used or built.
        """
        if not 2 <= max_tokens <= MAX_POSITIONS:
            raise ConfigError(
                f"max_tokens must be between 2 and {MAX_POSITIONS}, got {max_tokens}",
                hint="128 covers all but a handful of chat and social messages",
            )
        threads = default_threads() if threads is None else threads
        if threads < 1:
            raise ConfigError(f"threads must be at least 1, got {threads}")
        started = time.perf_counter()
        entry = ensure_cache(
            cache_dir=cache_dir, adapter=Path(adapter).resolve() if adapter is not None else None
        )
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle pool threads would spin for work and steal the few shared cores from
        # the calling thread and neighbours (web workers, Ray actors); measured no slower.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3  # ORT's own warnings go to stderr, not our logs
        session = ort.InferenceSession(
            entry.model_bytes, options, providers=["CPUExecutionProvider"]
        )
        tokenizer = WordPieceTokenizer(entry.tokenizer_json, max_tokens=max_tokens)
        inputs = entry.manifest["inputs"]
        adapter_sha = inputs.get("adapter_sha256")
        info = EncoderInfo(
            id="all-MiniLM-L6-v2.int8-per-token"
            + (f".adapter-{adapter_sha[:12]}" if adapter_sha else "")
            + f".v{inputs['export_version']}",
            cache_path=entry.path,
            cache_key=entry.key,
            built=entry.built,
            threads=threads,
            max_tokens=max_tokens,
            load_seconds=time.perf_counter() - started,
        )
        logger.debug("encoder loaded in %.2f s from %s", info.load_seconds, entry.path)
        return cls(session, tokenizer, info=info)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 64, with_tokens: bool = False
    ) -> EncodedBatch:
        """Encode many texts: duplicates once, length-sorted batches, caller's order kept.

        Args:
            texts: the messages; empty and whitespace-only texts are fine.
            batch_size: texts per model call.
            with_tokens: also return token vectors and character offsets.
        """
        return self._encode(texts, batch_size=batch_size, with_tokens=with_tokens)

    def encode_one(self, text: str, *, with_tokens: bool = False) -> EncodedBatch:
        """Encode a single text with no batching overhead (the real-time path).

        Gives the same numbers as ``encode([text])`` and as ``text`` inside
        any larger batch.
        """
        if not isinstance(text, str):
            raise TypeError(f"encode_one takes a str, got {type(text).__name__}")
        embeddings, counts, tokens = self._run([self._tokenizer.encode(text)], with_tokens)
        return EncodedBatch(
            texts=(text,),
            embeddings=embeddings,
            token_counts=counts,
            tokens=tuple(tokens) if with_tokens else None,
        )

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens per text before truncation, specials included (to size ``max_tokens``)."""
        return self._tokenizer.count_tokens(_check_texts(texts))

    def _encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int,
        with_tokens: bool,
        sort: bool = True,
        dedupe: bool = True,
    ) -> EncodedBatch:
        # sort/dedupe exist so benchmarks/bench_encoder.py can measure what they buy.
        texts = _check_texts(texts)
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        if dedupe:
            first: dict[str, int] = {}
            slots = [first.setdefault(t, len(first)) for t in texts]
            unique = list(first)
        else:
            slots, unique = list(range(len(texts))), list(texts)
        encodings = self._tokenizer.encode_batch(unique) if unique else []
        order = list(range(len(unique)))
        if sort:
            # Similar lengths share a batch, so little compute is spent on padding.
            order.sort(key=lambda i: len(encodings[i].ids))
        embeddings = np.empty((len(unique), DIM), np.float32)
        counts = np.empty(len(unique), np.int32)
        tokens: list[TokenVectors | None] = [None] * len(unique)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            emb, cnt, tok = self._run([encodings[i] for i in rows], with_tokens)
            embeddings[rows] = emb
            counts[rows] = cnt
            for row, vectors in zip(rows, tok, strict=False):
                tokens[row] = vectors
        logger.debug(
            "encoded %d texts (%d unique), %d truncated at %d tokens",
            len(texts), len(unique), int((counts == self._tokenizer.max_tokens).sum()),
            self._tokenizer.max_tokens,
        )  # fmt: skip
        return EncodedBatch(
            texts=tuple(texts),
            embeddings=embeddings[slots] if dedupe else embeddings,
            token_counts=counts[slots] if dedupe else counts,
            tokens=tuple(tokens[s] for s in slots) if with_tokens else None,  # type: ignore[misc]
        )

    def _run(
        self, encodings: Sequence[Encoding], with_tokens: bool
    ) -> tuple[np.ndarray, np.ndarray, list[TokenVectors]]:
        """One model call on a padded batch; every other path goes through here."""
        counts = np.array([len(e.ids) for e in encodings], np.int32)
        ids = np.zeros((len(encodings), int(counts.max())), np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : counts[row]] = encoding.ids
        mask = (np.arange(ids.shape[1]) < counts[:, None]).astype(np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if not with_tokens:
            # Asking only for the pooled output spares copying the hidden states out.
            (embeddings,) = self._session.run(["sentence_embedding"], feeds)
            return embeddings, counts, []
        embeddings, hidden, norms = self._session.run(
            ["sentence_embedding", "token_embeddings", "mean_norm"], feeds
        )
        tokens = []
        for row, encoding in enumerate(encodings):
            states = hidden[row, : counts[row]]
            special = np.asarray(encoding.special_tokens_mask, bool)
            tokens.append(
                TokenVectors(
                    vectors=np.ascontiguousarray(states[~special]),
                    offsets=np.asarray(encoding.offsets, np.int32).reshape(-1, 2)[~special],
                    pooled_count=int(counts[row]),
                    mean_norm=float(norms[row]),
                    special_sum=states[special].sum(axis=0),
                )
            )
        return embeddings, counts, tokens


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("encode takes a sequence of texts; for one text use encode_one(text)")
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] is a {type(text).__name__}, not a str")
    return texts
