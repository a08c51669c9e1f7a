"""The likely-disabling rule counts a vessel's own positions in the 12 h before a gap
(docs/maritime.md): [off - 12 h, off], inclusive, never another vessel's rows, however many
vessels one pass holds."""

from __future__ import annotations

import numpy as np
import pytest

from warledger.maritime.detect.gaps import positions_before
from warledger.maritime.errors import EngineError

H = 3_600_000_000  # microseconds per hour
MARCH_2024 = 1_709_251_200_000_000  # 2024-03-01T00:00Z in microseconds since 1970


def test_each_vessel_counts_only_its_own_positions_with_thousands_of_vessels() -> None:
    n = 3000  # more vessels than a fixed key offset of 2**52 microseconds allowed (2,048)
    vessel = np.repeat(np.arange(n), 3)
    ts = np.tile(np.array([0, H, 2 * H], dtype=np.int64), n) + MARCH_2024
    counts = positions_before(vessel, ts, np.arange(vessel.size), 12 * H)
    assert counts.tolist() == [1, 2, 3] * n


def test_a_window_longer_than_the_data_never_reaches_the_previous_vessel() -> None:
    vessel = np.array([1, 1, 2, 2])
    ts = np.array([0, H, 0, H], dtype=np.int64)  # both vessels within the same hour
    assert positions_before(vessel, ts, np.arange(4), 12 * H).tolist() == [1, 2, 1, 2]


@pytest.mark.parametrize(("offset", "count"), [(12 * H, 2), (12 * H + 1, 1)])
def test_a_position_exactly_12_hours_before_counts_one_microsecond_more_does_not(
        offset: int, count: int) -> None:
    vessel = np.array([7, 7])
    ts = np.array([0, offset], dtype=np.int64)
    assert positions_before(vessel, ts, np.array([1]), 12 * H).tolist() == [count]


def test_a_pass_too_long_for_64_bit_keys_is_refused_clearly() -> None:
    vessel = np.array([1, 2])
    ts = np.array([0, 2**62], dtype=np.int64)
    with pytest.raises(EngineError, match=r"^2 vessels over \d+ h .*split the input by time"):
        positions_before(vessel, ts, np.arange(2), 12 * H)


@pytest.mark.parametrize(("block", "refused"), [(2**62, True), (2**62 - 1, False)])
def test_keys_reaching_2_to_the_63_are_refused_just_below_they_are_counted(
        block: int, refused: bool) -> None:
    window = 12 * H
    vessel = np.array([1, 2])
    ts = np.array([0, block - window - 1], dtype=np.int64)  # two vessels' keys span 2 x block
    if refused:
        with pytest.raises(EngineError):
            positions_before(vessel, ts, np.arange(2), window)
    else:
        assert positions_before(vessel, ts, np.arange(2), window).tolist() == [1, 1]
