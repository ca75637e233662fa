"""The core knows nothing of storage, web or CLI (STYLE.md, point 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "heartline"
SHELLS = {"storage", "services", "web", "cli", "batch"}
FORBIDDEN_IN_CORE = {"sqlalchemy", "alembic", "fastapi", "starlette", "typer", "rich", "click",
                     "heartline.storage", "heartline.services", "heartline.web", "heartline.cli",
                     "heartline.batch", "heartline.settings"}
# training/ may use torch and scikit-learn, but is core-like otherwise.
FORBIDDEN_ON_RUN_PATH = {"torch", "sklearn", "transformers", "sentence_transformers"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _hits(names: set[str], forbidden: set[str]) -> set[str]:
    return {n for n in names for f in forbidden if n == f or n.startswith(f + ".")}


def _core_modules() -> list[Path]:
    return [p for p in PKG.rglob("*.py")
            if p.relative_to(PKG).parts[0] not in SHELLS and p.name != "__main__.py"]


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_core_imports_no_shell(path: Path) -> None:
    assert not _hits(_imports(path), FORBIDDEN_IN_CORE)


def test_run_path_does_not_import_training_stacks() -> None:
    """Serving needs onnxruntime and numpy only; torch stays in training/ and encoder export."""
    offenders = {}
    for path in _core_modules():
        rel = path.relative_to(PKG)
        if rel.parts[0] == "training" or rel.name == "export.py":
            continue
        top_level = {n for n in _imports(path)}  # lazy imports inside functions count too
        if hits := _hits(top_level, FORBIDDEN_ON_RUN_PATH):
            offenders[str(rel)] = hits
    assert offenders == {}


def test_library_never_prints() -> None:
    offenders = []
    for path in PKG.rglob("*.py"):
        if path.relative_to(PKG).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert offenders == []
