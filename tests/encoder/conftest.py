"""Encoder fixtures: the int8 cache is built once per test session.

Building takes 15-40 s (torch export + quantisation in a child process), so
one session-scoped cache is shared read-only; a test that damages a cache
works on a copy (``cache_copy``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from heartline.encoder import Encoder

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def first_load(tmp_path_factory: pytest.TempPathFactory) -> Encoder:
    """The encoder as loaded into an empty cache dir: this load built the cache."""
    return Encoder.load(cache_dir=tmp_path_factory.mktemp("encoder-cache"))


@pytest.fixture(scope="session")
def built_cache(first_load: Encoder) -> Path:
    """The session's cache root (holds ``encoder/<key>/``); do not modify."""
    return first_load.info.cache_path.parents[1]


@pytest.fixture(scope="session")
def encoder(built_cache: Path) -> Encoder:
    """A ready encoder on the session cache (2 threads, 128 tokens)."""
    return Encoder.load(cache_dir=built_cache, threads=2)


@pytest.fixture
def cache_copy(built_cache: Path, tmp_path: Path) -> Path:
    """A private copy of the built cache root, free to damage."""
    target = tmp_path / "cache"
    shutil.copytree(built_cache, target)
    return target


@pytest.fixture(scope="session")
def cs_sentences() -> list[str]:
    """50 realistic customer-service messages, customer and agent side."""
    lines = (HERE / "cs_sentences.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]
