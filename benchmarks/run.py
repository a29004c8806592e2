"""Benchmark shared_types against its fastest Python peers, and check the targets.

    python benchmarks/run.py                 # full run: table, results/, docs/performance.md
    python benchmarks/run.py --quick         # a tiny run that only proves the script works

Every candidate of a case runs in this one process, on the same input bytes,
interleaved (round after round, each round runs every candidate once, in a rotating
order), best of N rounds. During a timed batch the garbage collector is disabled;
it runs (``gc.collect()``) before every batch. Time is the CPU time of the process
(``time.process_time``: user + system) unless ``--timer wall``, so that the time a
shared machine gives to other jobs is not counted. ``import`` times are measured in
fresh interpreters, interleaved the same way. Ratios compare candidates of one run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import importlib.metadata
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _adversarial
import _inputs
import pydantic
import pydantic_core
from pydantic import Field

import shared_types
from shared_types import (
    ProjectInfo,
    ProjectsUpdateMessage,
    ProjectsUpdatePayload,
    StartOutboundMessage,
    encode,
    parse_client_message,
    parse_server_message,
    parse_timestamp,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DOC = ROOT / "docs" / "performance.md"
DOC_START = "<!-- benchmark results: start (written by benchmarks/run.py) -->"
DOC_END = "<!-- benchmark results: end -->"
COMMAND = "python benchmarks/run.py"

#: A realistic access token, so the masked encode really has something to hide.
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcm9qIn0.c2lnbmF0dXJlLWJ5dGVz"  # noqa: S105 (a made-up token)


# --------------------------------------------------------------------------- timing


@dataclass
class Candidate:
    name: str
    run: Callable[[], object]
    timings: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.timings)

    @property
    def median(self) -> float:
        return statistics.median(self.timings)


@dataclass
class Case:
    name: str
    unit: str
    candidates: list[Candidate]
    notes: list[str] = field(default_factory=list)
    baseline: str = ""
    """The candidate the table's ratio column divides by (default: the second one)."""

    def get(self, name: str) -> Candidate | None:
        return next((c for c in self.candidates if c.name == name), None)


TIMERS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


@dataclass(frozen=True)
class Settings:
    timer: str
    rounds: int
    batch_seconds: float
    jsonl_lines: int
    import_rounds: int
    update_counts: tuple[int, ...] = (1, 100, 1000)
    """Projects per parsed `projectsUpdate`; the largest is also the encoded one."""
    adversarial_rounds: int = 5
    """Rounds per hostile 1 MiB frame (each call lasts up to a few hundred ms)."""
    adversarial_shapes: tuple[str, ...] | None = None
    """The hostile shapes measured (None: every one of `_adversarial.SHAPES`)."""


def _calibrate(run: Callable[[], object], batch_seconds: float, clock: Callable[[], float]) -> int:
    """How many calls make one batch last about ``batch_seconds``."""
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            run()
        elapsed = clock() - start
        if elapsed >= batch_seconds or number >= 1_000_000:
            return number
        number = max(number * 2, int(number * batch_seconds / max(elapsed, 1e-9) * 1.1))


@contextlib.contextmanager
def _gc_off() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def time_interleaved(case: Case, settings: Settings) -> None:
    """Best-of-N, interleaved: every round times one batch of every candidate."""
    clock = TIMERS[settings.timer]
    numbers = {c.name: _calibrate(c.run, settings.batch_seconds, clock) for c in case.candidates}
    for round_index in range(settings.rounds):
        shift = round_index % len(case.candidates)
        for candidate in case.candidates[shift:] + case.candidates[:shift]:
            number = numbers[candidate.name]
            run = candidate.run
            with _gc_off():
                start = clock()
                for _ in range(number):
                    run()
                elapsed = clock() - start
            candidate.timings.append(elapsed / number)


