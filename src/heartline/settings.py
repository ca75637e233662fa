"""Settings shared by the CLI, the web app and batch workers, read from the environment.

Every setting is documented in ``docs/settings.md`` (a test checks that).
The core (conversation model, encoder, analysers) never reads settings: it is
handed what it needs.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from heartline.errors import ConfigError


def default_data_dir() -> Path:
    """``$HEARTLINE_DATA_DIR``, else ``$XDG_DATA_HOME/heartline``, else ``~/.local/share/heartline``."""
    if env := os.environ.get("HEARTLINE_DATA_DIR"):
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "heartline"


@dataclass(frozen=True)
class Settings:
    """Where heartline keeps its data and which database it uses.

    Attributes:
        data_dir: folder for the default SQLite file and the local secret key.
        database_url: SQLAlchemy URL; defaults to ``sqlite:///<data_dir>/heartline.db``.
        secret_key: keys customer pseudonyms and signed links.
        coach_llm_url: base URL of an OpenAI-compatible chat API that may rewrite
            suggestions more fluently; None (the default) keeps everything local.
        coach_llm_model: the model name to ask that API for.
        coach_llm_api_key: its API key, if it needs one.
        coach_llm_timeout: seconds to wait before falling back to heartline's composer.
    """

    data_dir: Path
    database_url: str
    secret_key: bytes
    coach_llm_url: str | None = None
    coach_llm_model: str | None = None
    coach_llm_api_key: str | None = None
    coach_llm_timeout: float = 10.0

    @classmethod
    def from_env(cls, *, database_url: str | None = None) -> Settings:
        """Settings from the environment; ``database_url`` overrides ``HEARTLINE_DATABASE_URL``."""
        data_dir = default_data_dir()
        url = database_url or os.environ.get("HEARTLINE_DATABASE_URL") or (
            f"sqlite:///{data_dir / 'heartline.db'}"
        )
        timeout = os.environ.get("HEARTLINE_COACH_LLM_TIMEOUT", "10")
        try:
            coach_timeout = float(timeout)
        except ValueError:
            raise ConfigError("HEARTLINE_COACH_LLM_TIMEOUT is not a number of seconds",
                              hint="e.g. HEARTLINE_COACH_LLM_TIMEOUT=10") from None
        return cls(
            data_dir=data_dir, database_url=url, secret_key=_secret_key(data_dir),
            coach_llm_url=os.environ.get("HEARTLINE_COACH_LLM_URL") or None,
            coach_llm_model=os.environ.get("HEARTLINE_COACH_LLM_MODEL") or None,
            coach_llm_api_key=os.environ.get("HEARTLINE_COACH_LLM_API_KEY") or None,
            coach_llm_timeout=coach_timeout,
        )


def _secret_key(data_dir: Path) -> bytes:
    """``$HEARTLINE_SECRET_KEY``, else a random key kept in ``<data_dir>/secret.key``.

    The key file is created once with mode 0600. Installations that share one
    PostgreSQL database across machines must set HEARTLINE_SECRET_KEY on all
    of them, or the same customer gets different pseudonyms.
    """
    if env := os.environ.get("HEARTLINE_SECRET_KEY"):
        if len(env) < 32:
            raise ConfigError(
                "HEARTLINE_SECRET_KEY is too short",
                hint="use at least 32 random characters, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`",
            )
        return env.encode()
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
