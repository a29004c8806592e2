"""Hostile frames of up to the default size limit (1 MiB), one per shape that once cost
the parser far more than `json.loads`: deterministic, built from plain text.

Each is ``(direction, frame)``; the bound (docs/performance.md) is that the library
accepts or rejects every one in at most 5x the time of `json.loads` on the same bytes
and with at most 4x its peak memory. `tests/benchmarks/test_bounds.py` checks the shape
of that bound with wide margins; `benchmarks/run.py` measures it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import _inputs

__all__ = [
    "LIMIT",
    "SHAPES",
    "SHORT",
    "Direction",
    "Measured",
    "MeasuredShort",
    "frames",
    "measure",
    "measure_short",
    "peak_memory",
]

LIMIT = 1_048_576
"""The parsers' default size limit, `shared_types.DEFAULT_MAX_BYTES`."""

SHORT = 4_096
"""The longest frame the parser's fast path takes (`_codec.DOCUMENT_FIRST_ABOVE`): every
shape built this short shows the constant its bound allows."""

Direction = Literal["client", "server"]

_PROJECT = (
    '{"callFlowId":"cf-1","projectId":"p-1","client_id":"c-1","client_secret":"s",'
    '"action":"init","error":null'
)


def _start(extra: str = "", secret: str = "s") -> str:  # noqa: S107 (a made-up secret)
    project = _PROJECT.replace('"client_secret":"s"', f'"client_secret":"{secret}"')
    return '{"event":"startOutbound","payload":{"project":' + project + extra + "}}}"


