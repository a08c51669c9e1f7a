"""Text colour pairs of the dashboard's stylesheet meet WCAG AA (contrast >= 4.5:1)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

CSS = files("warledger.web").joinpath("static", "style.css").read_text(encoding="utf-8")
COLOURS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))

#: (text, background) pairs as the stylesheet uses them
PAIRS = [
    ("ink", "paper"), ("muted", "paper"), ("link", "paper"), ("ink", "tint"),
    ("muted", "tint"), ("link", "tint"), ("paper", "rus"), ("paper", "ukr"),
    ("ink", "ok-bg"), ("ink", "bad-bg"), ("ink", "part-bg"), ("ink", "unk-bg"),
    ("bad", "paper"), ("other", "paper"), ("paper", "ink"),
]


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_palette_is_parsed() -> None:
    assert {name for pair in PAIRS for name in pair} <= set(COLOURS)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_contrast_is_at_least_4_5(text: str, background: str) -> None:
    assert contrast(COLOURS[text], COLOURS[background]) >= 4.5
