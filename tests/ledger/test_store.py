from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from warledger.errors import InputError
from warledger.ledger.dates import first_day
from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger, open_ledger


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint(ledger: Ledger) -> None:
    ledger.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_import_is_idempotent(empty_ledger: Ledger, facts_dir: Path) -> None:
    first = empty_ledger.import_paths([facts_dir])
    assert first.added_observations == 35 and first.added_sources == 20
    second = empty_ledger.import_paths([facts_dir])
    assert (second.added_observations, second.added_sources) == (0, 0)
    assert second.skipped_observations == 35
    assert empty_ledger.count_observations() == 35


def test_bad_row_leaves_store_byte_for_byte_unchanged(empty_ledger: Ledger, facts_dir: Path,
                                                       tmp_path: Path) -> None:
    empty_ledger.import_paths([facts_dir / "sources.csv"])
    checkpoint(empty_ledger)
    assert empty_ledger.path is not None
    before = digest(empty_ledger.path)
    lines = (facts_dir / "observations.csv").read_text().splitlines()
    lines[5] = lines[5].replace('"PRK"', '"PRQ"', 1).replace("PRK,", "PRQ,", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as info:
        empty_ledger.import_paths([bad])
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.field) == (str(bad), 6, "provider")
    assert "unknown actor code 'PRQ'" in problem.message
    checkpoint(empty_ledger)
    assert digest(empty_ledger.path) == before
    assert empty_ledger.count_observations() == 0


def test_missing_source_is_named(empty_ledger: Ledger, facts_dir: Path) -> None:
    with pytest.raises(InputError) as info:
        empty_ledger.import_paths([facts_dir / "observations.csv"])
    assert {p.code for p in info.value.problems} == {"missing-source"}
    assert info.value.problems[0].field == "source_id"
    assert info.value.problems[0].line == 2


def test_same_id_with_different_content_is_refused(empty_ledger: Ledger,
                                                   facts_dir: Path) -> None:
    empty_ledger.import_paths([facts_dir])
    stored = empty_ledger.observations(category="port_calls")[0]
    altered = stored.model_copy(update={"quantity_low": 65, "quantity_high": 65})
    with pytest.raises(InputError) as info:
        empty_ledger.add([], [altered])
    assert info.value.problems[0].code == "duplicate-id"
    assert empty_ledger.observation(stored.id).quantity_low == 64


def _ref(ledger: Ledger, obs: Observation) -> date:
    for value in (obs.as_of, obs.period_end, ledger.source(obs.source_id).published):
        if value:
            return first_day(value)
    return date.max


def test_filters(empty_ledger: Ledger, facts_dir: Path) -> None:
    empty_ledger.import_paths([facts_dir])
    some = empty_ledger.observations(category="troops")[0]
    empty_ledger.add([], [  # no as_of: one dated by period_end, one by its source only
        Observation(**(some.model_dump() | {"id": "", "as_of": None, "period_start": None,
                                            "period_end": "2025-02", "note": "by period"})),
        Observation(**(some.model_dump() | {"id": "", "as_of": None, "period_start": None,
                                            "period_end": None, "note": "by source"}))])
    troops = empty_ledger.observations(provider="PRK", recipient="RUS", category="troops")
    assert len(troops) >= 5 and all(o.category == "troops" for o in troops)
    late = empty_ledger.observations(category="troops", since="2025-01")
    assert late and all(_ref(empty_ledger, o) >= date(2025, 1, 1) for o in late)
    # the documented reference date: as_of, else period_end, else the source's publication
    # date; a row without any of them passes neither filter, a dated one exactly one side
    every = empty_ledger.observations(category="troops")
    early = empty_ledger.observations(category="troops", until="2024-12")
    assert all(_ref(empty_ledger, o) <= date(2024, 12, 31) for o in early)
    assert {o.id for o in early}.isdisjoint({o.id for o in late})
    assert len(early) + len(late) == len([o for o in every if _ref(empty_ledger, o)
                                          is not date.max])
    assert any(o.as_of is None for o in early + late)  # undated-as_of rows are really tested
    cumulative = empty_ledger.observations(category="troops", basis="cumulative")
    assert {o.basis for o in cumulative} == {"cumulative"}
    assert empty_ledger.count_observations(provider="PRK", recipient="RUS",
                                           category="troops") == len(troops)
    assert empty_ledger.count_observations(category="troops", since="2025-01") == len(late)
    prefix = troops[0].id[:10]
    assert empty_ledger.observation(prefix).id.startswith(prefix)


def test_bundled_dataset_loads_on_first_use_and_only_once(tmp_path: Path) -> None:
    db = tmp_path / "auto.db"
    with open_ledger(db) as ledger:
        n = ledger.count_observations()
        assert n >= 80
        assert ledger.sync_bundled() is False  # unchanged files: nothing to do
    with open_ledger(db) as ledger:
        assert ledger.count_observations() == n
        assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_user_rows_survive_a_bundled_update(tmp_path: Path, facts_dir: Path) -> None:
    db = tmp_path / "sync.db"
    with open_ledger(db) as ledger:
        bundled = ledger.count_observations()
        src = Source(publisher="Example desk", url="https://example.org/story")
        mine = Observation(provider="PRK", recipient="RUS", category="troops", quantity_low=1,
                           quantity_high=1, unit="person", basis="deployed", source_id=src.id)
        ledger.add([src], [mine])
        # pretend the shipped files changed: the bundled rows are rebuilt, mine stay
        ledger.conn.execute("UPDATE meta SET value = 'old' WHERE key = 'bundled_digest'")
        assert ledger.sync_bundled() is True
        assert ledger.count_observations() == bundled + 1
        assert ledger.observation(mine.id).quantity_low == 1


def _big_import_file(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "big.csv"
    lines = ["provider,recipient,category,quantity_low,quantity_high,qualifier,unit,basis,"
             "as_of,source_publisher,source_url,source_published"]
    lines += [f"PRK,RUS,artillery_shells,{i},{i},exact,round,delivered,2024-06,"
              "Synthetic load test,https://example.org/load,2024-06" for i in range(n)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_killed_import_leaves_the_store_intact(tmp_path: Path, facts_dir: Path) -> None:
    db = tmp_path / "kill.db"
    with open_ledger(db, bundled=False) as ledger:
        ledger.import_paths([facts_dir])
        before = ledger.count_observations()
    big = _big_import_file(tmp_path, 60_000)
    env = {**os.environ, "WARLEDGER_DB": str(db)}
    code = ("import sys; from warledger.ledger.store import open_ledger\n"
            "l = open_ledger(sys.argv[1], bundled=False)\n"
            "def p(reading):\n"
            "    print('wrote', reading.rows, flush=True)\n"
            "    import time; time.sleep(5)\n"
            "l.import_paths([sys.argv[2]], progress=p)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(big)], env=env,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the first chunk is written, the transaction still open
    assert line.startswith("wrote")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    time.sleep(0.1)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM observations").fetchone()[0] == before
    assert conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 1
    conn.close()
