"""The eval contract, on a slice of each task's dev split: one JSON object, the promised metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from heartline.training import datasets, tasks

ISSUE_TASKS = {"goemotions", "goemotions-ekman", "goemotions-sentiment", "cs-emotion", "politeness", "intent",
               "customer-relational", "satisfaction"}
MULTI_LABEL = {"goemotions", "goemotions-ekman", "goemotions-sentiment", "customer-relational"}


def _shared() -> Path:
    try:
        return datasets.data_dir()
    except Exception as exc:
        pytest.skip(f"shared data not available: {exc}")


def _slice(task: str, tmp_path: Path, n: int = 40) -> Path:
    src = _shared() / tasks.get(task).dataset / "dev.jsonl"
    out = tmp_path / f"{task}.jsonl"
    out.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:n]), encoding="utf-8")
    return out


def test_every_issue_task_is_registered() -> None:
    assert set(tasks.tasks()) >= ISSUE_TASKS
    for name in ISSUE_TASKS:
        tasks.trainer_of(tasks.get(name).head)  # every head has a trainer


@pytest.mark.parametrize("task", sorted(ISSUE_TASKS))
def test_eval_json_contract(task: str, tmp_path: Path) -> None:
    from heartline.cli.main import app

    path = _slice(task, tmp_path)
    result = CliRunner().invoke(app, ["eval", task, "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)  # exactly one JSON object, nothing else
    assert set(out) == {"task", "n", "metrics"} and out["task"] == task
    records = [json.loads(line) for line in path.read_text().splitlines()]
    if task == "politeness":  # neutral is excluded
        expected = sum(r["label"] != "neutral" for r in records)
    elif task == "satisfaction":  # every user turn
        expected = sum(t["speaker"] == "USER" for r in records for t in r["turns"])
    else:
        expected = len(records)
    assert out["n"] == expected
    m = out["metrics"]
    assert {"macro_f1", "accuracy"} <= set(m)
    assert 0.0 <= m["macro_f1"] <= 1.0 and 0.0 <= m["accuracy"] <= 1.0
    if task in MULTI_LABEL:
        assert {"micro_f1", "per_label"} <= set(m)
    if task == "politeness":
        assert {"wikipedia", "stack-exchange"} & set(m)
    if task == "satisfaction":
        assert {"uar", "kappa", "spearman_rho", "dissatisfaction_f1", "dialogue"} <= set(m)


def test_unknown_task_names_the_known_ones(tmp_path: Path) -> None:
    from heartline.cli.main import app

    result = CliRunner().invoke(app, ["eval", "no-such-task", "--json"])
    assert result.exit_code != 0
