"""heartline: empathy analytics and coaching for customer service.

``heartline.analyze(conversations)`` is the Python API (see ``heartline.api``);
it loads the models on first use, not on import.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def analyze(data: Any, **options: Any) -> Any:
    """Analyse conversations; see :func:`heartline.api.analyze`."""
    from heartline.api import analyze as _analyze

    return _analyze(data, **options)


__all__ = ["__version__", "analyze"]
