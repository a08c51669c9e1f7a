"""Reading text to check: refuse binary, non-UTF-8 and oversized input with a clear error."""

from __future__ import annotations

import sys
from pathlib import Path

from warledger.claims.errors import ClaimsError

#: largest input accepted (bytes); an article is a few tens of kilobytes
MAX_BYTES = 2_000_000


def decode_text(data: bytes, name: str = "input") -> str:
    """Bytes -> text, or ClaimsError saying why the bytes are not text we can read."""
    if len(data) > MAX_BYTES:
        raise ClaimsError(f"{name}: {len(data):,} bytes is more than the {MAX_BYTES:,}-byte "
                          "limit; split the text into articles")
    if b"\x00" in data:
        raise ClaimsError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ClaimsError(f"{name}: not UTF-8 text (invalid byte at offset {err.start}); "
                          "convert it first, e.g. iconv -f latin1 -t utf-8") from err
    return text


def read_text(source: str) -> str:
    """Read a file path, or standard input for '-'."""
    if source == "-":
        return decode_text(sys.stdin.buffer.read(MAX_BYTES + 1), "standard input")
    path = Path(source)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except IsADirectoryError as err:
        raise ClaimsError(f"{source}: is a directory, not a text file") from err
    except OSError as err:
        raise ClaimsError(f"{source}: cannot read ({err.strerror or err})") from err
    return decode_text(data, source)
