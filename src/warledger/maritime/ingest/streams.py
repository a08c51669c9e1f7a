"""Compressed and archived inputs, read as streams: ``.gz``, ``.bz2``, ``.zst`` and ``.zip``.

A compressed file is one input whose format is decided by the name without the compression
suffix (``day.nmea.gz`` is NMEA). A ``.zip`` archive yields every member that is not a folder,
each with its own format. Nothing is unpacked to disk; the readers pull blocks as they go.
"""

from __future__ import annotations

import bz2
import gzip
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from warledger.maritime.errors import AISInputError

COMPRESSED = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bz2", ".zst": "zstd", ".zstd": "zstd"}


@dataclass(frozen=True)
class Input:
    """One logical input: a plain file, a compressed file, or one member of a zip archive.

    ``label`` names it in messages (``log.nmea.gz``, ``day.zip:aisdk.csv``); ``inner`` is the
    name whose suffix decides the format; ``size`` is the compressed byte count, for progress.
    """

    path: Path
    label: Path
    inner: str
    member: str | None = None
    size: int = 0

    @property
    def compression(self) -> str | None:
        return None if self.member is not None else COMPRESSED.get(self.path.suffix.lower())


def expand(path: Path) -> list[Input]:
    """The inputs inside one path: itself, or every file member of a zip archive."""
    if not path.is_file():
        raise AISInputError(f"{path}: no such file")
    size = path.stat().st_size
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [i for i in archive.infolist() if not i.is_dir()]
        except (zipfile.BadZipFile, OSError) as exc:
            raise AISInputError(f"{path}: not a readable zip archive ({exc})") from exc
        if not infos:
            raise AISInputError(f"{path}: the zip archive holds no files")
        return [Input(path, Path(f"{path.name}:{Path(i.filename).name}"),
                      Path(i.filename).name, i.filename, i.compress_size) for i in infos]
    inner = path.name
    if path.suffix.lower() in COMPRESSED:
        inner = path.name[: -len(path.suffix)]
    return [Input(path, path, inner, None, size)]


class _Counting(io.RawIOBase):
    """Counts the compressed bytes read from a file, for a progress bar."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


@contextmanager
def open_input(item: Input) -> Iterator[tuple[BinaryIO, _Counting | None]]:
    """A buffered binary stream of the decompressed bytes, and the compressed-byte counter."""
    if item.member is not None:
        with zipfile.ZipFile(item.path) as archive, archive.open(item.member) as member:
            yield io.BufferedReader(member, 1 << 20), None  # type: ignore[arg-type]
        return
    counter = _Counting(item.path.open("rb"))
    raw = io.BufferedReader(counter, 1 << 20)
    kind = item.compression
    stream: BinaryIO
    try:
        if kind == "gzip":
            stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        elif kind == "bz2":
            stream = bz2.BZ2File(raw, mode="rb")  # type: ignore[assignment]
        elif kind == "zstd":
            import pyarrow as pa

            stream = pa.CompressedInputStream(raw, "zstd")  # type: ignore[assignment]
        else:
            stream = raw  # type: ignore[assignment]
        yield io.BufferedReader(stream, 1 << 20) if kind else stream, counter  # type: ignore[arg-type]
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise AISInputError(f"{item.label}: cannot decompress ({kind}): {exc}") from exc
    finally:
        raw.close()


def sniff_lines(item: Input, n: int = 2) -> list[str]:
    """The first ``n`` lines of an input (decompressed), for format sniffing."""
    with open_input(item) as (stream, _):
        out = []
        for _ in range(n):
            line = stream.readline()
            if not line:
                break
            out.append(line.decode("utf-8-sig", errors="replace"))
        return out
