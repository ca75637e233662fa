"""Heads on disk: a folder of ``config.json`` + ``weights.safetensors`` + ``card.md``.

Weights are stored as float16 (half the bytes, no measurable change in
decisions at this size) and read back as float32. No pickles: a model folder
can be inspected with a text editor and any safetensors reader.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from heartline.errors import ModelError
from heartline.heads.config import HeadConfig
from heartline.heads.model import Head

log = logging.getLogger(__name__)

CONFIG = "config.json"
WEIGHTS = "weights.safetensors"
CARD = "card.md"
PACKAGED = Path(__file__).resolve().parent.parent / "models"
"""Where heartline's own heads live (``src/heartline/models/<name>/``)."""


def save(head: Head, folder: Path, *, card: str | None = None) -> Path:
    """Write ``head`` to ``folder`` (created; files replaced atomically)."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    tensors = {k: np.ascontiguousarray(v, dtype=np.float16) for k, v in head.weights.items()}
    _atomic(folder / WEIGHTS, lambda p: save_file(tensors, str(p), metadata={"name": head.config.registry_name}))
    text = json.dumps(head.config.to_dict(), indent=2, ensure_ascii=False) + "\n"
    _atomic(folder / CONFIG, lambda p: p.write_text(text, encoding="utf-8"))
    if card is not None:
        _atomic(folder / CARD, lambda p: p.write_text(card, encoding="utf-8"))
    return folder


def load(folder: Path | str) -> Head:
    """Read a head folder; a missing or damaged folder raises :class:`ModelError`."""
    from safetensors import SafetensorError
    from safetensors.numpy import load_file

    folder = Path(folder)
    hint = "retrain it with `heartline train TASK`, or reinstall heartline"
    try:
        config = HeadConfig.from_dict(json.loads((folder / CONFIG).read_text(encoding="utf-8")))
        weights = load_file(str(folder / WEIGHTS))
    except FileNotFoundError as exc:
        raise ModelError(f"model folder {folder} is incomplete: {Path(exc.filename or '').name} missing", hint=hint) from exc
    except (json.JSONDecodeError, SafetensorError, OSError) as exc:
        raise ModelError(f"model folder {folder} is damaged ({type(exc).__name__})", hint=hint) from exc
    return Head(config, weights)


def load_packaged(name: str) -> Head:
    """One of heartline's own heads by short name (``customer_emotion``)."""
    folder = PACKAGED / name
    if not (folder / CONFIG).exists():
        raise ModelError(
            f"heartline has no trained head '{name}' (looked in {folder})",
            hint=f"train it with `heartline train` (known heads: {', '.join(packaged_names()) or 'none'})",
        )
    return load(folder)


def packaged_names() -> list[str]:
    """Short names of the heads shipped in ``src/heartline/models``."""
    if not PACKAGED.is_dir():
        return []
    return sorted(p.name for p in PACKAGED.iterdir() if (p / CONFIG).exists())


def folder_bytes(folder: Path) -> int:
    """Bytes of all files under ``folder``."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _atomic(path: Path, write: object) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(Path(tmp))  # type: ignore[operator]
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; model folders are package data
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
