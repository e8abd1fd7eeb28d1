"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl into a temporary folder, a unix socket only.

As root the server runs as the ``postgres`` system user (PostgreSQL refuses to run as root), which
Debian's ``postgresql`` package creates. ``start`` raises ``ServerUnavailable`` with the reason when the
server truly cannot start (no server programs, no non-root user, initdb or pg_ctl failing).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ServerUnavailable(RuntimeError):
    pass


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    folder: Path
    port: int
    user: str | None  # the system user the server runs as; None: the current one
    pg_ctl: str

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/newsprism?host={self.folder}&port={self.port}"

    def stop(self) -> None:
        _run(
            self.user, [self.pg_ctl, "stop", "-D", str(self.folder / "data"), "-m", "fast", "-w"], check=False
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(user: str | None, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    if user is not None:
        cmd = ["runuser", "-u", user, "--", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise ServerUnavailable(f"{' '.join(cmd)} failed: {(proc.stderr or proc.stdout).strip()[-500:]}")
    return proc


def start() -> Server:
    initdb, pg_ctl, createdb = _bin("initdb"), _bin("pg_ctl"), _bin("createdb")
    if not (initdb and pg_ctl and createdb):
        raise ServerUnavailable(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed; install Debian's postgresql "
            "package ('make test' does: apt-get install -y postgresql)"
        )
    user: str | None = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise ServerUnavailable(
                "running as root and there is no 'postgres' user to run the server as"
            ) from None
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    if user is not None:
        shutil.chown(folder, user)
    data = folder / "data"
    port = _free_port()
    try:
        _run(
            user,
            [
                initdb,
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
        )
        opts = f"-c listen_addresses='' -c unix_socket_directories='{folder}' -p {port} -c fsync=off"
        _run(
            user, [pg_ctl, "start", "-D", str(data), "-w", "-t", "60", "-o", opts, "-l", str(folder / "log")]
        )
        _run(user, [createdb, "-h", str(folder), "-p", str(port), "-U", "postgres", "newsprism"])
    except (ServerUnavailable, OSError, subprocess.TimeoutExpired) as exc:
        log = folder / "log"
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        _run(user, [pg_ctl, "stop", "-D", str(data), "-m", "immediate"], check=False)
        shutil.rmtree(folder, ignore_errors=True)
        raise ServerUnavailable(f"{exc} {tail}".strip()) from None
    return Server(folder, port, user, pg_ctl)


def fresh_database(server: Server, name: str) -> str:
    """A new empty database on ``server``; its URL."""
    _run(
        server.user,
        [
            _bin("createdb") or "createdb",
            "-h",
            str(server.folder),
            "-p",
            str(server.port),
            "-U",
            "postgres",
            name,
        ],
    )
    return server.url.replace("/newsprism?", f"/{name}?")
