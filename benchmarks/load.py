"""Load and fault suite: the example server (built on shared_types.server) under fire.

    python benchmarks/load.py                  # the full run: the figures of docs/production.md
    python benchmarks/load.py --quick          # a short run (CI): smaller numbers, same checks
    python benchmarks/load.py --output F.json  # also write the results as JSON
    python benchmarks/load.py --write-docs     # and the table into docs/production.md

Every scenario starts the real server (``python examples/outbound_server --port 0``,
with ``--redis`` where Redis is needed, against a ``redis-server`` started on a free
loopback port) and drives it with real WebSocket clients from this process. It prints
one table of figures; each bound is marked met or not. The exit status is 1 when a
check fails: a lost project, a broadcast not delivered, a limit not enforced, memory
over its bound; and, in the full run only, a latency bound missed (the short run is for
a shared CI machine, whose timings prove nothing).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from shared_types import (
    SERVER_MAX_BYTES,
    ErrorMessage,
    OutboundProjectConfig,
    ProjectRef,
    ProjectsUpdateMessage,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
    encode,
    parse_server_message,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "production.md"
DOC_START = "<!-- load results: start -->"
DOC_END = "<!-- load results: end -->"
EXAMPLE = ROOT / "examples" / "outbound_server"
READY = re.compile(r"ready on ws://127\.0\.0\.1:(\d+) ")
#: The bound on every wait: a bug fails the run instead of hanging it.
TIMEOUT = 60.0
#: The server's send timeout (ConnectionLimits.send_timeout), for the slow consumer.
SEND_TIMEOUT = 30.0

MEMORY_BOUND_MB = 100
FLOOD_P50_BOUND_MS = 50


@dataclass(frozen=True)
class Size:
    """The numbers of a run."""

    dashboards: int
    broadcasts: int
    slow_changes: int
    flood_seconds: float
    dropping: int
    restart_projects: int
    remote_dashboards: int


FULL = Size(500, 20, 3000, 5.0, 200, 200, 100)
QUICK = Size(50, 5, 300, 1.0, 20, 20, 10)


@dataclass
class Figure:
    """One measured figure, with its bound when it has one."""

    scenario: str
    name: str
    value: float | str
    unit: str = ""
    bound: str = ""
    met: bool | None = None
    timing: bool = False


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)

    def add(
        self, scenario: str, name: str, value: float | str, unit: str = "", **bound: Any
    ) -> None:
        if isinstance(value, float):
            value = round(value, 2)
        self.figures.append(Figure(scenario, name, value, unit, **bound))


# ----------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class RedisServer:
    """``redis-server`` on a free loopback port, without persistence."""

    def __init__(self, folder: str) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed (apt-get install -y redis-server)")
        port = free_port()
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = subprocess.Popen(  # noqa: S603 (the installed redis-server, fixed arguments)
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), 1) as c,
            ):
                c.sendall(b"PING\r\n")
                if c.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=TIMEOUT)


class Server:
    """The example server in a subprocess; its log is collected by a thread."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our own example, fixed arguments)
            [sys.executable, str(EXAMPLE), "--port", "0", *args],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        fresh: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            for line in self.process.stdout or ():
                self.lines.append(line)
                fresh.put(line)
            fresh.put(None)

        threading.Thread(target=read, daemon=True).start()
        while True:
            line = fresh.get(timeout=TIMEOUT)
            if line is None:
                raise SystemExit("the server exited:\n" + self.log)
            if match := READY.search(line):
                self.url = f"ws://127.0.0.1:{match.group(1)}"
                return

    @property
    def log(self) -> str:
        return "".join(self.lines)

    @property
    def log_bytes(self) -> int:
        return sum(len(line.encode()) for line in self.lines)

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"no VmRSS for process {self.process.pid}")
        return int(match.group(1)) / 1024

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=TIMEOUT)


# ----------------------------------------------------------------------- clients


def start_frame(project_id: str) -> str:
    config = OutboundProjectConfig(
        call_flow_id=f"flow-{project_id}",
        project_id=project_id,
        client_id="load-client",
        client_secret="load-secret",  # noqa: S106 (a fake secret for a fake token exchange)
        action="active",
        error=None,
    )
    return encode(StartOutboundMessage(payload=StartOutboundPayload(project=config)))


UNKNOWN_STOP = encode(
    StopOutboundMessage(payload=StopOutboundPayload(project=ProjectRef(project_id="nowhere")))
)


