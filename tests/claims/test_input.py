"""Input (issue 12, pattern 7): HTML and PDF files, standard input, the non-English warning,
and the schema.org ClaimReview output, all offline (tests use saved files only)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from warledger.claims import extract_claims
from warledger.claims.check import check_text
from warledger.claims.claimreview import claim_reviews
from warledger.claims.errors import ClaimsError
from warledger.claims.textio import MIN_LATIN_SHARE, language_warning, latin_share, read_document
from warledger.cli.claims import check_command
from warledger.ledger.store import open_ledger

DATA = Path(__file__).resolve().parents[1] / "data" / "claims"


def _pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, built by hand (no writer library)."""
    stream = f"BT /F1 11 Tf 40 700 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_html_is_reduced_to_the_article_text() -> None:
    doc = read_document(str(DATA / "page.html"))
    assert doc.kind == "html"
    assert "11,000 troops" in doc.text and "pageViews" not in doc.text
    figures = {c.quantity_low for c in extract_claims(doc.text)}
    assert figures == {11000, 13000}  # no script, style, menu or footer numbers


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_pdf("North Korea has sent about 11,000 troops to Russia."))
    doc = read_document(str(path))
    assert doc.kind == "pdf"
    (claim,) = extract_claims(doc.text)
    assert (claim.provider, claim.quantity_low) == ("PRK", 11000)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(ClaimsError, match="broken.pdf"):
        read_document(str(broken))


def test_text_that_is_not_english_gets_a_warning() -> None:
    ukrainian = ("Північна Корея відправила до Росії близько 11 тисяч військових, заявили в "
                 "розвідці.")
    assert latin_share(ukrainian) < MIN_LATIN_SHARE
    assert "not look English" in (language_warning(ukrainian) or "")
    german = ("Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes etwa 11.000 Soldaten "
              "nach Russland geschickt, die meisten davon in die Region Kursk.")
    assert "'de'" in (language_warning(german) or "")
    english = "North Korea has sent about 11,000 troops to Russia, the spy agency said."
    assert language_warning(english) is None


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.command("check")(check_command)
    app.command("noop")(lambda: None)
    return app


def test_cli_reads_html_and_standard_input_and_warns_on_other_languages() -> None:
    runner = CliRunner()
    result = runner.invoke(_cli(), ["check", str(DATA / "page.html"), "--format", "json",
                                    "--date", "2024-11-30"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)["claims"]
    assert {c["quantity_low"] for c in claims} == {11000, 13000}
    assert all("grade" in x for c in claims for x in c["citations"])
    other = runner.invoke(_cli(), ["check", "-"], input="Північна Корея відправила до Росії "
                          "близько 11 тисяч військових, заявили в розвідці сьогодні.")
    assert other.exit_code == 0 and "Warning" in other.output


# -- schema.org ClaimReview -------------------------------------------------------------------

def _vocabulary() -> tuple[dict[str, str], dict[str, tuple[set[str], set[str]]]]:
    """schema.org types (label -> parent) and properties (label -> domains, ranges)."""
    def label(url: str) -> str:
        return url.strip().rsplit("/", 1)[-1]

    with (DATA / "schemaorg" / "types.csv").open(newline="", encoding="utf-8") as fh:
        types = {row["label"]: label(row["subTypeOf"]) if row["subTypeOf"] else ""
                 for row in csv.DictReader(fh)}
    with (DATA / "schemaorg" / "properties.csv").open(newline="", encoding="utf-8") as fh:
        props = {row["label"]: ({label(d) for d in row["domainIncludes"].split(",")},
                                {label(r) for r in row["rangeIncludes"].split(",")})
                 for row in csv.DictReader(fh)}
    return types, props


def _ancestors(kind: str, types: dict[str, str]) -> set[str]:
    seen = set()
    while kind and kind in types and kind not in seen:
        seen.add(kind)
        kind = types[kind]
    return seen


def _validate(node: dict[str, Any], types: dict[str, str],
              props: dict[str, tuple[set[str], set[str]]]) -> None:
    kind = node["@type"]
    assert kind in types, f"unknown type {kind}"
    lineage = _ancestors(kind, types)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        assert key in props, f"{key} is not a schema.org property we know"
        domains, ranges = props[key]
        assert lineage & domains, f"{key} is not a property of {kind}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                assert _ancestors(item["@type"], types) & ranges, f"{key}: {item['@type']}"
                _validate(item, types, props)
            else:
                assert ranges & {"Text", "URL", "Date", "DateTime", "Number", "Integer"}, key


def test_claimreview_is_valid_schema_org() -> None:
    types, props = _vocabulary()
    ledger = open_ledger(":memory:")
    text = "The US has given Ukraine $350 billion. North Korea has sent about 11,000 troops."
    report = check_text(text, ledger, date="2025-02-22")
    reviews = claim_reviews(report, "https://example.org/speech", reviewed_on="2025-02-23")
    ledger.close()
    assert len(reviews) == len(report.verdicts) == 2
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        _validate(review, types, props)
    false = next(r for r in reviews if "350" in r["claimReviewed"])
    assert false["reviewRating"]["alternateName"] == "contradicted"
    assert false["reviewRating"]["ratingValue"] == 1
    assert false["itemReviewed"]["appearance"]["url"] == "https://example.org/speech"
    assert all(c["url"].startswith("http") for c in false["citation"])


def test_the_validator_refuses_a_property_of_another_type() -> None:
    types, props = _vocabulary()
    with pytest.raises(AssertionError, match="not a property of Rating"):
        _validate({"@type": "Rating", "claimReviewed": "x"}, types, props)


def test_grades_and_direction_show_in_the_table_and_html() -> None:
    from rich.console import Console

    from warledger.claims.render import check_html, check_table

    ledger = open_ledger(":memory:")
    report = check_text("The US has given Ukraine $350 billion.", ledger, date="2025-02-22")
    ledger.close()
    (verdict,) = report.verdicts
    grade = verdict.citations[0]["grade"]
    assert re.fullmatch(r"[A-F][1-6]", grade)
    html = check_html(report)
    assert f'<span class="grade">grade {grade}</span>' in html
    assert "the text overstates the evidence" in html
    console = Console(width=400, record=True)
    for table in check_table(report):
        console.print(table)
    text = console.export_text()
    assert f"[{grade}]" in text and "overstates" in text
