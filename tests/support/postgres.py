"""Start a private, throwaway PostgreSQL server for tests (Debian's postgresql package).

The server runs from a temp folder on a free loopback port with trust auth and is stopped at
the end. As root (CI), initdb refuses to run, so the server runs as the 'postgres' user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a DSN for a fresh database; raise RuntimeError if no server can be started."""
    bindir = pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError as err:
            raise RuntimeError("running as root and no 'postgres' user to run the server") from err
        prefix = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="warledger-pg-"))
    data = base / "data"
    if as_root:
        os.chown(base, user.pw_uid, user.pw_gid)
    port = _free_port()
    try:
        subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                        "-U", "warledger", "--no-sync"], check=True, capture_output=True)
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l",
                        str(base / "log"), "-o", options, "start"], check=True,
                       capture_output=True)
        yield f"postgresql://warledger@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
