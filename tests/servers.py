"""Real servers owned by a test: a Redis process, an SMTP server (aiosmtpd) and a PostgreSQL
cluster of its own (initdb + pg_ctl in a temporary directory), all stoppable, so tests can prove
behaviour across outages without touching the machine's shared services (5432, 6379)."""

import asyncio
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, up: bool, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            is_up = sock.connect_ex(("127.0.0.1", port)) == 0
        if is_up == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not become {'reachable' if up else 'closed'}")


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, up=True)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for_port(self.port, up=False)


class _Sink:
    def __init__(self):
        self.messages = []
        # hold(): the server stops answering after RCPT TO until release(), so a test can catch a
        # sender in the middle of the SMTP conversation; `held` is set when one is caught.
        self.holding = False
        self.held = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        if self.holding:
            self.held.set()
            while self.holding:
                await asyncio.sleep(0.05)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on a fixed port; messages survive stop/start so a test can count deliveries."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.sink = _Sink()
        self.controller: Controller | None = None

    @property
    def messages(self):
        return self.sink.messages

    def hold(self) -> None:
        self.sink.held.clear()
        self.sink.holding = True

    def release(self) -> None:
        self.sink.holding = False

    def start(self) -> "SmtpServer":
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None
        wait_for_port(self.port, up=False)


def _pg(name: str, *args: str) -> list[str]:
    """A PostgreSQL server program; as root (a container, CI) it runs as the `postgres` user,
    because initdb and postgres refuse to run as root."""
    found = shutil.which(name) or (sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [None])[-1]
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed")
    command = [found, *args]
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    """A PostgreSQL cluster of the test's own: initdb in a temporary directory, trust auth for
    `postgres` on 127.0.0.1 and a free port, restartable with pg_ctl. Never the shared 5432."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="pg-test-"))
        self.data = self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _pg("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "log"), "-w", "-t", "30", *args),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> "PostgresServer":
        if not self.data.exists():
            if os.geteuid() == 0:
                shutil.chown(self.directory, "postgres", "postgres")
            subprocess.run(
                _pg(
                    "initdb",
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            with (self.data / "postgresql.auto.conf").open("a") as conf:
                conf.write("fsync = off\nfull_page_writes = off\n")
        self.options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.directory}"
        )
        self._ctl("-o", self.options, "start")
        wait_for_port(self.port, up=True)
        return self

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")
        wait_for_port(self.port, up=False)

    def restart(self) -> None:
        self._ctl("-m", "fast", "-o", self.options, "restart")
        wait_for_port(self.port, up=True)

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                _pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(self.directory, ignore_errors=True)
