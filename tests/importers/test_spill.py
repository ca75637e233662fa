"""The SQLite spill: grouping, ordering, bad groups, duplicates, clean-up."""

from __future__ import annotations

from heartline.importers.spill import GroupedSpill, SeenIds


def test_groups_come_back_in_first_seen_order_sorted_by_time_then_row() -> None:
    with GroupedSpill() as spill:
        assert spill.add("b", "1", 20.0, 1, {"n": "b1"})
        assert spill.add("a", "1", None, 2, {"n": "a-untimed"})
        assert spill.add("a", "2", 5.0, 3, {"n": "a2"})
        assert spill.add("b", "2", 10.0, 4, {"n": "b2"})
        assert spill.add("a", "3", 5.0, 5, {"n": "a3"})
        assert not spill.add("a", "2", 1.0, 6, {"n": "dup"})
        spill.add("c", "1", 1.0, 7, {"n": "c1"})
        spill.mark_bad("c")
        groups = [(g, [r["n"] for r in recs]) for g, recs in spill.groups()]
        path = spill.path
        assert path.exists()
    assert not path.exists()
    assert groups == [("b", ["b2", "b1"]), ("a", ["a2", "a3", "a-untimed"])]


def test_seen_ids_move_to_disk_past_the_limit() -> None:
    with SeenIds(limit=3) as seen:
        assert all(seen.add(str(i)) for i in range(10))
        assert seen._spill is not None and not seen._ids  # spilled, memory released
        assert not seen.add("2") and not seen.add("9")
        assert seen.add("10")
        spill_path = seen._spill.path
    assert not spill_path.exists()
