"""`heartline serve`: a real server process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "HEARTLINE_DATA_DIR": str(tmp_path),
           "HEARTLINE_DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}"}
    proc = subprocess.Popen([sys.executable, "-m", "heartline", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        health = None
        for _ in range(150):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health is not None and health.status_code == 200
        assert health.json()["status"] == "ok"
        anonymous = httpx.post(f"http://127.0.0.1:{port}/api/v1/assist",
                               json={"messages": [], "draft": "hi"})
        assert anonymous.status_code == 401
        assert "server" not in anonymous.headers  # no version banner
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=20)
    # uvicorn re-raises SIGTERM after a graceful shutdown, so -15 is a clean stop too.
    assert proc.returncode in (0, -15), err
    assert "Application shutdown complete" in err
    assert f"127.0.0.1:{port}" in err
    assert "/api/v1/assist 401" in err  # heartline's own access line, by route