def _fill(
    unit: Callable[[int], str],
    frame: Callable[[str], str],
    separator: str = "",
    size: int = LIMIT,
) -> str:
    """``frame(units)`` with as many ``unit(i)`` as fit in ``size`` bytes."""
    room = size - len(frame("").encode())
    parts: list[str] = []
    size = 0
    index = 0
    while True:
        part = (separator if parts else "") + unit(index)
        if size + len(part.encode()) > room:
            return frame("".join(parts))
        parts.append(part)
        size += len(part.encode())
        index += 1


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _projects(
    edit: Callable[[list[dict[str, object]]], None] | None = None, size: int = LIMIT
) -> str:
    """A `projectsUpdate` with as many projects as fit in ``size`` bytes, optionally edited."""
    count = max(1, size // 360)
    while True:
        message = _inputs.projects_update_dict(count)
        if edit is not None:
            edit(message["payload"]["data"])
        text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        if len(text.encode()) <= size or count == 1:
            return text
        count -= max(1, count // 100)


def _last_bad(projects: list[dict[str, object]]) -> None:
    projects[-1]["agentQuantity"] = -1


def _extra_in_each(projects: list[dict[str, object]]) -> None:
    for project in projects:
        project["zz"] = 0


def _negative_callers(projects: list[dict[str, object]]) -> None:
    # Negative integers put 0xFF bytes in marshal's dump: the finiteness pre-filter
    # cannot prove them clean, so every caller is walked.
    for project in projects:
        project["caller"] = [-1] * 40


def _unknown_event(units: str) -> str:
    return '{"event":"nope","payload":{"x":[' + units + "]}}"


def _in_one_project(units: str, where: str = "project") -> str:
    """A one-project `projectsUpdate` with ``units`` as extra members of the project
    (``where="project"``) or as the members of its ``caller`` object."""
    one = _inputs.projects_update_dict(1)
    project = one["payload"]["data"][0]
    if where == "project":
        project["zz"] = "UNITS"
        marker = ',"zz":"UNITS"'
    else:
        project["caller"] = "UNITS"
        marker = '"UNITS"'
        units = "{" + units.removeprefix(",") + "}"
    text = json.dumps(one, ensure_ascii=False, separators=(",", ":"))
    return text.replace(marker, units)


def _project_of(units: str, direction: Direction) -> str:
    """A message whose one project is made of ``units`` only (its fields missing)."""
    project = "{" + units.removeprefix(",") + "}"
    if direction == "client":
        return '{"event":"startOutbound","payload":{"project":' + project + "}}"
    one = _inputs.projects_update_dict(1)
    one["payload"]["data"] = ["PROJECT"]
    return json.dumps(one, separators=(",", ":")).replace('"PROJECT"', project)


def _deep_caller(size: int) -> str:
    one = _inputs.projects_update_dict(1)
    one["payload"]["data"][0]["caller"] = "CALLER"
    text = json.dumps(one, separators=(",", ":"))
    head, tail = text.split('"CALLER"')
    return _fill(lambda i: _nested(190), lambda units: f"{head}[{units}]{tail}", ",", size)


SHAPES: dict[str, tuple[Direction, Callable[[int], str]]] = {
    "unknown keys (~96k)": (
        "client",
        lambda size: _fill(lambda i: f',"k{i}":0', _start, size=size),
    ),
    "arrays 190 deep under an unknown key": (
        "client",
        lambda size: _fill(
            lambda i: _nested(190), lambda units: _start(f',"x":[{units}]'), ",", size=size
        ),
    ),
    "wide: empty objects under an unknown key": (
        "client",
        lambda size: _fill(lambda i: "{}", lambda units: _start(f',"x":[{units}]'), ",", size=size),
    ),
    "wide: an object of objects under an unknown key": (
        "client",
        lambda size: _fill(
            lambda i: f'"{i}":{{}}', lambda units: _start(f',"x":{{{units}}}'), ",", size=size
        ),
    ),
    "unknown top-level keys": (
        "client",
        lambda size: _fill(
            lambda i: f',"k{i}":0', lambda units: _start()[:-1] + units + "}", size=size
        ),
    ),
    "duplicate unknown keys": (
        "client",
        lambda size: _fill(lambda i: ',"k":0', _start, size=size),
    ),
    "duplicate known keys": (
        "client",
        lambda size: _fill(lambda i: ',"action":"init"', _start, size=size),
    ),
    "a long secret (valid)": (
        "client",
        lambda size: _fill(lambda i: "s", lambda units: _start(secret=units), size=size),
    ),
    "a long escaped secret (valid)": (
        "client",
        lambda size: _fill(lambda i: "\\u00e9", lambda units: _start(secret=units), size=size),
    ),
    "a long unknown key": (
        "client",
        lambda size: _fill(lambda i: "k", lambda units: _start(f',"{units}":0'), size=size),
    ),
    "integers under an unknown key": (
        "client",
        lambda size: _fill(
            lambda i: "1234567", lambda units: _start(f',"x":[{units}]'), ",", size=size
        ),
    ),
    "unknown event, deep payload": (
        "client",
        lambda size: _fill(lambda i: _nested(190), _unknown_event, ",", size=size),
    ),
    "many projects (valid)": ("server", lambda size: _projects(size=size)),
    "many projects, the last one bad": ("server", lambda size: _projects(_last_bad, size)),
    "many projects, an unknown key in each": (
        "server",
        lambda size: _projects(_extra_in_each, size),
    ),
    "many projects, negative integers in callers (valid)": (
        "server",
        lambda size: _projects(_negative_callers, size),
    ),
    "a caller of arrays 190 deep (valid)": ("server", _deep_caller),
    "unknown keys in one project": (
        "server",
        lambda size: _fill(lambda i: f',"k{i}":0', _in_one_project, size=size),
    ),
    "duplicate unknown keys in one project": (
        "server",
        lambda size: _fill(lambda i: ',"k":0', _in_one_project, size=size),
    ),
    "duplicate known keys in one project": (
        "server",
        lambda size: _fill(lambda i: ',"action":"init"', _in_one_project, size=size),
    ),
    "a project of unknown keys only": (
        "server",
        lambda size: _fill(
            lambda i: f',"k{i}":0', lambda units: _project_of(units, "server"), size=size
        ),
    ),
    "a project of one repeated unknown key": (
        "server",
        lambda size: _fill(
            lambda i: ',"k":0', lambda units: _project_of(units, "server"), size=size
        ),
    ),
    "a client project of unknown keys only": (
        "client",
        lambda size: _fill(
            lambda i: f',"k{i}":0', lambda units: _project_of(units, "client"), size=size
        ),
    ),
    "duplicate keys in a caller (valid)": (
        "server",
        lambda size: _fill(
            lambda i: ',"k":0', lambda units: _in_one_project(units, "caller"), size=size
        ),
    ),
}
"""Each shape's direction and the function that builds its frame."""


def frames(size: int = LIMIT) -> Iterator[tuple[str, Direction, bytes]]:
    """Every shape's name, direction and frame (UTF-8 bytes, at most ``size``)."""
    for name, (direction, build) in SHAPES.items():
        frame = build(size).encode()
        assert len(frame) <= size, name  # noqa: S101 (a broken benchmark must stop)
        yield name, direction, frame


@dataclass(frozen=True)
class Measured:
    """One shape's costs: CPU seconds (best round) and peak memory in bytes (None
    where the platform cannot reset the peak: only Linux's /proc can)."""

    name: str
    direction: Direction
    size: int
    outcome: str
    ours: float
    json_loads: float
    ours_peak: int | None
    json_peak: int | None

    @property
    def time_ratio(self) -> float:
        return self.ours / self.json_loads

    @property
    def memory_ratio(self) -> float | None:
        if self.ours_peak is None or self.json_peak is None:
            return None
        # json.loads of bytes decodes them to a str first: never less than the frame.
        return self.ours_peak / max(self.json_peak, self.size)


def _parser(direction: Direction) -> Callable[[bytes], object]:
    from shared_types import parse_client_message, parse_server_message  # noqa: PLC0415 (also run in a child)

    return parse_client_message if direction == "client" else parse_server_message


def _outcome(parse: Callable[[bytes], object], frame: bytes) -> str:
    from shared_types import ProtocolError  # noqa: PLC0415 (also run in a child)

    try:
        parse(frame)
    except ProtocolError as error:
        return error.code
    return "accepted"


def _best(run: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


_CHILD = """
import gc, json, sys
sys.path.insert(0, {here!r})
import _adversarial
from shared_types import ProtocolError
frame = open({path!r}, "rb").read()
parse = _adversarial._parser({direction!r})
for warm in (b"{{}}", b'{{"event":"stopOutbound","payload":{{}}}}'):  # build the validators
    try:
        parse(warm)
    except ProtocolError:
        pass
run = json.loads if {which!r} == "json.loads" else parse

def rss(key):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(key))

gc.collect()
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")  # resets the peak (VmHWM) to the current size
base = rss("VmRSS")
try:
    run(frame)
except ProtocolError:
    pass
print(rss("VmHWM") - base)
"""


def peak_memory(direction: Direction, frame: bytes, which: str) -> int | None:
    """The peak memory, in bytes above what the process held before, of one call of
    ``which`` (``"shared_types"`` or ``"json.loads"``) on ``frame``, in a fresh process."""
    if not Path("/proc/self/clear_refs").exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frame.json"
        path.write_bytes(frame)
        code = _CHILD.format(
            here=str(Path(__file__).parent), path=str(path), direction=direction, which=which
        )
        done = subprocess.run(  # noqa: S603 (this interpreter, our own code)
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        return None
    return max(int(done.stdout), 0)


def measure(name: str, direction: Direction, frame: bytes, rounds: int) -> Measured:
    """One shape: both candidates timed in this process, interleaved, best of ``rounds``;
    each one's peak memory in a fresh process."""
    parse = _parser(direction)
    outcome = _outcome(parse, frame)

    def ours() -> None:
        with contextlib.suppress(ValueError):  # a ProtocolError
            parse(frame)

    times: dict[str, float] = {"ours": float("inf"), "json": float("inf")}
    for _ in range(rounds):
        times["ours"] = min(times["ours"], _best(ours, 1))
        times["json"] = min(times["json"], _best(lambda: json.loads(frame), 1))
    return Measured(
        name,
        direction,
        len(frame),
        outcome,
        times["ours"],
        times["json"],
        peak_memory(direction, frame, "shared_types"),
        peak_memory(direction, frame, "json.loads"),
    )


@dataclass(frozen=True)
class MeasuredShort:
    """One shape at `SHORT` bytes: CPU seconds per call (best batch) of each."""

    name: str
    direction: Direction
    size: int
    outcome: str
    ours: float
    json_loads: float

    @property
    def time_ratio(self) -> float:
        return self.ours / self.json_loads


def measure_short(
    name: str, direction: Direction, frame: bytes, rounds: int, calls: int = 200
) -> MeasuredShort:
    """One short shape: batches of ``calls`` calls of each, interleaved, best of ``rounds``."""
    parse = _parser(direction)
    outcome = _outcome(parse, frame)

    def ours() -> None:
        for _ in range(calls):
            with contextlib.suppress(ValueError):  # a ProtocolError
                parse(frame)

    def loads() -> None:
        for _ in range(calls):
            json.loads(frame)

    best = {"ours": float("inf"), "json": float("inf")}
    for _ in range(rounds):
        best["ours"] = min(best["ours"], _best(ours, 1) / calls)
        best["json"] = min(best["json"], _best(loads, 1) / calls)
    return MeasuredShort(name, direction, len(frame), outcome, best["ours"], best["json"])