def dashboard(url: str, **options: Any) -> Any:
    options.setdefault("max_size", SERVER_MAX_BYTES)
    options.setdefault("close_timeout", 2)
    return connect(url, open_timeout=TIMEOUT, proxy=None, **options)


async def next_update(ws: ClientConnection) -> ProjectsUpdateMessage:
    while True:
        message = parse_server_message(
            await asyncio.wait_for(ws.recv(), TIMEOUT), max_bytes=SERVER_MAX_BYTES
        )
        if isinstance(message, ProjectsUpdateMessage):
            return message


async def round_trip_ms(ws: ClientConnection) -> float:
    """A request the server refuses (unknownProject): the time to its answer."""
    began = time.perf_counter()
    await ws.send(UNKNOWN_STOP)
    while True:
        message = parse_server_message(await asyncio.wait_for(ws.recv(), TIMEOUT))
        if isinstance(message, ErrorMessage):
            return (time.perf_counter() - began) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


@contextlib.asynccontextmanager
async def many(url: str, count: int, **options: Any) -> AsyncIterator[list[ClientConnection]]:
    """``count`` dashboards, connected 50 at a time, each past its first snapshot."""
    async with contextlib.AsyncExitStack() as stack:
        opened: list[ClientConnection] = []
        for offset in range(0, count, 50):
            batch = await asyncio.gather(
                *(
                    stack.enter_async_context(dashboard(url, **options))
                    for _ in range(min(50, count - offset))
                )
            )
            opened.extend(batch)
        await asyncio.gather(*(next_update(ws) for ws in opened))
        yield opened


async def watch(ws: ClientConnection, seen: dict[str, float], until: str) -> None:
    """Record when each ``triggeredBy`` arrives, until ``until`` does.

    The time is taken as the frame is received, and the frame read with ``json`` only:
    500 dashboards share this one process, and a full parse of every frame would
    measure the load generator more than the server (the frames' validity is tested
    elsewhere).
    """
    while True:
        frame = await asyncio.wait_for(ws.recv(), TIMEOUT)
        arrived = time.perf_counter()
        message = json.loads(frame)
        if message["event"] == "projectsUpdate":
            trigger = message["payload"]["triggeredBy"]
            seen.setdefault(trigger, arrived)
            if trigger == until:
                return


async def timed_broadcasts(
    driver: ClientConnection, dashboards: list[ClientConnection], ids: list[str]
) -> list[float]:
    """``driver`` starts each of ``ids``; the ms from each start to each dashboard seeing it.

    A start that a dashboard never saw has no latency: count them to check delivery.
    """
    seen: list[dict[str, float]] = [{} for _ in dashboards]
    watchers = [
        asyncio.ensure_future(watch(ws, got, ids[-1]))
        for ws, got in zip(dashboards, seen, strict=True)
    ]
    sent: dict[str, float] = {}
    for project_id in ids:
        sent[project_id] = time.perf_counter()
        await driver.send(start_frame(project_id))
        await asyncio.sleep(0.2)  # apart: each is its own broadcast
    await asyncio.wait_for(asyncio.gather(*watchers), TIMEOUT)
    return [(got[p] - sent[p]) * 1000 for got in seen for p in ids if p in got]


# ----------------------------------------------------------------------- scenarios


async def broadcast(report: Report, size: Size) -> None:
    """N dashboards receive every broadcast: the latency from the change to each of them."""
    server = Server()
    try:
        async with many(server.url, size.dashboards) as dashboards, dashboard(server.url) as driver:
            await next_update(driver)
            ids = [f"broadcast-{index}" for index in range(size.broadcasts)]
            latencies = await timed_broadcasts(driver, dashboards, ids)
        expected = size.dashboards * size.broadcasts
        scenario = f"{size.dashboards} dashboards, {size.broadcasts} broadcasts"
        report.add(
            scenario,
            "broadcasts delivered",
            f"{len(latencies)}/{expected}",
            bound="all",
            met=len(latencies) == expected,
        )
        report.add(scenario, "latency p50", percentile(latencies, 0.5), "ms", timing=True)
        report.add(scenario, "latency p99", percentile(latencies, 0.99), "ms", timing=True)
    finally:
        server.stop()


