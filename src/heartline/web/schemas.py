"""The JSON shapes of the API, as pydantic models (they also make ``/openapi.json``).

Requests are validated strictly: unknown fields are refused, roles are only
``customer`` or ``agent``, and sizes are capped so one request cannot tie up
the engine (the caps are in ``docs/assist.md``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MESSAGES = 200
MAX_TEXT_CHARS = 20_000

Text = Annotated[str, Field(max_length=MAX_TEXT_CHARS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class AssistMessage(_Strict):
    """One earlier message of the conversation."""

    role: Literal["customer", "agent"]
    text: Text


class AssistRequest(_Strict):
    """The conversation so far and the agent's draft reply."""

    messages: Annotated[list[AssistMessage], Field(max_length=MAX_MESSAGES)]
    draft: Text = ""


class CustomerOut(BaseModel):
    """How the customer feels now and what they need."""

    emotion: str
    intensity: float
    needs: list[str]


class StageScores(BaseModel):
    """The draft's empathy scores, 0–100."""

    cognitive: float
    emotional: float
    compassionate: float
    empathy: float


class DraftOut(BaseModel):
    """The draft, scored."""

    scores: StageScores
    behaviours: dict[str, bool]


class WarningOut(BaseModel):
    """Something in (or missing from) the draft; ``span`` is [start, end) in the draft."""

    kind: str
    message: str
    span: list[int] | None


class AssistResponse(BaseModel):
    """What ``POST /api/v1/assist`` returns."""

    customer: CustomerOut
    draft: DraftOut
    warnings: list[WarningOut]
    suggested_acknowledgement: str | None
    timing_ms: float


class WhoAmI(BaseModel):
    """The caller, as the server sees them."""

    user: str
    token_id: int | None


class Health(BaseModel):
    """Liveness, and whether the assist engine loaded."""

    status: Literal["ok"]
    engine: Literal["ready", "unavailable"]
