"""A throwaway PostgreSQL server for the tests: its own cluster, loopback only, stopped after.

``tests/setup_env.py`` installs Debian's ``postgresql`` package and the psycopg driver; this
module only finds the server binaries, initialises a cluster in a temporary folder, starts it
on a free 127.0.0.1 port (its unix socket inside that folder, never the system's) and gives
each test its own empty database. PostgreSQL refuses to run as root, so under root the
cluster belongs to the ``postgres`` system user and the server commands run as that user.

Durability settings are off (``fsync``, ``synchronous_commit``): the tests kill bots, not
the server, so nothing they check depends on them, and every commit is much faster.
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.live_bot import free_port

DATABASES = ("sqlite", "postgresql")  # what the suites that run on both are parametrized by
SERVER_USER = "postgres"
DB_USER = "ft_test"
START_TIMEOUT = 60
COMMAND_TIMEOUT = 60


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding ``initdb``, else PATH's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable_reason() -> str:
    """Why no test server can be started here, or "" when it can."""
    if find_bindir() is None:
        return ("PostgreSQL is not installed (no initdb; `tests/setup_env.py` installs "
                "Debian's postgresql when run as root)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install 'psycopg[binary]')"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server"
    return ""


@dataclass
class PostgresServer:
    """One running cluster; ``new_database()`` gives a fresh database's SQLAlchemy URL."""

    folder: Path
    port: int
    password: str
    bindir: Path
    _databases: list[str] = field(default_factory=list)

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, database: str, driver: str = "psycopg") -> str:
        return (f"postgresql+{driver}://{DB_USER}:{self.password}@127.0.0.1:{self.port}/"
                f"{database}")

    def _admin(self):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user=DB_USER,
                               password=self.password, dbname="postgres", autocommit=True,
                               connect_timeout=10)

    def new_database(self) -> str:
        """Create an empty database and return its URL (``postgresql+psycopg://...``)."""
        name = f"ft_{len(self._databases)}_{secrets.token_hex(3)}"
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database of ``url``, ending whatever sessions still use it."""
        name = url.rsplit("/", 1)[1]
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        _run(self.bindir, ["pg_ctl", "stop", "-D", str(self.folder / "data"), "-m", "fast",
                           "-w", "-t", str(START_TIMEOUT)], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_server_user() -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []


def _run(bindir: Path, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([*_as_server_user(), str(bindir / command[0]), *command[1:]],
                          capture_output=True, text=True, timeout=COMMAND_TIMEOUT, cwd="/")
    if check and done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()[-1500:]}")
    return done


def start() -> PostgresServer:
    """Initialise a cluster in a new temporary folder and start it on a free loopback port."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(unavailable_reason())
    folder = Path(tempfile.mkdtemp(prefix="ft-postgres-"))
    password = secrets.token_hex(12)
    (folder / "socket").mkdir()
    pwfile = folder / "pwfile"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        server = pwd.getpwnam(SERVER_USER)
        for path in (folder, folder / "socket", pwfile):
            os.chown(path, server.pw_uid, server.pw_gid)
    os.chmod(folder, 0o700)
    data = folder / "data"
    try:
        _run(bindir, ["initdb", "-D", str(data), "-U", DB_USER, f"--pwfile={pwfile}",
                      "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8",
                      "--no-sync"])
        port = free_port()
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {folder / 'socket'} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200 -c timezone=America/New_York")
        _run(bindir, ["pg_ctl", "start", "-D", str(data), "-w", "-t", str(START_TIMEOUT),
                      "-l", str(folder / "server.log"), "-o", options])
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        log = folder / "server.log"
        tail = log.read_text()[-1500:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"{exc}\n{tail}") from None
    return PostgresServer(folder, port, password, bindir)


@contextmanager
def fresh_database(request, kind: str, folder: Path) -> Iterator[str]:
    """A new empty database of ``kind`` (one of ``postgres_server.DATABASES``), dropped
    afterwards: a SQLite file in ``folder`` or a database on the session's server."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'tradesv3.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.new_database()
    try:
        yield url
    finally:
        server.drop_database(url)
