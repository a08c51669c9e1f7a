"""Readable builders for observations and sources, and a small ledger of real troop figures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from warledger.ledger.models import Observation, Source
from warledger.ledger.store import Ledger, open_ledger

GRADES = {"A": "1", "B": "2", "C": "3", "D": "4", "F": "6"}


def src(sid: str, attributed_to: str = "", grade: str = "B2", published: str | None = None,
        title: str = "") -> Source:
    return Source(id=sid, publisher=f"publisher of {sid}", url=f"https://example.org/{sid}",
                  attributed_to=attributed_to, reliability=grade[0], credibility=grade[1],
                  published=published, title=title)


def obs(value: float | tuple[float, float], *, source: str, basis: str = "cumulative",
        as_of: str | None = None, qualifier: str | None = None, category: str = "troops",
        provider: str = "PRK", recipient: str = "RUS", unit: str | None = None,
        **extra: Any) -> Observation:
    low, high = value if isinstance(value, tuple) else (value, value)
    units = {"troops": "person", "artillery_shells": "round", "containers": "container",
             "explosives": "tonne", "port_calls": "port_call"}
    return Observation(
        provider=provider, recipient=recipient, category=category, quantity_low=low,
        quantity_high=high, qualifier=qualifier or ("range" if low != high else "about"),
        unit=unit or units.get(category, "EUR"), basis=basis, as_of=as_of, source_id=source,
        **extra,
    )


def sources_of(*items: Source) -> dict[str, Source]:
    return {s.id: s for s in items}


#: PRK->RUS troop figures as reported (shared/facts and the bundled dataset), small enough to
#: reason about: the Reuters/KBS cumulative 14,000, the NIS in-country stock, US deployment
#: figures and a pledge.
TROOP_SOURCES = [
    src("kbs-2025-04", "relevant authorities and foreign media", "B2", "2025-04-16"),
    src("reuters-2025-04", "Ukrainian officials", "B2", "2025-04"),
    src("nis-2024-10", "South Korea NIS", "B2", "2024-10-23"),
    src("nis-2025-02", "South Korea NIS", "B2", "2025-02-05"),
    src("pentagon-2024-10", "The Pentagon", "B2", "2024-10-28"),
    src("umerov-2024-11", "Rustem Umerov", "B2", "2024-11-05"),
    src("blog-2025-04", "unnamed", "E5", "2025-04"),
]
TROOP_OBS = [
    obs(14000, source="kbs-2025-04", as_of="2025-04"),
    obs(14000, source="reuters-2025-04", as_of="2025-04"),
    obs(3000, source="reuters-2025-04", as_of="2025-04", basis="deployed"),
    obs(3000, source="nis-2024-10", as_of="2024-10-23", basis="in_country",
        qualifier="more_than"),
    obs(11000, source="nis-2025-02", as_of="2025-02-05", basis="in_country"),
    obs(10000, source="pentagon-2024-10", as_of="2024-10-28", basis="deployed"),
    obs(15000, source="umerov-2024-11", as_of="2024-11-05", basis="pledged", qualifier="up_to"),
    obs(17000, source="blog-2025-04", as_of="2025-04", basis="deployed", qualifier="exact"),
]


@pytest.fixture
def troop_ledger(tmp_path: Path) -> Iterator[Ledger]:
    ledger = open_ledger(tmp_path / "troops.db", bundled=False)
    ledger.add(TROOP_SOURCES, TROOP_OBS, origin="test")
    yield ledger
    ledger.close()
