"""Deterministic choice among phrasings, and filling them."""

from __future__ import annotations

import subprocess
import sys

from heartline.coaching.phrasing import fill, pick, pick_index


def test_pick_is_stable_across_processes() -> None:
    here = pick(["a", "b", "c", "d", "e", "f", "g"], "conv-1", "m2", "ack")
    code = ("from heartline.coaching.phrasing import pick; "
            "print(pick(['a','b','c','d','e','f','g'], 'conv-1', 'm2', 'ack'))")
    there = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": "123"}).stdout.strip()
    assert here == there


def test_pick_spreads_over_the_options() -> None:
    seen = {pick_index(5, "conv", str(i)) for i in range(100)}
    assert seen == {0, 1, 2, 3, 4}


def test_fill_capitalises_on_request() -> None:
    assert fill("{Clause}, and {clause}.", clause="your order is late") == \
        "Your order is late, and your order is late."
