"""The shared PostgreSQL ledger behaves like the embedded SQLite one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import pg_bin, postgres_server
from warledger.errors import InputError
from warledger.ledger.store import open_ledger

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def dsn() -> Iterator[str]:
    if pg_bin() is None:
        pytest.skip("PostgreSQL server not installed (.ci/run installs Debian's postgresql)")
    with postgres_server() as url:
        yield url


def test_postgres_ledger_matches_sqlite(dsn: str, tmp_path: Path) -> None:
    with open_ledger(dsn) as pg, open_ledger(tmp_path / "same.db") as lite:
        assert pg.count_observations() == lite.count_observations() >= 80
        assert [o.id for o in pg.observations(category="troops")] == [
            o.id for o in lite.observations(category="troops")]
        assert {s.id for s in pg.sources()} == {s.id for s in lite.sources()}
        troops = pg.observations(provider="PRK", category="troops", since="2025-01")
        assert troops == lite.observations(provider="PRK", category="troops", since="2025-01")
        assert pg.sync_bundled() is False
        assert pg.series_summary() == lite.series_summary()  # the tallies kept on write
        assert pg.series_sources() == lite.series_sources()
        assert pg.source_counts(category="troops") == lite.source_counts(category="troops")


def test_postgres_import_is_all_or_nothing(dsn: str, tmp_path: Path) -> None:
    facts = Path(__file__).parent / "data" / "facts"
    with open_ledger(dsn) as pg:
        before = pg.count_observations()
        bad = tmp_path / "bad.csv"
        bad.write_text((facts / "observations.csv").read_text().replace(
            '"PRK"', '"PRQ"', 1).replace("PRK,", "PRQ,", 1))
        with pytest.raises(InputError):
            pg.import_paths([facts / "sources.csv", bad])
        assert pg.count_observations() == before
        result = pg.import_paths([facts])
        again = pg.import_paths([facts])
        assert again.added_observations == 0
        assert pg.count_observations() == before + result.added_observations


def test_cli_takes_a_postgres_url(dsn: str) -> None:
    import json

    from typer.testing import CliRunner

    from warledger.cli import app

    result = CliRunner().invoke(app, ["list", "--db", dsn, "--category", "troops", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) >= 5