def time_imports(statements: dict[str, str], rounds: int, timer: str) -> Case:
    """Each statement's own time in fresh interpreters (startup excluded), interleaved."""
    candidates = [Candidate(name, lambda: None) for name in statements]
    clock = {"cpu": "process_time", "wall": "perf_counter"}[timer]
    code = f"import time; t = time.{clock}(); {{stmt}}; print(time.{clock}() - t)"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("PYTHONDONTWRITEBYTECODE")
    for round_index in range(rounds + 1):  # round 0 warms the bytecode caches, unrecorded
        order = candidates[round_index % 2 :] + candidates[: round_index % 2]
        for candidate in order:
            out = subprocess.run(  # noqa: S603 (this interpreter, our own fixed code)
                [sys.executable, "-c", code.format(stmt=statements[candidate.name])],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            )
            if round_index:
                candidate.timings.append(float(out.stdout))
    return Case(
        "import time (fresh interpreter)",
        "ms",
        candidates,
        ["Each import timed inside a fresh `python -c`, interpreter start-up excluded."],
    )


# --------------------------------------------------------------------------- candidates


def _optional(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


orjson = _optional("orjson")
msgspec_protocol = _optional("_msgspec_protocol") if _optional("msgspec") else None
jsonschema = _optional("jsonschema")
MISSING_NOTE = "{} not installed (`pip install -e '.[bench]'`): its candidate is left out."


def _schema(direction: str) -> tuple[dict[str, Any], str]:
    """The committed JSON Schema of a direction."""
    committed = ROOT / "json-schema" / f"{direction}.schema.json"
    return json.loads(committed.read_text()), f"`json-schema/{committed.name}`"


def _jsonschema_validator(direction: str, notes: list[str]) -> Any:
    if jsonschema is None:
        notes.append(MISSING_NOTE.format("jsonschema"))
        return None
    schema, source = _schema(direction)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    notes.append(f"jsonschema: {cls.__name__} with format checking, schema {source}.")
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def parse_case(
    name: str,
    raw: bytes,
    parse: Callable[[bytes], object],
    model: type[Any],
    direction: str,
) -> Case:
    notes: list[str] = []
    candidates = [
        Candidate("shared_types parse", lambda: parse(raw)),
        Candidate("json.loads", lambda: json.loads(raw)),
    ]
    if orjson is not None:
        candidates.append(Candidate("orjson.loads", lambda: orjson.loads(raw)))
    else:
        notes.append(MISSING_NOTE.format("orjson"))
    if msgspec_protocol is not None:
        protocol = msgspec_protocol.DecodeProtocol()
        decoder = protocol.client if direction == "client-to-server" else protocol.server
        decoder.decode(raw)
        candidates.append(Candidate("msgspec Struct decode", lambda: decoder.decode(raw)))
    else:
        notes.append(MISSING_NOTE.format("msgspec"))
    naive = Candidate(
        "pydantic model_validate(json.loads)", lambda: model.model_validate(json.loads(raw))
    )
    candidates.append(naive)
    validator = _jsonschema_validator(direction, notes)
    if validator is not None:
        assert validator.is_valid(json.loads(raw)), "the schema rejects a valid input"  # noqa: S101 (a broken benchmark must stop)
        check = Candidate(
            "jsonschema validate(json.loads)", lambda: validator.is_valid(json.loads(raw))
        )
        candidates.append(check)
    parse(raw)  # fails loudly if the input is not valid
    notes.append(f"input: {len(raw):,} bytes")
    return Case(name, "µs", candidates, notes)


class _PlainProjectInfo(ProjectInfo):
    """`ProjectInfo` with ``access_token`` a plain string: the same model, unmasked."""

    access_token: str | None = Field(alias="access_token")


class _PlainPayload(ProjectsUpdatePayload):
    data: list[_PlainProjectInfo]  # type: ignore[assignment] # the unmasked twin, on purpose


class _PlainMessage(ProjectsUpdateMessage):
    payload: _PlainPayload


def encode_case(count: int) -> Case:
    secret = _inputs.projects_update_dict(count, token=TOKEN)
    wire = _inputs.masked(secret)
    message = ProjectsUpdateMessage.model_validate(secret)
    plain = _PlainMessage.model_validate(wire)
    expected = encode(message)

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    # Every candidate writes the same text (or its UTF-8 bytes): checked, not assumed.
    checks: list[tuple[str, str | bytes]] = [
        ("json.dumps", dumps(wire)),
        ("encode without masking", encode(plain)),
    ]
    candidates = [
        Candidate("shared_types encode (masking)", lambda: encode(message)),
        Candidate("shared_types encode without masking", lambda: encode(plain)),
        Candidate("json.dumps (masked dicts)", lambda: dumps(wire)),
    ]
    notes = [
        'shared_types encode writes `access_token` from the real token as `"***"`; '
        "json.dumps/orjson/msgspec are given dicts/structs already masked.",
        "without masking: the same models with `access_token` typed `str | None` "
        "(no masking serializer), holding the already-masked text.",
    ]
    if orjson is not None:
        checks.append(("orjson.dumps", orjson.dumps(wire)))
        candidates.append(Candidate("orjson.dumps (masked dicts)", lambda: orjson.dumps(wire)))
    else:
        notes.append(MISSING_NOTE.format("orjson"))
    if msgspec_protocol is not None:
        protocol = msgspec_protocol.EncodeProtocol()
        struct = protocol.to_struct.decode(_inputs.wire_bytes(wire))
        encoder = protocol.encoder
        checks.append(("msgspec", encoder.encode(struct)))
        candidates.append(Candidate("msgspec Struct encode", lambda: encoder.encode(struct)))
    else:
        notes.append(MISSING_NOTE.format("msgspec"))
    for name, text in checks:
        same = text == expected if isinstance(text, str) else text == expected.encode()
        assert same, f"{name} does not write what encode writes"  # noqa: S101 (a broken benchmark must stop)
    notes.append(f"output: {len(expected.encode()):,} bytes")
    name = f"encode projectsUpdate, {count:,} projects"
    return Case(name, "µs", candidates, notes, baseline="json.dumps (masked dicts)")


def timestamp_read_case() -> Case:
    """What reading a timestamp field costs, against a plain field (issue: ≤ 1 µs)."""
    project = ProjectsUpdateMessage.model_validate_json(
        _inputs.wire_bytes(_inputs.projects_update_dict(1))
    ).payload.data[0]
    first = project.created_at
    assert project.created_at is first  # noqa: S101 (the read is cached: a broken benchmark must stop)
    text = project.model_dump(mode="json")["createdAt"]
    candidates = [
        Candidate("ProjectInfo.created_at (a timestamp)", lambda: project.created_at),
        Candidate("ProjectInfo.project_id (a plain field)", lambda: project.project_id),
        Candidate("first read of a new timestamp (parse_timestamp)", lambda: parse_timestamp(text)),
    ]
    notes = [
        "The first read of a timestamp field parses its stored wire text once; every later "
        "read returns the same datetime, kept on the instance.",
    ]
    return Case("read a timestamp field", "µs", candidates, notes,
                baseline="ProjectInfo.project_id (a plain field)")  # fmt: skip


def _cli_main() -> Callable[[list[str]], int]:
    from shared_types._cli import main  # noqa: PLC0415 (the CLI module is not public API)

    return main


def _silenced(run: Callable[[], object]) -> Callable[[], object]:
    def silenced() -> object:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return run()

    return silenced


def validate_case(path: Path, lines: int) -> Case:
    notes = [f"input: {lines:,} server → client lines, {path.stat().st_size:,} bytes of JSONL"]
    main = _cli_main()
    argv = ["validate", "--direction", "server", str(path)]
    status = _silenced(lambda: main(argv))()
    assert status == 0, f"`shared-types {' '.join(argv[:-1])}` rejected valid lines"  # noqa: S101 (a broken benchmark must stop)
    ours = Candidate("shared-types validate (CLI main)", _silenced(lambda: main(argv)))
    notes.append(f"CLI: `shared_types._cli.main({argv[:-1]!r} + [FILE])`, output discarded.")

    def json_loads_every_line() -> None:
        loads = json.loads
        with path.open("rb") as lines_in:
            for line in lines_in:
                loads(line)

    candidates = [ours, Candidate("json.loads per line", json_loads_every_line)]
    if orjson is not None:

        def orjson_every_line() -> None:
            loads = orjson.loads
            with path.open("rb") as lines_in:
                for line in lines_in:
                    loads(line)

        candidates.append(Candidate("orjson.loads per line", orjson_every_line))
    if msgspec_protocol is not None:
        decode = msgspec_protocol.DecodeProtocol().server.decode

        def msgspec_every_line() -> None:
            with path.open("rb") as lines_in:
                for line in lines_in:
                    decode(line)

        candidates.append(Candidate("msgspec Struct decode per line", msgspec_every_line))
    return Case(f"validate {lines:,}-line JSONL", "ms", candidates, notes)


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    what: str
    case: str
    candidate: str
    baseline: str
    limit: float


def targets(settings: Settings) -> list[Target]:
    ours_validate = "shared-types validate (CLI main)"
    most = max(settings.update_counts)
    update = f"parse projectsUpdate, {most:,} projects"
    encode_1000 = f"encode projectsUpdate, {most:,} projects"
    validate = f"validate {settings.jsonl_lines:,}-line JSONL"
    return [
        Target("parse startOutbound from bytes ÷ json.loads", "parse startOutbound",
               "shared_types parse", "json.loads", 1.0),
        Target(f"parse {most:,}-project projectsUpdate ÷ json.loads", update,
               "shared_types parse", "json.loads", 1.5),
        Target(f"parse {most:,}-project projectsUpdate ÷ msgspec", update,
               "shared_types parse", "msgspec Struct decode", 4.0),
        Target(f"encode {most:,}-project projectsUpdate (masking) ÷ json.dumps (masked dicts)",
               encode_1000, "shared_types encode (masking)", "json.dumps (masked dicts)", 0.6),
        Target(f"encode {most:,}-project projectsUpdate ÷ msgspec", encode_1000,
               "shared_types encode (masking)", "msgspec Struct encode", 4.5),
        Target("masking overhead (encode with ÷ without masking)", encode_1000,
               "shared_types encode (masking)", "shared_types encode without masking", 1.10),
        Target(f"validate CLI on {settings.jsonl_lines:,} lines ÷ json.loads of every line",
               validate, ours_validate, "json.loads per line", 2.0),
        Target("timestamp field read ÷ plain field read (the read itself: ≤ 1 µs)",
               "read a timestamp field", "ProjectInfo.created_at (a timestamp)",
               "ProjectInfo.project_id (a plain field)", 10.0),
        Target("import hypothesis with the plugin ÷ without (≤ 5 ms added)",
               "import hypothesis (fresh interpreter)",
               "import hypothesis (shared-types plugin installed)",
               "import hypothesis (HYPOTHESIS_NO_PLUGINS=1)", 1.05),
        Target("import shared_types ÷ from pydantic import BaseModel",
               "import time (fresh interpreter)", "import shared_types",
               "from pydantic import BaseModel", 1.4),
    ]  # fmt: skip


#: The bound on every hostile frame (docs/performance.md, "Bounded cost per frame").
ADVERSARIAL_TIME_LIMIT = 5.0
ADVERSARIAL_MEMORY_LIMIT = 4.0


def adversarial_checks(measured: list[_adversarial.Measured]) -> list[dict[str, Any]]:
    """The worst time and memory ratio over the hostile frames, as two targets."""
    if not measured:
        return []
    slowest = max(measured, key=lambda m: m.time_ratio)
    checks: list[dict[str, Any]] = [
        {
            "what": f"worst hostile 1 MiB frame, time ÷ json.loads ({slowest.name})",
            "case": "hostile frames",
            "candidate": "shared_types parse",
            "baseline": "json.loads",
            "limit": ADVERSARIAL_TIME_LIMIT,
            "ratio": slowest.time_ratio,
            "median_ratio": slowest.time_ratio,
            "met": slowest.time_ratio <= ADVERSARIAL_TIME_LIMIT,
        }
    ]
    with_memory = [m for m in measured if m.memory_ratio is not None]
    if with_memory:
        largest = max(with_memory, key=lambda m: m.memory_ratio or 0.0)
        ratio = largest.memory_ratio or 0.0
        checks.append(
            {
                "what": f"worst hostile 1 MiB frame, peak memory ÷ json.loads ({largest.name})",
                "case": "hostile frames",
                "candidate": "shared_types parse",
                "baseline": "json.loads",
                "limit": ADVERSARIAL_MEMORY_LIMIT,
                "ratio": ratio,
                "median_ratio": ratio,
                "met": ratio <= ADVERSARIAL_MEMORY_LIMIT,
            }
        )
    return checks


def adversarial_markdown(measured: list[_adversarial.Measured]) -> str:
    out = [
        "",
        "### hostile frames (up to 1 MiB)",
        "",
        "| shape | bytes | outcome | parse (ms) | json.loads (ms) | ÷ json.loads "
        "| parse peak (MB) | json.loads peak (MB) | ÷ json.loads |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measured:
        peaks = (
            f"{m.ours_peak / 2**20:,.1f} | {m.json_peak / 2**20:,.1f} | {m.memory_ratio:.2f}"
            if m.memory_ratio is not None and m.ours_peak is not None and m.json_peak is not None
            else "n/a | n/a | n/a"
        )
        out.append(
            f"| {m.name} | {m.size:,} | {m.outcome} | {m.ours * 1e3:,.1f} "
            f"| {m.json_loads * 1e3:,.1f} | {m.time_ratio:.2f} | {peaks} |"
        )
    out += [
        "",
        f"- CPU time, best of the rounds, both in this process, interleaved; bound: "
        f"≤ {ADVERSARIAL_TIME_LIMIT}x json.loads.",
        "- Peak memory: one call in a fresh process, the peak resident size above what the "
        "process held before (Linux `/proc/self/clear_refs`); json.loads's is counted as at "
        f"least the frame's size (it decodes bytes to a str first); bound: "
        f"≤ {ADVERSARIAL_MEMORY_LIMIT}x.",
    ]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- reporting


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {"pydantic": pydantic.VERSION, "pydantic-core": pydantic_core.__version__}
    for name in ("orjson", "msgspec", "jsonschema"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[name] = importlib.metadata.version(name)
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "shared_types": shared_types.__version__,
        **versions,
    }


def _scale(unit: str) -> float:
    return {"µs": 1e6, "ms": 1e3}[unit]


def results_json(
    cases: list[Case], checks: list[dict[str, Any]], settings: Settings
) -> dict[str, Any]:
    return {
        "command": COMMAND,
        "machine": machine(),
        "settings": settings.__dict__,
        "cases": [
            {
                "name": case.name,
                "unit": case.unit,
                "notes": case.notes,
                "candidates": [
                    {
                        "name": c.name,
                        "best": c.best * _scale(case.unit),
                        "median": c.median * _scale(case.unit),
                        "rounds": len(c.timings),
                    }
                    for c in case.candidates
                ],
            }
            for case in cases
        ],
        "targets": checks,
    }


def check_targets(cases: list[Case], settings: Settings) -> list[dict[str, Any]]:
    by_name = {case.name: case for case in cases}
    checks = []
    for target in targets(settings):
        case = by_name.get(target.case)
        ours = case.get(target.candidate) if case else None
        base = case.get(target.baseline) if case else None
        if ours is None or base is None:
            checks.append({**target.__dict__, "ratio": None, "met": None})
            continue
        ratio = ours.best / base.best
        spread = ours.median / base.median
        met = ratio <= target.limit
        checks.append({**target.__dict__, "ratio": ratio, "median_ratio": spread, "met": met})
    return checks


def markdown(
    cases: list[Case], checks: list[dict[str, Any]], info: dict[str, str], settings: Settings
) -> str:
    peers = ("orjson", "msgspec", "jsonschema")
    out = [
        f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"pydantic {info['pydantic']} (pydantic-core {info['pydantic-core']})"
        + "".join(f", {name} {info[name]}" for name in peers if name in info)
        + f". Command: `{COMMAND}`.",
        "",
        f"Timer: {'CPU time of the process' if settings.timer == 'cpu' else 'wall time'}; "
        f"best of {settings.rounds} interleaved rounds ({settings.import_rounds} fresh "
        "interpreters per import); garbage collector collected before and disabled during "
        "every timed batch.",
        "",
        "### Targets",
        "",
        "| what | ratio (best) | ratio (median) | target | met |",
        "|---|---:|---:|---:|:---:|",
    ]
    for check in checks:
        if check["ratio"] is None:
            out.append(f"| {check['what']} | n/a | n/a | ≤ {check['limit']} | n/a |")
            continue
        out.append(
            f"| {check['what']} | {check['ratio']:.2f} | {check['median_ratio']:.2f} "
            f"| ≤ {check['limit']} | {'yes' if check['met'] else '**no**'} |"
        )
    for case in cases:
        base = case.get(case.baseline) or case.candidates[1]
        out += [
            "",
            f"### {case.name}",
            "",
            f"| candidate | best ({case.unit}/op) | median ({case.unit}/op) | ÷ {base.name} |",
            "|---|---:|---:|---:|",
        ]
        scale = _scale(case.unit)
        for c in case.candidates:
            out.append(
                f"| {c.name} | {c.best * scale:,.1f} | {c.median * scale:,.1f} "
                f"| {c.best / base.best:.2f} |"
            )
        out += [""] + [f"- {note}" for note in case.notes]
    return "\n".join(out) + "\n"


def update_doc(table: str) -> None:
    text = DOC.read_text()
    start, end = text.index(DOC_START) + len(DOC_START), text.index(DOC_END)
    DOC.write_text(text[:start] + "\n\n" + table + "\n" + text[end:])


# --------------------------------------------------------------------------- main


def run_adversarial(
    settings: Settings, *, progress: Callable[[str], None]
) -> list[_adversarial.Measured]:
    measured = []
    for name, direction, frame in _adversarial.frames():
        if settings.adversarial_shapes is not None and name not in settings.adversarial_shapes:
            continue
        progress(f"hostile frame: {name}")
        measured.append(_adversarial.measure(name, direction, frame, settings.adversarial_rounds))
    return measured


def run_adversarial_short(
    settings: Settings, *, progress: Callable[[str], None]
) -> list[_adversarial.MeasuredShort]:
    measured = []
    for name, direction, frame in _adversarial.frames(_adversarial.SHORT):
        if settings.adversarial_shapes is not None and name not in settings.adversarial_shapes:
            continue
        progress(f"short hostile frame: {name}")
        measured.append(
            _adversarial.measure_short(name, direction, frame, settings.adversarial_rounds)
        )
    return measured


def adversarial_short_markdown(measured: list[_adversarial.MeasuredShort]) -> str:
    out = [
        "",
        f"### hostile frames on the fast path (up to {_adversarial.SHORT:,} bytes)",
        "",
        "| shape | bytes | outcome | parse (µs) | json.loads (µs) | ÷ json.loads |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for m in measured:
        out.append(
            f"| {m.name} | {m.size:,} | {m.outcome} | {m.ours * 1e6:,.1f} "
            f"| {m.json_loads * 1e6:,.1f} | {m.time_ratio:.2f} |"
        )
    worst = max((m.ours for m in measured), default=0.0)
    out += [
        "",
        "- CPU time per call, best batch of 200 calls, both in this process, interleaved.",
        f"- Frames this short take the fast path: the worst costs {worst * 1e6:,.0f} µs, "
        'the constant of the bound (docs/performance.md, "Bounded cost per frame").',
    ]
    return "\n".join(out) + "\n"


def run(settings: Settings, *, progress: Callable[[str], None]) -> list[Case]:
    start = _inputs.wire_bytes(_inputs.start_outbound_dict())
    cases = [
        parse_case("parse startOutbound", start, parse_client_message, StartOutboundMessage,
                   "client-to-server"),
    ]  # fmt: skip
    for count in settings.update_counts:
        raw = _inputs.wire_bytes(_inputs.projects_update_dict(count))
        name = f"parse projectsUpdate, {count:,} project{'s' if count > 1 else ''}"
        cases.append(
            parse_case(name, raw, parse_server_message, ProjectsUpdateMessage, "server-to-client")
        )
    cases.append(encode_case(max(settings.update_counts)))
    cases.append(timestamp_read_case())
    for case in cases:
        progress(case.name)
        time_interleaved(case, settings)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frames.jsonl"
        path.write_bytes(b"\n".join(_inputs.server_jsonl_lines(settings.jsonl_lines)) + b"\n")
        case = validate_case(path, settings.jsonl_lines)
        progress(case.name)
        one_pass = Settings(settings.timer, settings.rounds, 0.0, 0, 0)  # one pass per batch
        time_interleaved(case, one_pass)
        cases.append(case)
    progress("import time")
    cases.append(
        time_imports(
            {
                "import shared_types": "import shared_types",
                "from pydantic import BaseModel": "from pydantic import BaseModel",
            },
            settings.import_rounds,
            settings.timer,
        )
    )
    progress("import hypothesis")
    hypothesis_import = time_imports(
        {
            "import hypothesis (shared-types plugin installed)": "import hypothesis",
            "import hypothesis (HYPOTHESIS_NO_PLUGINS=1)": (
                "import os; os.environ['HYPOTHESIS_NO_PLUGINS'] = '1'; import hypothesis"
            ),
        },
        settings.import_rounds,
        settings.timer,
    )
    hypothesis_import.name = "import hypothesis (fresh interpreter)"
    hypothesis_import.notes.append(
        "The difference is what every installed hypothesis plugin costs, ours included "
        "(target: ≤ 5 ms added by shared-types)."
    )
    cases.append(hypothesis_import)
    return cases


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny inputs and few rounds: proves the script runs, measures nothing",
    )
    parser.add_argument("--rounds", type=int, default=None, help="rounds per case (default 15)")
    parser.add_argument(
        "--timer",
        choices=sorted(TIMERS),
        default="cpu",
        help="cpu: this process's CPU time (default); wall: elapsed time",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=None,
        help="where to write results.json and results.md (default: benchmarks/results)",
    )
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help=f"do not rewrite the results section of {DOC.relative_to(ROOT)}",
    )
    args = parser.parse_args(argv)  # fmt: skip
    if args.quick:
        settings = Settings(args.timer, rounds=args.rounds or 2, batch_seconds=0.001,
                            jsonl_lines=200, import_rounds=1, update_counts=(1, 10),
                            adversarial_rounds=1,
                            adversarial_shapes=("unknown keys (~96k)",))  # fmt: skip
    else:
        settings = Settings(args.timer, rounds=args.rounds or 15, batch_seconds=0.02,
                            jsonl_lines=100_000, import_rounds=15)  # fmt: skip

    def progress(name: str) -> None:
        print(f"… {name}", file=sys.stderr, flush=True)

    cases = run(settings, progress=progress)
    hostile = run_adversarial(settings, progress=progress)
    short = run_adversarial_short(settings, progress=progress)
    checks = check_targets(cases, settings) + adversarial_checks(hostile)
    info = machine()
    table = (
        markdown(cases, checks, info, settings)
        + adversarial_markdown(hostile)
        + adversarial_short_markdown(short)
    )
    print(table)
    output = args.output_dir or RESULTS
    output.mkdir(parents=True, exist_ok=True)
    document = results_json(cases, checks, settings)
    document["hostile_frames"] = [
        {**m.__dict__, "time_ratio": m.time_ratio, "memory_ratio": m.memory_ratio} for m in hostile
    ]
    document["short_hostile_frames"] = [{**m.__dict__, "time_ratio": m.time_ratio} for m in short]
    (output / "results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    (output / "results.md").write_text(table)
    if not args.quick and not args.no_docs:
        update_doc(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
