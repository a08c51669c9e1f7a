"""The audit rules of warledger.ledger.audit, each pinned from both sides."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warledger.cli import app
from warledger.ledger.audit import (
    MAX_QUOTE_WORDS,
    audit,
    dates_agree,
    numbers_in,
    quote_carries,
    sample,
    url_problem,
)
from warledger.ledger.models import Observation, Source

TODAY = date(2025, 6, 1)


def src(id_: str = "s1", published: str | None = "2024-11-21", url: str = "https://a.example/x",
        publisher: str = "Example News", credibility: str = "2",
        reliability: str = "B") -> Source:
    return Source(id=id_, publisher=publisher, url=url, published=published,
                  credibility=credibility, reliability=reliability)


def obs(quote: str = "nearly 11,000 North Korean troops", low: float = 11000,
        high: float | None = None, as_of: str | None = "2024-11-20", source_id: str = "s1",
        origin: str = "", note: str = "") -> Observation:
    return Observation(provider="PRK", recipient="RUS", category="troops", quantity_low=low,
                       quantity_high=low if high is None else high, qualifier="about",
                       unit="person", basis="in_country", as_of=as_of, source_id=source_id,
                       origin=origin, quote=quote, note=note)


def problems(rows: list[Observation], sources: list[Source]) -> list[str]:
    return [p.rule for p in audit(rows, {s.id: s for s in sources}, TODAY).problems]


@pytest.mark.parametrize(("text", "value"), [
    ("nearly 11,000 troops", 11000), ("11 000 troops", 11000), ("11.000 Soldaten", 11000),
    ("some 11 thousand", 11000), ("1.5 million shells", 1_500_000), ("1,5 млн снарядів", 1_500_000),
    ("over 12M shells", 12_000_000), ("4 to 6 million shells", 4_000_000),
    ("4 to 6 million shells", 6_000_000), ("more than one-thousand containers", 1000),
    ("12-thousand North Korean troops", 12000), ("EUR 12.5bn", 12_500_000_000),
    ("hundreds of thousands of rounds", 200_000), ("millions of shells", 2_000_000),
    ("dozens of missiles", 24), ("two dozen missiles", 24), ("1.6 Mil shells", 1_600_000),
    ("one-point-six million shells", 1_600_000), ("one and a half million shells", 1_500_000),
    ("= EUR 0.015 billion", 15_000_000), ("EUR 1.781 billion", 1_781_000_000),
    ("EUR 24,214 million", 24_214_000_000), ("at least nine missiles", 9),
])
def test_quote_rule_reads_the_number_as_written(text: str, value: float) -> None:
    assert quote_carries(text, value)


@pytest.mark.parametrize(("text", "value"), [
    ("nearly 11,000 troops", 1100), ("nearly 11,000 troops", 110_000),
    ("1.5 million shells", 1.5), ("1.5 million shells", 15_000_000),
    ("4 to 6 million shells", 5_000_000), ("hundreds of missiles", 200_000),
    ("thousands of troops", 2_000_000), ("about 120 howitzers", 12), ("in 152 mm rounds", 152e6),
    ("one-point-six million shells", 6_000_000), ("one and a half million", 1_000_000),
    ("= EUR 0.015 billion", 15_000_000_000), ("EUR 1.781 billion", 1_781_000_000_000),
    ("nearly 11,000 troops", 11), ("at least nine missiles", 90),
])
def test_quote_rule_rejects_a_number_not_written(text: str, value: float) -> None:
    assert not quote_carries(text, value)


def test_a_quote_without_its_figure_fails_the_audit() -> None:
    assert problems([obs(quote="nearly 11,000 North Korean troops")], [src()]) == []
    assert problems([obs(quote="nearly 10,000 North Korean troops")], [src()]) == ["quote"]


def test_both_ends_of_a_range_must_be_quoted() -> None:
    assert problems([obs(quote="10,000 to 12,000 troops", low=10000, high=12000)], [src()]) == []
    assert problems([obs(quote="up to 12,000 troops", low=10000, high=12000)], [src()]) == [
        "quote"]


def test_quote_length_limit_is_30_words() -> None:
    filler = ["word"] * (MAX_QUOTE_WORDS - 1)
    assert problems([obs(quote=" ".join(["11,000", *filler]))], [src()]) == []
    assert problems([obs(quote=" ".join(["11,000", *filler, "word"]))], [src()]) == ["quote"]


def test_an_empty_quote_needs_a_stated_reason() -> None:
    assert problems([obs(quote="")], [src()]) == ["quote"]
    assert problems([obs(quote="", note="x (no quote: page text not stored)")], [src()]) == []


def test_as_of_may_not_be_after_publication() -> None:
    assert problems([obs(as_of="2024-11-21")], [src(published="2024-11-21")]) == []
    assert problems([obs(as_of="2024-11-22")], [src(published="2024-11-21")]) == ["date"]
    assert problems([obs(as_of="2024-11")], [src(published="2024-11-01")]) == []  # spans overlap


def test_a_source_cannot_be_dated_after_the_audit() -> None:
    assert problems([obs(as_of=None)], [src(published="2025-06-01")]) == []
    assert problems([obs(as_of=None)], [src(published="2025-06-02")]) == ["date"]


def test_a_copy_is_not_older_than_the_statement_it_relays() -> None:
    same_day = obs(as_of=None, origin="NIS briefing, 2024-11-21")
    day_after = obs(as_of=None, origin="NIS briefing, 2024-11-22")
    assert problems([same_day], [src(published="2024-11-21")]) == []
    assert problems([day_after], [src(published="2024-11-21")]) == ["date"]


def test_rows_of_one_origin_agree_in_date() -> None:
    origin = "NIS briefing to the National Assembly, 2024-11-20"
    assert problems([obs(origin=origin, as_of="2024-11")], [src()]) == []
    assert problems([obs(origin=origin, as_of="2024-10")], [src()]) == []  # an earlier date
    assert problems([obs(origin=origin, as_of="2024-11-20")], [src()]) == []
    assert problems([obs(origin=origin, as_of="2024-11-21")], [src(published="2024-11-22")]
                    ) == ["origin"]
    undated = "Reuters investigation"
    pair = [obs(origin=undated, as_of="2024-11-20"), obs(origin=undated, as_of="2024-11-19",
                                                        quote="11,000 (copy)")]
    assert problems(pair, [src()]) == ["origin"]
    assert problems(pair[:1] + [obs(origin=undated, as_of="2024-11", quote="11,000 (copy)")],
                    [src()]) == []


def test_one_origin_gets_one_credibility() -> None:
    origin = "NIS briefing to the National Assembly, 2024-11-20"
    rows = [obs(origin=origin), obs(origin=origin, source_id="s2", quote="11,000 (copy)")]
    assert problems(rows, [src(), src("s2")]) == []
    assert problems(rows, [src(), src("s2", credibility="3")]) == ["grade"]


def test_copies_of_one_wire_service_get_one_reliability() -> None:
    rows = [obs(), obs(source_id="s2", quote="11,000 (copy)")]
    ap1 = src(publisher="WSB-TV (Associated Press)")
    assert problems(rows, [ap1, src("s2", publisher="Arab Times (Associated Press)")]) == []
    assert problems(rows, [ap1, src("s2", publisher="Arab Times (Associated Press)",
                                    reliability="C")]) == ["grade"]


@pytest.mark.parametrize(("url", "ok"), [
    ("https://news.kbs.co.kr/view.do?ncd=1", True), ("http://a.b", True),
    ("https://localhost/x", False), ("ftp://a.b/x", False), ("https://a.b/x y", False),
])
def test_url_must_be_well_formed(url: str, ok: bool) -> None:
    assert (url_problem(url) is None) is ok


def test_dates_agree_when_spans_overlap() -> None:
    assert dates_agree("2024-11", "2024-11-30") and dates_agree("2024", "2024-01-01")
    assert not dates_agree("2024-11", "2024-12-01")


def test_numbers_in_reads_each_number_once_per_rule() -> None:
    assert numbers_in("500,000 122 mm rounds") >= {500_000, 122}


def test_sample_is_reproducible_and_bounded() -> None:
    rows = [obs(low=n, quote=f"{n} troops") for n in range(1, 11)]
    assert sample(rows, 3, seed=1) == sample(rows, 3, seed=1)
    assert len(sample(rows, 3)) == 3 and len(sample(rows, 50)) == 10


def test_a_sum_of_parts_passes_only_when_the_note_says_so() -> None:
    quote = "send one thousand sappers, as well as five thousand military builders"
    marked = obs(quote=quote, low=6000, note="Shoigu (sum of quoted parts)")
    assert problems([marked], [src()]) == []
    assert problems([obs(quote=quote, low=6000, note="Shoigu")], [src()]) == ["quote"]
    assert problems([obs(quote=quote, low=7000, note="(sum of quoted parts)")], [src()]) == [
        "quote"]


def test_cli_audit_all_passes_on_the_bundled_ledger(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["audit", "--all", "--json", "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["passed"] and report["checked"] == len(report["shown"]) >= 300


def test_cli_audit_fails_and_names_the_row_whose_quote_lacks_its_figure(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "sources.csv").write_text(
        "id,publisher,title,url,published,attributed_to,reliability,credibility,note\n"
        "my-src,Example News,t,https://a.example/x,2024-11-21,NIS,B,2,\n")
    (folder / "observations.csv").write_text(
        "provider,recipient,category,quantity_low,quantity_high,qualifier,unit,basis,as_of,"
        "source_id,note,quote\n"
        "PRK,RUS,troops,12345,12345,about,person,in_country,2024-11-20,my-src,mine,"
        "nearly 11,000 troops\n".replace("nearly 11,000 troops", '"nearly 11,000 troops"'))
    db = str(tmp_path / "l.db")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(folder), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["audit", "--sample", "3", "--db", db])
    assert result.exit_code == 1
    assert "quote does not state 12,345" in result.stderr.replace("\n", " ")
