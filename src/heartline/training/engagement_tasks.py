"""Registers the engagement tasks with ``heartline train`` / ``heartline eval``.

* ``epitome-er``, ``epitome-ip``, ``epitome-ex``: EPITOME empathy mechanisms of a
  reply given the seeker post (``training/empathy_heads.py``);
* ``esconv-strategy``: ESConv support strategy of a supporter utterance given the
  seeker's latest turn;
* ``cs-behaviours`` and one ``cs-<behaviour>`` task per behaviour: customer-service
  behaviours of an agent reply given the customer message it answers
  (``training/cs_behaviour_heads.py``); all read the ``agent_behaviours`` head,
  ``cs-behaviours`` trains it (and ``customer_needs_acknowledgement``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from heartline.heads import folder
from heartline.heads.agent_behaviours import AgentBehaviours
from heartline.heads.model import Head
from heartline.training import cs_behaviour_heads as cs
from heartline.training import empathy_heads as emp
from heartline.training.common import finish
from heartline.training.cs_data import read_exchanges
from heartline.training.embeddings import EncoderBackend
from heartline.training.tasks import Task, TrainContext, register

LABELLED = Path(__file__).resolve().parents[3] / "data" / "labelled"
"""heartline's own labelled behaviour data (data/labelled/README.md)."""

CS_SOURCE = ("cs_behaviours (real Twitter support exchanges labelled by the behaviour guidelines) plus "
             "data/labelled (heartline-authored, Bitext, Stanford Politeness and EPITOME rows relabelled).")
CS_LICENCE = ("cs_behaviours: as TWCS (CC BY-NC-SA 4.0, unverified) / IBM (Apache-2.0); data/labelled: per row "
              "(heartline proprietary, CDLA-Sharing-1.0, Apache-2.0, EPITOME academic non-commercial).")


def train_cs(ctx: TrainContext) -> Head:
    """Train ``agent_behaviours`` and ``customer_needs_acknowledgement``; dev is only scored."""
    rows = cs.training_rows(ctx.data_dir, LABELLED)
    enc = cs.encode(rows, ctx.backend, stage="encoding behaviour train", report=ctx.report)
    model, report = cs.fit_all(rows, enc, encoder_id=ctx.backend.id, on_progress=ctx.report)
    dev = read_exchanges(ctx.data_dir / "cs_behaviours" / "dev.jsonl")
    found = cs.evaluate_rows(model, dev, cs.encode(dev, ctx.backend, stage="encoding behaviour dev"),
                             cs.EVAL_TASKS["cs-behaviours"])
    training = {"data": f"../shared/data/cs_behaviours/train.jsonl + data/labelled ({len(rows)} rows)",
                "selection": "regularisation by grouped 5-fold CV on train; thresholds on out-of-fold "
                "probabilities (real train rows when they hold 20+ positives); dev only scored",
                "cross_validation": report}
    common = {"data": CS_SOURCE, "source": "heartline behaviour guidelines (shared/reference/behaviour-guidelines.md)",
              "licence": CS_LICENCE}
    limits = ("Real dev has 4 acknowledgements, no rude and no over-apologising replies: those figures rest on "
              "cross-validation over mostly authored data. Twitter-length replies; long emails are truncated.")
    needs = model.needs_ack
    needs = Head(replace(needs.config, encoder=ctx.backend.id,
                         extra={**needs.config.extra, **common, "limits": limits}), needs.weights)
    finish(needs, metrics={"cross_validation": report.get("customer_needs_acknowledgement", {})},
           training=training, out_dir=ctx.out_dir)
    head = model.head
    head = Head(replace(head.config, extra={
        **head.config.extra, **common, "limits": limits,
        "anchor": "no published figure; the phrase-list baseline on the same dev split is reported beside each "
                  "behaviour (baseline_per_label)"}), head.weights)
    return finish(head, metrics=found, training=training, out_dir=ctx.out_dir)


def evaluate_cs(names: tuple[str, ...], head: Head, path: Path, backend: EncoderBackend) -> tuple[int, dict[str, Any]]:
    """Behaviour metrics on a file in the layout of cs_behaviours/dev.jsonl."""
    model = AgentBehaviours(head, folder.load_packaged("customer_needs_acknowledgement"))
    rows = read_exchanges(path)
    return len(rows), cs.evaluate_rows(model, rows, cs.encode(rows, backend), names)


def _register() -> None:
    for task in emp.TASKS.values():
        register(Task(
            name=task.name, dataset=task.dataset, head=task.head,
            evaluate=partial(emp.evaluate, task), train=partial(emp.train, task),
            anchor=task.anchor, anchor_source=task.anchor_text, target=task.anchor,
        ))
    for name, behaviours in cs.EVAL_TASKS.items():
        register(Task(
            name=name, dataset="cs_behaviours", head="agent_behaviours",
            evaluate=partial(evaluate_cs, behaviours), train=train_cs if name == "cs-behaviours" else None,
            anchor_source="phrase-list baseline on the same file (baseline_f1 / baseline_per_label)",
            headline="macro_f1",
        ))


_register()
