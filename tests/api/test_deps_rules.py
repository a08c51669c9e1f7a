"""Rules of warledger.api.deps that the HTTP tests reach only indirectly: settings are fixed
once the server starts, a pooled connection is reused only while it belongs to the ledger file
the path names now, and a capability whose module is missing is reported as absent."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from warledger.api.deps import ApiSettings, LedgerPool, has_feature
from warledger.ledger.store import file_identity, open_ledger


def test_settings_cannot_change_after_start() -> None:
    settings = ApiSettings("x.db", "secret", 1024)
    for field, value in (("token", "other"), ("db_target", "y.db"), ("max_body_bytes", 1)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(settings, field, value)
    assert (settings.token, settings.db_target, settings.max_body_bytes) == ("secret", "x.db",
                                                                            1024)


def test_a_pooled_connection_is_reused_while_the_file_is_the_same(tmp_path: Path) -> None:
    pool = LedgerPool(str(tmp_path / "l.db"))
    try:
        first = pool.acquire()
        pool.release(first)
        assert pool.acquire() is first
    finally:
        pool.close()


def test_a_pooled_connection_to_a_replaced_file_is_never_handed_out(tmp_path: Path) -> None:
    db, fresh = tmp_path / "l.db", tmp_path / "fresh.db"
    pool = LedgerPool(str(db))
    try:
        old = pool.acquire()
        pool.release(old)  # idle, opened on the file that is about to be replaced
        open_ledger(fresh, bundled=False).close()
        os.replace(fresh, db)
        new = pool.acquire()
        assert new is not old
        assert new.identity == file_identity(db) != old.identity
        with pytest.raises(Exception, match="closed"):  # the stale connection was closed
            old.conn.execute("SELECT 1")
    finally:
        pool.close()


def test_a_feature_whose_module_cannot_be_imported_is_absent() -> None:
    assert has_feature("warledger.api.deps", "LedgerPool") is True
    assert has_feature("warledger.api.deps", "no_such_attribute") is False
    assert has_feature("warledger.no_such_module", "anything") is False


def test_connections_to_replaced_files_are_forgotten_so_rebuilds_do_not_pile_up(
        tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    pool = LedgerPool(str(db))
    try:
        for round_ in range(3):
            ledger = pool.acquire()
            pool.release(ledger)
            fresh = tmp_path / f"fresh{round_}.db"
            open_ledger(fresh, bundled=False).close()
            os.replace(fresh, db)
        pool.release(pool.acquire())
        assert [ledger.identity for ledger in pool._all] == [file_identity(db)]
    finally:
        pool.close()


def test_an_in_memory_ledger_has_no_file_to_watch() -> None:
    pool = LedgerPool(":memory:")
    try:
        ledger = pool.acquire()  # no file identity to compare: never 'replaced'
        assert pool.identity is None and ledger.count_observations() >= 0
        pool.release(ledger)
    finally:
        pool.close()
