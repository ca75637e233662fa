"""heartline's web app: a thin shell over the services (see ``app.create_app``)."""

from __future__ import annotations

from heartline.web.app import create_app

__all__ = ["create_app"]
