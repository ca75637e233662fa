"""The engagement tasks keep the eval contract on slices of their dev files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.heads import folder
from heartline.training import tasks
from heartline.training.backends import backend_for

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
ENGAGEMENT = ["epitome-er", "epitome-ip", "epitome-ex", "esconv-strategy", "cs-behaviours", "cs-explores",
              "cs-acknowledges-emotion", "cs-mirrors-problem", "cs-takes-action", "cs-generic-sympathy", "cs-rude"]


def test_engagement_tasks_are_registered() -> None:
    table = tasks.tasks()
    assert set(ENGAGEMENT) <= set(table)
    assert tasks.trainer_of("agent_behaviours").name == "cs-behaviours"
    assert all(table[n].train is None for n in ENGAGEMENT if n.startswith("cs-") and n != "cs-behaviours")


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not present")
@pytest.mark.parametrize("name", ["epitome-ex", "esconv-strategy", "cs-behaviours", "cs-rude"])
def test_eval_contract_on_a_slice(name: str, tmp_path: Path) -> None:
    task = tasks.get(name)
    if task.head not in folder.packaged_names():
        pytest.skip(f"{task.head} not trained")
    lines = (SHARED / task.dataset / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    part = tmp_path / "slice.jsonl"
    part.write_text("\n".join(lines[: 3 if task.dataset == "esconv" else 24]) + "\n", encoding="utf-8")
    head = folder.load_packaged(task.head)
    out = tasks.evaluate(name, part, backend_for(head.config.encoder, prefer="auto"), head=head)
    json.dumps(out)  # plain JSON
    assert out["task"] == name and out["n"] > 0
    assert 0.0 <= out["metrics"]["macro_f1"] <= 1.0
    assert 0.0 <= out["metrics"]["accuracy"] <= 1.0
    if name == "cs-behaviours":
        assert set(out["metrics"]["per_label"]) == set(out["metrics"]["baseline_per_label"])
    if name == "cs-rude":
        assert "baseline_f1" in out["metrics"]
