"""Private Redis, PostgreSQL and SMTP servers for fault tests.

The machine's shared Redis and PostgreSQL serve other engineers' tests: fault tests never
stop them. Each test starts its own on a free port, breaks it as it likes, and removes it.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition, seconds: float = 20.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.settimeout(0.5)
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class PrivateRedis:
    """redis-server on a free port, without persistence; stop, start, hang and resume it."""

    def __init__(self) -> None:
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.binary, "redis-server is not on PATH"
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _answers(self.port), 10), "private Redis did not start"

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def hang(self) -> None:
        """SIGSTOP: the port still accepts connections, nothing ever answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


class PrivatePostgres:
    """A throw-away cluster (initdb + pg_ctl) in a temporary folder, on a free port."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.bin = Path(bins[-1]).parent if bins else None
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="hard-pg-"))
        self.data = self.dir / "data"
        self.as_postgres: list[str] = []

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def available(self) -> str:
        """'' when a private cluster can run here, else why not."""
        if self.bin is None:
            return "no /usr/lib/postgresql/*/bin/initdb on this machine"
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                return "running as root without runuser: initdb refuses root"
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres", "postgres")
        return ""

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_postgres, *args], capture_output=True, text=True, timeout=timeout, check=True
        )

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale",
            "C",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "30",
            "start",
        )

    def restart(self, mode: str = "immediate") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.start()

    def destroy(self) -> None:
        if self.data.exists():
            subprocess.run(
                [
                    *self.as_postgres,
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                timeout=30,
            )
        shutil.rmtree(self.dir, ignore_errors=True)


class SmtpStub(socketserver.ThreadingTCPServer):
    """A tiny SMTP server. mode: 'ok' stores mail; '550'/'451' refuses the recipient;
    'silent' accepts the connection and never says a word; 'hang_first_data' answers
    normally but never acknowledges the first message's data (the client hangs)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str = "ok") -> None:
        self.mode = mode
        self.received: list[bytes] = []
        self.data_started = threading.Event()
        self.hung_once = False
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpStub

    def say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server = self.server
        if server.mode == "silent":
            time.sleep(30)
            return
        self.say("220 stub ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.say("250 stub")
            elif command.startswith("MAIL FROM"):
                self.say("250 ok")
            elif command.startswith("RCPT TO"):
                if server.mode == "550":
                    self.say("550 5.1.1 no such mailbox")
                elif server.mode == "451":
                    self.say("451 4.3.0 try again later")
                else:
                    self.say("250 ok")
            elif command == "DATA":
                self.say("354 go ahead")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                if server.mode == "hang_first_data" and not server.hung_once:
                    server.hung_once = True
                    server.data_started.set()
                    time.sleep(60)  # the sender dies waiting; this message never counts
                    return
                server.received.append(body)
                self.say("250 queued")
            elif command == "RSET" or command == "NOOP":
                self.say("250 ok")
            elif command == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 not implemented")
