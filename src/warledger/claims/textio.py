"""Reading text to check: plain text, HTML, PDF, standard input or a URL, with clear errors.

* ``-`` reads standard input; a path reads a file; ``http(s)://`` fetches the page (the only
  network use, and only when the user passes a URL).
* HTML (a ``.html``/``.htm`` file, a URL, or text that starts like HTML) is reduced to the
  article's text by trafilatura: scripts, menus and boilerplate do not become claims.
* PDF (``.pdf`` or bytes starting ``%PDF``) is read with pypdf.
* Binary input (NUL bytes), non-UTF-8 text and input over MAX_BYTES get a one-line error.
* :func:`language_warning` says when the text does not look English (the extractor reads
  English only): py3langid's classifier, after a quick check of the script.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from warledger.claims.errors import ClaimsError

#: largest input accepted (bytes); an article is a few tens of kilobytes
MAX_BYTES = 2_000_000
#: below this share of Latin letters the text is not English, whatever the classifier says
MIN_LATIN_SHARE = 0.5
#: characters given to the language classifier (enough for a stable answer, and fast)
LANGUAGE_SAMPLE = 5_000
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])",
                         re.I)


@dataclass
class Document:
    text: str
    name: str
    url: str | None = None
    kind: str = "text"  # text | html | pdf


def decode_text(data: bytes, name: str = "input") -> str:
    """Bytes -> text, or ClaimsError saying why the bytes are not text we can read."""
    if len(data) > MAX_BYTES:
        raise ClaimsError(f"{name}: {len(data):,} bytes is more than the {MAX_BYTES:,}-byte "
                          "limit; split the text into articles")
    if b"\x00" in data:
        raise ClaimsError(f"{name}: looks like a binary file (it contains NUL bytes), not text; "
                          "PDF and HTML files are read by their extension (.pdf, .html)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ClaimsError(f"{name}: not UTF-8 text (invalid byte at offset {err.start}); "
                          "convert it first, e.g. iconv -f latin1 -t utf-8") from err
    return text


def html_to_text(html: str, name: str = "input") -> str:
    """The main text of an HTML page (trafilatura), without scripts, menus or comments."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True)
    if not text:
        raise ClaimsError(f"{name}: no article text found in this HTML page")
    return str(text)


def pdf_to_text(data: bytes, name: str = "input") -> str:
    """The text of every page of a PDF (pypdf)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as err:
        raise ClaimsError(f"{name}: not a readable PDF ({err})") from err
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ClaimsError(f"{name}: the PDF has no extractable text (a scan? run OCR first)")
    return text


def _from_bytes(data: bytes, name: str, suffix: str = "") -> Document:
    if len(data) > MAX_BYTES:
        decode_text(data, name)  # raises the size error
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return Document(pdf_to_text(data, name), name, kind="pdf")
    text = decode_text(data, name)
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(data[:200]):
        return Document(html_to_text(text, name), name, kind="html")
    return Document(text, name)


def fetch_url(url: str) -> Document:
    """Fetch a page the user named and keep its article text."""
    import trafilatura

    html = trafilatura.fetch_url(url)
    if not html:
        raise ClaimsError(f"{url}: could not fetch the page (no network, or the site refused)")
    return Document(html_to_text(html, url), url, url=url, kind="html")


def read_document(source: str) -> Document:
    """Read a file path (text, HTML or PDF), standard input for '-', or a URL."""
    if re.match(r"^https?://", source, re.I):
        return fetch_url(source)
    if source == "-":
        return _from_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), "standard input")
    path = Path(source)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except IsADirectoryError as err:
        raise ClaimsError(f"{source}: is a directory, not a text file") from err
    except OSError as err:
        raise ClaimsError(f"{source}: cannot read ({err.strerror or err})") from err
    return _from_bytes(data, source, path.suffix.lower())


def read_text(source: str) -> str:
    """The text of a file path, '-' or URL (see :func:`read_document`)."""
    return read_document(source).text


def latin_share(text: str) -> float:
    letters = [ch for ch in text[:LANGUAGE_SAMPLE] if ch.isalpha()]
    if not letters:
        return 1.0
    return sum(1 for ch in letters if ch < "\u0250") / len(letters)


def language_warning(text: str) -> str | None:
    """A warning when the text is not English, else None."""
    sample = text[:LANGUAGE_SAMPLE]
    if len(sample.split()) < 5:
        return None
    if latin_share(sample) < MIN_LATIN_SHARE:
        lang = _classify(sample)
        named = f", {lang}" if lang else ""
        return (f"the text does not look English (mostly non-Latin script{named}): the "
                "extractor reads English only, so claims in it are not found")
    lang = _classify(sample)
    if lang and lang != "en":
        return (f"the text looks like '{lang}', not English: the extractor reads English only, "
                "so claims in it may be missed")
    return None


def _classify(sample: str) -> str | None:
    try:
        import py3langid
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)
