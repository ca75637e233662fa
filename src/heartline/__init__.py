"""heartline: empathy analytics and coaching for customer service."""

from __future__ import annotations

__version__ = "0.1.0"