async def slow_consumer(report: Report, size: Size, *, wait_for_close: bool) -> None:
    """A client that never reads sends N distinct startOutbound: the server's memory."""
    server = Server()
    scenario = f"a client that never reads, {size.slow_changes} changes"
    try:
        async with dashboard(server.url) as watcher:
            await next_update(watcher)
            baseline = server.rss_mb()
            peak = baseline
            received = {"frames": 0, "bytes": 0, "last": 0, "final": 0}

            async def read_all() -> None:
                # The watcher reads everything, so what it gets is the coalescing at work.
                while received["last"] < size.slow_changes:
                    frame = await asyncio.wait_for(watcher.recv(), TIMEOUT)
                    received["frames"] += 1
                    received["bytes"] += len(frame)
                    message = json.loads(frame)
                    if message["event"] == "projectsUpdate":
                        received["last"] = len(message["payload"]["data"])
                        received["final"] = len(frame)

            reading = asyncio.ensure_future(read_all())
            # It stops reading its socket after one frame; uncompressed, its buffers fill sooner.
            async with dashboard(server.url, max_queue=1, compression=None) as stuck:
                for index in range(size.slow_changes):
                    await stuck.send(start_frame(f"slow-{index:05}-with-a-longer-project-id"))
                    if index % 50 == 0:
                        peak = max(peak, server.rss_mb())
                while not reading.done():
                    peak = max(peak, server.rss_mb())
                    await asyncio.sleep(0.05)
                await reading
                peak = max(peak, server.rss_mb())
                closed_after: float | str = "not waited for (--quick)"
                if wait_for_close:
                    began = time.monotonic()
                    while "4000 too slow" not in server.log and time.monotonic() - began < TIMEOUT:
                        peak = max(peak, server.rss_mb())
                        await asyncio.sleep(0.2)
                    closed_after = (
                        time.monotonic() - began if "4000 too slow" in server.log else "never"
                    )
        # One snapshot per change would send k projects for the k-th change: in all,
        # (N + 1) / 2 times the final snapshot.
        naive = received["final"] * (size.slow_changes + 1) / 2
        report.add(scenario, "snapshots a reading dashboard received", received["frames"])
        report.add(scenario, "bytes it received", received["bytes"] / 1e6, "MB")
        report.add(scenario, "one snapshot per change would be about", naive / 1e6, "MB")
        report.add(scenario, "server memory, baseline", baseline, "MB")
        report.add(
            scenario,
            "server memory, peak above baseline",
            peak - baseline,
            "MB",
            bound=f"<= {MEMORY_BOUND_MB} MB",
            met=peak - baseline <= MEMORY_BOUND_MB,
        )
        report.add(
            scenario,
            "closed with 4000 after the changes, in",
            closed_after,
            "s" if isinstance(closed_after, float) else "",
            bound=f"send timeout {SEND_TIMEOUT:.0f} s" if wait_for_close else "",
            met=isinstance(closed_after, float) if wait_for_close else None,
        )
    finally:
        server.stop()


async def flood(report: Report, size: Size) -> None:
    """One client floods 7-byte invalid frames, reconnecting when closed: another's round trip."""
    server = Server()
    scenario = "a flood of invalid frames"
    try:
        async with dashboard(server.url) as victim:
            await next_update(victim)
            quiet = [await round_trip_ms(victim) for _ in range(50)]
            stop = asyncio.Event()
            counts = {"frames": 0, "closed 1008": 0}

            async def flooder() -> None:
                while not stop.is_set():
                    async with dashboard(server.url) as ws:
                        with contextlib.suppress(ConnectionClosed):
                            while not stop.is_set():
                                await ws.send('{"a":1,')
                                counts["frames"] += 1
                                if counts["frames"] % 20 == 0:
                                    await asyncio.sleep(0)
                        if ws.close_code == 1008:
                            counts["closed 1008"] += 1

            log_before = server.log_bytes
            task = asyncio.ensure_future(flooder())
            began = time.monotonic()
            loud: list[float] = []
            while time.monotonic() - began < size.flood_seconds:
                loud.append(await round_trip_ms(victim))
                await asyncio.sleep(0.01)
            stop.set()
            await asyncio.wait_for(task, TIMEOUT)
            seconds = time.monotonic() - began
        report.add(scenario, "round trip p50, quiet", percentile(quiet, 0.5), "ms", timing=True)
        report.add(
            scenario,
            "round trip p50, under flood",
            percentile(loud, 0.5),
            "ms",
            bound=f"< {FLOOD_P50_BOUND_MS} ms",
            met=percentile(loud, 0.5) < FLOOD_P50_BOUND_MS,
            timing=True,
        )
        report.add(
            scenario, "round trip p99, under flood", percentile(loud, 0.99), "ms", timing=True
        )
        report.add(scenario, "invalid frames sent", counts["frames"])
        report.add(
            scenario,
            "flooding connections closed with 1008",
            counts["closed 1008"],
            bound=">= 1",
            met=counts["closed 1008"] >= 1,
        )
        report.add(scenario, "log growth", (server.log_bytes - log_before) / seconds / 1024, "KB/s")
    finally:
        server.stop()


