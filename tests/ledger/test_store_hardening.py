"""The store under stress (issue 15): streaming all-or-nothing imports across chunks, the
maintained series summary, rebuild in place, replaced files, read-only and busy ledgers."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from warledger.api.present import series_summaries
from warledger.errors import InputError, LedgerReadOnly, LedgerReplaced, StoreBusy
from warledger.ledger.store import Ledger, open_ledger
from warledger.ledger.writer import CHUNK

SOURCE = {"id": "src-a", "publisher": "Reuters", "url": "https://www.reuters.com/a",
          "published": "2024-05"}


def row(i: int, **overrides: str) -> dict[str, str]:
    data = {"provider": "PRK", "recipient": "RUS", "category": "artillery_shells",
            "quantity_low": str(1000 + i), "quantity_high": str(1000 + i), "qualifier": "exact",
            "unit": "round", "basis": "delivered", "as_of": f"2024-{1 + i % 12:02d}",
            "source_id": "src-a", "note": f"row {i}"}
    return data | overrides


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def source_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "sources.csv", [SOURCE])


def test_a_bad_row_after_several_chunks_writes_nothing(empty_ledger: Ledger, tmp_path: Path,
                                                       source_csv: Path) -> None:
    rows = [row(i) for i in range(2 * CHUNK + 10)] + [row(0, quantity_low="inf",
                                                          quantity_high="inf")]
    path = write_csv(tmp_path / "o.csv", rows)
    with pytest.raises(InputError) as info:
        empty_ledger.import_paths([source_csv, path])
    found = {(p.line, p.field) for p in info.value.problems}
    assert found == {(2 * CHUNK + 12, "quantity_low"), (2 * CHUNK + 12, "quantity_high")}
    assert empty_ledger.count_observations() == 0
    assert empty_ledger.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_same_id_with_other_content_in_two_chunks_is_a_conflict(
        empty_ledger: Ledger, tmp_path: Path, source_csv: Path) -> None:
    first = row(1) | {"origin": "briefing A"}
    rows = [first] + [row(i) for i in range(2, CHUNK + 5)] + [row(1) | {"origin": "briefing B"}]
    path = write_csv(tmp_path / "o.csv", rows)
    with pytest.raises(InputError) as info:
        empty_ledger.import_paths([source_csv, path])
    [problem] = info.value.problems
    assert problem.code == "duplicate-id" and "appears twice in this import" in problem.message
    assert problem.line == len(rows) + 1  # header is line 1; the repeat is the last row


def test_identical_repeats_and_reimports_add_nothing(empty_ledger: Ledger, tmp_path: Path,
                                                     source_csv: Path) -> None:
    path = write_csv(tmp_path / "o.csv", [row(1), row(2), row(1)])
    first = empty_ledger.import_paths([source_csv, path])
    assert (first.added_observations, first.added_sources) == (2, 1)
    again = empty_ledger.import_paths([source_csv, path])
    assert (again.added_observations, again.skipped_observations, again.import_id) == (0, 2,
                                                                                      None)


def test_observations_may_come_before_their_source_file(empty_ledger: Ledger, tmp_path: Path,
                                                        source_csv: Path) -> None:
    path = write_csv(tmp_path / "o.csv", [row(1)])
    assert empty_ledger.import_paths([path, source_csv]).added_observations == 1
    lonely = write_csv(tmp_path / "p.csv", [row(2, source_id="nowhere")])
    with pytest.raises(InputError, match="neither in this import nor in the ledger"):
        empty_ledger.import_paths([lonely])


def summary_as_api(ledger: Ledger) -> list[tuple[object, ...]]:
    from warledger.api.present import summaries_of

    return [tuple(s.model_dump().values()) for s in summaries_of(ledger.series_summary())]


def test_series_summary_equals_the_summary_computed_from_every_row(
        tmp_path: Path, source_csv: Path) -> None:
    with open_ledger(tmp_path / "l.db") as ledger:  # bundled rows: many series
        expected = [tuple(s.model_dump().values())
                    for s in series_summaries(ledger.observations())]
        assert summary_as_api(ledger) == expected
        rows = [row(i, as_of=f"20{10 + i % 15}-0{1 + i % 9}") for i in range(50)]
        rows.append(row(99, quantity_low="1", quantity_high="999999999", qualifier="range",
                        as_of="", period_end="2031-01"))
        rows.append(row(98, as_of="", period_start="2024-07", period_end="2024-07"))  # a flow
        ledger.import_paths([source_csv, write_csv(tmp_path / "o.csv", rows)])
        expected = [tuple(s.model_dump().values())
                    for s in series_summaries(ledger.observations())]
        assert summary_as_api(ledger) == expected


def test_rebuild_in_place_is_atomic_for_a_reader(tmp_path: Path, source_csv: Path) -> None:
    db = tmp_path / "l.db"
    with open_ledger(db) as ledger:
        bundled = ledger.count_observations()
        ledger.import_paths([source_csv, write_csv(tmp_path / "o.csv", [row(1), row(2)])])
    reader = open_ledger(db, bundled=False)
    before = os.stat(db).st_ino
    reader.conn.execute("BEGIN")  # a read transaction: it keeps its snapshot
    assert reader.count_observations() == bundled + 2
    with open_ledger(db, bundled=False) as writer:
        writer.rebuild()
    assert reader.count_observations() == bundled + 2  # still the old snapshot
    reader.conn.execute("COMMIT")
    assert reader.count_observations() == bundled  # then the rebuilt ledger, same file
    assert os.stat(db).st_ino == before and not reader.replaced()
    reader.close()


def test_a_ledger_never_writes_into_a_replaced_file(tmp_path: Path, source_csv: Path) -> None:
    db, other = tmp_path / "l.db", tmp_path / "other.db"
    open_ledger(other, bundled=False).close()
    ledger = open_ledger(db, bundled=False)
    os.replace(other, db)  # e.g. a rebuild by file replacement while the ledger is open
    with pytest.raises(LedgerReplaced, match="removed or replaced"):
        ledger.import_paths([source_csv, write_csv(tmp_path / "o.csv", [row(1)])])
    ledger.close()
    with open_ledger(db, bundled=False) as fresh:
        assert fresh.count_observations() == 0


def test_read_only_ledger_browses_and_refuses_writes_with_the_reason(
        tmp_path: Path, source_csv: Path) -> None:
    db = tmp_path / "l.db"
    open_ledger(db).close()
    with open_ledger(db, read_only=True) as ledger:
        assert ledger.count_observations() > 0
        assert ledger.series_summary()
        with pytest.raises(LedgerReadOnly, match=r"read-only \(opened read-only\)"):
            ledger.import_paths([source_csv])


def test_read_only_ledger_in_a_read_only_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions; read_only=True covers the same path")
    folder = tmp_path / "ro"
    folder.mkdir()
    open_ledger(folder / "l.db").close()
    folder.chmod(0o555)
    try:
        with open_ledger(folder / "l.db") as ledger:
            assert ledger.count_observations() > 0
            assert "folder is not writable" in (ledger.conn.read_only or "")
    finally:
        folder.chmod(0o755)


def test_busy_store_is_a_store_busy_error(tmp_path: Path, source_csv: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "l.db"
    open_ledger(db, bundled=False).close()
    monkeypatch.setenv("WARLEDGER_BUSY_TIMEOUT_MS", "50")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_ledger(db, bundled=False) as ledger, pytest.raises(StoreBusy, match="busy"):
            ledger.import_paths([source_csv])
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_corrupted_file_is_a_store_error_not_a_crash(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    shutil.copy(Path(__file__), db)  # not a database at all
    with pytest.raises(Exception) as info:
        open_ledger(db)
    assert "not a usable ledger database" in str(info.value)


def test_unfiltered_count_comes_from_the_summary_and_matches_a_scan(
        tmp_path: Path, source_csv: Path) -> None:
    with open_ledger(tmp_path / "l.db") as ledger:
        ledger.import_paths([source_csv, write_csv(tmp_path / "o.csv",
                                                   [row(i) for i in range(30)])])
        scanned = ledger.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
        assert ledger.count_observations() == scanned == len(ledger.observations())
        ledger.rebuild()
        assert ledger.count_observations() == ledger.conn.execute(
            "SELECT count(*) FROM observations").fetchone()[0]
