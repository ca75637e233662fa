"""The registry: built-ins and plug-ins register the same way, with checked declarations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from heartline.analysers import (
    Analyser,
    AnalysisBatch,
    Declaration,
    create,
    register,
    registered,
    unregister,
)
from heartline.conversation import Message, Role
from heartline.errors import ConfigError, NotFoundError


class Shouting(Analyser):
    declaration = Declaration(
        name="test_shouting", requires=(), assigns=("shouting",), roles=(Role.CUSTOMER,),
        construct="share of upper-case letters", source="none (test)",
    )

    def __init__(self, *, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def config(self) -> dict[str, Any]:
        return {"threshold": self.threshold}

    def predict(self, batch: AnalysisBatch) -> list[dict[str, Any]]:
        out = []
        for m in batch.messages:
            letters = [c for c in m.text if c.isalpha()]
            share = sum(c.isupper() for c in letters) / max(len(letters), 1)
            out.append({"shouting": share >= self.threshold})
        return out


@pytest.fixture
def shouting() -> Iterator[type[Shouting]]:
    register(Shouting)
    yield Shouting
    unregister("test_shouting")


def test_registered_analyser_is_created_from_config(shouting: type[Shouting]) -> None:
    assert registered()["test_shouting"] is shouting
    made = create("test_shouting", {"threshold": 0.9})
    batch = AnalysisBatch(messages=(Message(id="1", role=Role.CUSTOMER, text="WHERE IS IT"),))
    assert made.predict(batch) == [{"shouting": True}]
    assert made.config() == {"threshold": 0.9}


def test_duplicate_names_are_refused(shouting: type[Shouting]) -> None:
    class Other(Shouting):
        pass

    with pytest.raises(ConfigError, match="two analysers"):
        register(Other)


def test_unknown_feature_is_refused() -> None:
    class Needy(Shouting):
        declaration = Declaration(
            name="test_needy", requires=("crystal_ball",), assigns=("x",), roles=(Role.AGENT,),
            construct="-", source="-",
        )

    with pytest.raises(ConfigError, match="crystal_ball"):
        register(Needy)


def test_unknown_name_lists_known_ones(shouting: type[Shouting]) -> None:
    with pytest.raises(NotFoundError, match="test_shouting"):
        create("no_such_analyser")