def nested_bomb() -> str:
    """2,600 arrays nested 190 deep under an unknown key: 1 MiB once inflated."""
    arrays = ",".join(["[" * 190 + "]" * 190] * 2600)
    return '{"event":"startOutbound","payload":{"x":[' + arrays + "]}}"


async def bomb(report: Report) -> None:
    """The nested-array frame, compressed on the wire: refused at once, others unaffected."""
    server = Server()
    scenario = "the nested-array frame"
    frame = nested_bomb()
    deflated = zlib.compressobj(wbits=-15)
    wire = len(deflated.compress(frame.encode()) + deflated.flush())
    try:
        async with dashboard(server.url) as victim, dashboard(server.url) as attacker:
            await next_update(victim)
            await next_update(attacker)
            cpu_before = _cpu_seconds(server)
            began = time.perf_counter()
            await attacker.send(frame)
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await asyncio.wait_for(attacker.recv(), TIMEOUT)
            refused_ms = (time.perf_counter() - began) * 1000
            code = attacker.close_code
            after = [await round_trip_ms(victim) for _ in range(20)]
            cpu = _cpu_seconds(server) - cpu_before
        report.add(
            scenario,
            "size inflated / on the wire",
            f"{len(frame) // 1024} KiB / {wire / 1024:.1f} KiB",
        )
        report.add(scenario, "close code", str(code), bound="1009", met=code == 1009)
        report.add(scenario, "refused in", refused_ms, "ms", timing=True)
        report.add(
            scenario,
            "server CPU, frame and 20 round trips (10 ms ticks)",
            cpu * 1000,
            "ms",
            timing=True,
        )
        report.add(
            scenario,
            "other client's round trip p50 after it",
            percentile(after, 0.5),
            "ms",
            timing=True,
        )
    finally:
        server.stop()


def _cpu_seconds(server: Server) -> float:
    fields = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drops(report: Report, size: Size) -> None:
    """Half of the dashboards vanish (no close frame) in the middle of a burst of broadcasts."""
    server = Server()
    scenario = f"{size.dropping} dashboards, half dropping mid-broadcast"
    try:
        async with many(server.url, size.dropping) as dashboards, dashboard(server.url) as driver:
            await next_update(driver)
            leaving, staying = dashboards[::2], dashboards[1::2]
            seen: list[dict[str, float]] = [{} for _ in staying]
            watchers = [
                asyncio.ensure_future(watch(ws, got, "sentinel"))
                for ws, got in zip(staying, seen, strict=True)
            ]
            for index in range(100):
                await driver.send(start_frame(f"drop-{index:03}-with-a-longer-project-id"))
                if index == 50:
                    for ws in leaving:
                        ws.transport.abort()  # gone, no close frame
            await driver.send(start_frame("sentinel"))
            await asyncio.wait_for(asyncio.gather(*watchers), TIMEOUT)
            async with dashboard(server.url) as newcomer:
                newest = await next_update(newcomer)
        report.add(
            scenario,
            "staying dashboards that got every later broadcast",
            f"{sum('sentinel' in got for got in seen)}/{len(staying)}",
            bound="all",
            met=all("sentinel" in got for got in seen),
        )
        report.add(
            scenario,
            "a newcomer's snapshot, projects",
            len(newest.payload.data),
            bound="101",
            met=len(newest.payload.data) == 101,
        )
        failures = server.log.count("Traceback")
        report.add(
            scenario, "tracebacks in the server's log", failures, bound="0", met=failures == 0
        )
    finally:
        server.stop()


async def restart(report: Report, size: Size, redis: RedisServer) -> None:
    """A server with Redis killed (SIGKILL) and restarted: every project is still there."""
    scenario = f"kill -9 and restart with Redis, {size.restart_projects} projects"
    server = Server("--redis", redis.url)
    try:
        async with dashboard(server.url) as ws:
            await next_update(ws)
            for index in range(size.restart_projects):
                await ws.send(start_frame(f"kept-{index:04}"))
            while len((await next_update(ws)).payload.data) < size.restart_projects:
                pass
        server.kill()
        began = time.monotonic()
        server = Server("--redis", redis.url)
        async with dashboard(server.url) as ws:
            found = {p.project_id for p in (await next_update(ws)).payload.data}
        back = time.monotonic() - began
        lost = sum(f"kept-{index:04}" not in found for index in range(size.restart_projects))
        report.add(scenario, "projects lost", lost, bound="0", met=lost == 0)
        report.add(scenario, "restart to first snapshot", back * 1000, "ms", timing=True)
    finally:
        server.stop()


async def two_processes(report: Report, size: Size, redis: RedisServer) -> None:
    """Two servers with one Redis: a change on one reaches the dashboards of the other."""
    scenario = f"two servers with Redis, {size.remote_dashboards} dashboards on the other"
    first, second = Server("--redis", redis.url), Server("--redis", redis.url)
    try:
        async with (
            many(second.url, size.remote_dashboards) as remote,
            dashboard(first.url) as driver,
        ):
            await next_update(driver)
            ids = [f"remote-{index}" for index in range(size.broadcasts)]
            latencies = await timed_broadcasts(driver, remote, ids)
        expected = size.remote_dashboards * size.broadcasts
        report.add(
            scenario,
            "broadcasts delivered on the other server",
            f"{len(latencies)}/{expected}",
            bound="all",
            met=len(latencies) == expected,
        )
        report.add(
            scenario, "latency p50, across servers", percentile(latencies, 0.5), "ms", timing=True
        )
        report.add(
            scenario, "latency p99, across servers", percentile(latencies, 0.99), "ms", timing=True
        )
    finally:
        first.stop()
        second.stop()


# ----------------------------------------------------------------------- main


def table(report: Report, *, quick: bool) -> str:
    lines = ["| scenario | figure | value | bound |", "|---|---|---|---|"]
    for f in report.figures:
        verdict = ""
        if f.met is not None:
            verdict = f"{f.bound}: {'met' if f.met else 'NOT MET'}"
            if f.timing and quick:
                verdict += " (timing, not enforced in --quick)"
        value = f"{f.value} {f.unit}".strip()
        lines.append(f"| {f.scenario} | {f.name} | {value} | {verdict} |")
    return "\n".join(lines)


async def run_all(size: Size, *, quick: bool) -> Report:
    report = Report()
    steps: list[tuple[str, Callable[[], Coroutine[Any, Any, None]]]] = [
        ("broadcast", lambda: broadcast(report, size)),
        ("slow consumer", lambda: slow_consumer(report, size, wait_for_close=not quick)),
        ("flood", lambda: flood(report, size)),
        ("nested-array frame", lambda: bomb(report)),
        ("dropping clients", lambda: drops(report, size)),
    ]
    with tempfile.TemporaryDirectory() as folder:
        redis = RedisServer(folder)
        try:
            steps += [
                ("restart with Redis", lambda: restart(report, size, redis)),
                ("two processes", lambda: two_processes(report, size, redis)),
            ]
            for name, step in steps:
                began = time.monotonic()
                await step()
                print(
                    f"{name}: done in {time.monotonic() - began:.1f} s", file=sys.stderr, flush=True
                )
        finally:
            redis.stop()
    return report


def write_docs(text: str) -> None:
    """Replace the results between the markers of docs/production.md."""
    doc = DOC.read_text(encoding="utf-8")
    head, rest = doc.split(DOC_START, 1)
    _, tail = rest.split(DOC_END, 1)
    load = os.getloadavg()[0]
    note = f"Load average (1 min) at the end of the run: {load:.1f} on {os.cpu_count()} cores."
    DOC.write_text(f"{head}{DOC_START}\n{text}\n\n{note}\n{DOC_END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short version (CI)")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--write-docs", action="store_true", help="write the table into docs/production.md"
    )
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    report = asyncio.run(run_all(size, quick=args.quick))
    print(table(report, quick=args.quick))
    failed = [f for f in report.figures if f.met is False and not (f.timing and args.quick)]
    if args.output is not None:
        results = {
            "quick": args.quick,
            "size": size.__dict__,
            "cpus": os.cpu_count(),
            "figures": [f.__dict__ for f in report.figures],
            "failed": [f"{f.scenario}: {f.name}" for f in failed],
        }
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.write_docs:
        write_docs(table(report, quick=args.quick))
    for figure in failed:
        print(
            f"NOT MET: {figure.scenario}: {figure.name} = {figure.value} ({figure.bound})",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
