"""The JSON Schemas accept exactly what the parsers accept: a differential test.

Three judges see every text: `parse_client_message`/`parse_server_message`, jsonschema's
`Draft202012Validator` (date-time format checking on, through rfc3339-validator) and
ajv v8 (``ajv/dist/2020`` in strict mode, with ``ajv-formats``) run by node. They see
valid messages from the public strategy `shared_types.testing.wire_messages` and
mutations of them (a field dropped, added, retyped, a literal changed, a timestamp
bent), each in both directions, and must agree on all.

The schema's scope: a JSON Schema judges a decoded JSON value, so texts the parser
refuses before there is a value are out of it: ``invalidJson`` (not RFC 8259 JSON,
invalid UTF-8 or a lone surrogate, NaN/Infinity or a number overflowing a double,
nesting deeper than `MAX_JSON_DEPTH`) and ``messageTooLarge``. The generators here
only write texts inside the scope (`json.dumps` of finite values, Unicode scalar
values, shallow, small), and the test asserts that the parser never answers them
with one of those two codes, so the scope is checked, not assumed.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from shared_types import (
    CLIENT_TO_SERVER_EVENTS,
    MAX_JSON_DEPTH,
    MAX_SAFE_INTEGER,
    SERVER_TO_CLIENT_EVENTS,
    ProtocolError,
    parse_client_message,
    parse_server_message,
)
from shared_types.export import DIRECTIONS, Direction, json_schema
from shared_types.testing import wire_messages

HERE = Path(__file__).parent
OUT_OF_SCOPE = frozenset({"invalidJson", "messageTooLarge"})
PARSERS = {"client-to-server": parse_client_message, "server-to-client": parse_server_message}
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
VALIDATORS = {
    direction: Draft202012Validator(json_schema(direction), format_checker=FORMAT_CHECKER)
    for direction in DIRECTIONS
}

# --------------------------------------------------------------------------- the judges


class Ajv:
    """One node process running ajv over batches of texts, for the whole module."""

    def __init__(self, node: str, schemas: dict[Direction, Path]) -> None:
        arguments = [f"{name}={path}" for name, path in schemas.items()]
        self.process = subprocess.Popen(  # noqa: S603 (node running our own script)
            [node, str(HERE / "ajv_validate.mjs"), *arguments],
            cwd=HERE,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if not ready:
            raise AssertionError(f"ajv did not start: {self.process.communicate()[1]}")
        self.version = json.loads(ready)["ajv"]

    def validate(self, direction: str, texts: list[str]) -> list[bool | str]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"schema": direction, "texts": texts}) + "\n")
        self.process.stdin.flush()
        verdicts: list[bool | str] = json.loads(self.process.stdout.readline())
        return verdicts

    def close(self) -> None:
        self.process.communicate(timeout=60)  # closes stdin: node ends; then its pipes


@pytest.fixture(scope="module")
def ajv(node: str, node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ajv]:
    folder = tmp_path_factory.mktemp("schemas")
    schemas: dict[Direction, Path] = {}
    for direction in DIRECTIONS:
        schemas[direction] = folder / f"{direction}.schema.json"
        schemas[direction].write_text(json.dumps(json_schema(direction)), encoding="utf-8")
    judge = Ajv(node, schemas)
    yield judge
    judge.close()


def parser_verdict(direction: Direction, text: str) -> bool:
    try:
        PARSERS[direction](text)
    except ProtocolError as error:
        code = error.code
    else:
        return True
    assert code not in OUT_OF_SCOPE, f"out of the schema's scope: {text!r}: {code}"
    return False


def verdicts(
    direction: Direction, texts: list[str], ajv: Ajv | None
) -> list[tuple[bool | str, ...]]:
    """Each text's verdicts: (parser, jsonschema) and, with node, ajv's."""
    validator = VALIDATORS[direction]
    found: list[tuple[bool | str, ...]] = [
        (parser_verdict(direction, text), validator.is_valid(json.loads(text))) for text in texts
    ]
    if ajv is None:
        return found
    return [
        (*pair, judged) for pair, judged in zip(found, ajv.validate(direction, texts), strict=True)
    ]


# --------------------------------------------------------------------------- the judges are real


def test_jsonschema_checks_date_time_formats() -> None:
    assert "date-time" in FORMAT_CHECKER.checkers
    only_format = Draft202012Validator({"format": "date-time"}, format_checker=FORMAT_CHECKER)
    assert only_format.is_valid("2024-02-29T00:00:00Z")
    assert not only_format.is_valid("2025-02-29T00:00:00Z")
    assert not only_format.is_valid("2025-01-15 08:30:00")


def test_the_schemas_are_valid_draft_2020_12() -> None:
    for direction in DIRECTIONS:
        Draft202012Validator.check_schema(json_schema(direction))


def test_ajv_is_v8_in_strict_mode(ajv: Ajv, node: str, tmp_path: Path) -> None:
    assert ajv.version.startswith("8.")
    # pydantic's own schema (an OpenAPI discriminator with a mapping) does not compile.
    from pydantic import TypeAdapter  # noqa: PLC0415 (only this control needs it)

    from shared_types import ServerToClientMessage  # noqa: PLC0415 (only this control needs it)

    pydantic_schema = tmp_path / "pydantic.schema.json"
    pydantic_schema.write_text(
        json.dumps(TypeAdapter(ServerToClientMessage).json_schema()), encoding="utf-8"
    )
    result = subprocess.run(  # noqa: S603 (node running our own script)
        [node, str(HERE / "ajv_validate.mjs"), f"pydantic={pydantic_schema}"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert "strict mode" in result.stderr


# --------------------------------------------------------------------------- edge cases

_CLIENT = {
    "event": "startOutbound",
    "payload": {
        "project": {
            "callFlowId": "cf-123",
            "projectId": "proj-456",
            "client_id": "client-789",
            "client_secret": "secret",
            "action": "init",
            "error": None,
        }
    },
}
_PROJECT = {
    "projectId": "p",
    "callFlowId": "cf",
    "action": "active",
    "client_id": "c",
    "agentQuantity": 3,
    "caller": {"n": [1, None]},
    "access_token": "***",
    "ws_connected": True,
    "createdAt": "2025-01-15T08:00:00.000Z",
    "updatedAt": "2025-01-15T08:00:00.000Z",
}
_STATS = {"totalProjects": 1, "activeProjects": 1, "connectedProjects": 1}


def _update(project: dict[str, Any] | None = None, **payload: Any) -> str:
    base = {
        "type": "allProjects",
        "data": [{**_PROJECT, **(project or {})}],
        "stats": _STATS,
        "timestamp": "2025-01-15T08:30:00.123Z",
        "triggeredBy": "system",
    }
    return json.dumps({"event": "projectsUpdate", "payload": {**base, **payload}})


def _raw_count(literal: str) -> str:
    return _update().replace('"agentQuantity": 3', f'"agentQuantity": {literal}')


EDGE_CASES: list[tuple[str, Direction, str, bool]] = [
    ("spec example", "client-to-server", json.dumps(_CLIENT), True),
    ("projectsUpdate", "server-to-client", _update(), True),
    ("integral float", "server-to-client", _raw_count("5.0"), True),
    ("exponent", "server-to-client", _raw_count("1e2"), True),
    ("negative zero", "server-to-client", _raw_count("-0.0"), True),
    ("max safe", "server-to-client", _raw_count(str(MAX_SAFE_INTEGER)), True),
    ("max safe float", "server-to-client", _raw_count("9007199254740991.0"), True),
    ("max safe + 1", "server-to-client", _raw_count(str(MAX_SAFE_INTEGER + 1)), False),
    ("huge integer", "server-to-client", _raw_count("123456789012345678901234567890"), False),
    ("fraction", "server-to-client", _raw_count("5.5"), False),
    ("negative", "server-to-client", _raw_count("-1"), False),
    ("boolean count", "server-to-client", _raw_count("true"), False),
    ("string count", "server-to-client", _raw_count('"5"'), False),
    ("empty id", "server-to-client", _update({"projectId": ""}), False),
    ("access token in clear", "server-to-client", _update({"access_token": "plain"}), False),
    ("masked access token", "server-to-client", _update({"access_token": "***"}), True),
    ("null token", "server-to-client", _update({"access_token": None}), True),
    ("missing caller", "server-to-client", _update({"caller": None}), True),
    ("empty triggeredBy", "server-to-client", _update(triggeredBy=""), False),
    ("wrong direction", "server-to-client", json.dumps(_CLIENT), False),
    ("not an object", "client-to-server", "[]", False),
    ("a string", "client-to-server", '"startOutbound"', False),
    ("duplicate key, last wins", "client-to-server",
     json.dumps(_CLIENT)[:-1] + ', "event": "stopOutbound"}', False),
]  # fmt: skip
TIMESTAMP_EDGES = [
    ("2025-01-15T08:30:00.123Z", True),
    ("2025-01-15t08:30:00.123z", True),
    ("2025-01-15T16:30:00.123456789+08:00", True),
    ("2025-01-15T08:30:00", False),
    ("2025-01-15 08:30:00Z", False),
    ("2025-01-15T08:30:00.Z", False),
    ("1704067200", False),
    ("2025-01-15T08:30:00Z\n", False),
    ("\n2025-01-15T08:30:00Z", False),
    ("2025-01-15T08:30:60Z", False),
    ("2016-12-31T23:59:60Z", False),
    ("2025-01-15T24:00:00Z", False),
    ("2025-02-29T00:00:00Z", False),
    ("2024-02-29T00:00:00Z", True),
    ("1900-02-29T00:00:00Z", False),
    ("2000-02-29T00:00:00Z", True),
    ("0000-01-01T00:00:00Z", False),
    ("0001-01-01T00:30:00+01:00", False),
    ("9999-12-31T23:30:00-01:00", False),
    ("2025-01-15T08:30:00+0800", False),
    ("2025-01-15T08:30:00+24:00", False),
    ("\uff12\uff10\uff12\uff15-01-15T08:30:00Z", False),  # full-width digits,
]
EDGE_CASES += [
    (f"timestamp {text!r}", "server-to-client", _update(timestamp=text), accepted)
    for text, accepted in TIMESTAMP_EDGES
]


@pytest.mark.parametrize(
    ("direction", "text", "accepted"),
    [case[1:] for case in EDGE_CASES],
    ids=[case[0] for case in EDGE_CASES],
)
def test_edge_cases_without_node(direction: Direction, text: str, accepted: bool) -> None:
    assert verdicts(direction, [text], None) == [(accepted, accepted)]


def test_edge_cases_with_ajv(ajv: Ajv) -> None:
    for direction in DIRECTIONS:
        cases = [case for case in EDGE_CASES if case[1] == direction]
        found = verdicts(direction, [case[2] for case in cases], ajv)
        expected = [(case[3],) * 3 for case in cases]
        assert dict(zip([case[0] for case in cases], found, strict=True)) == dict(
            zip([case[0] for case in cases], expected, strict=True)
        )


# --------------------------------------------------------------------------- generators

texts = st.text(max_size=6)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def timestamps(draw: st.DrawFn) -> str:
    """A valid timestamp in any accepted spelling."""
    moment = draw(
        st.datetimes(datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=st.just(timezone.utc))
    )
    minutes = draw(st.integers(-23 * 60 - 59, 23 * 60 + 59))
    local = moment + timedelta(minutes=minutes)
    digits = draw(st.integers(0, 9))
    fraction = f".{local.microsecond:06d}000"[: digits + 1] if digits else ""
    if minutes == 0 and draw(st.booleans()):
        offset = draw(st.sampled_from(["Z", "z"]))
    else:
        sign = (
            "-" if minutes < 0 else draw(st.sampled_from(["+", "+", "-"])) if not minutes else "+"
        )
        offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    separator = draw(st.sampled_from(["T", "T", "t"]))
    return f"{local:%Y-%m-%d}{separator}{local:%H:%M:%S}{fraction}{offset}"


_STAMP = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?P<sep>[Tt])"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?P<fraction>\.[0-9]+)?"
    r"(?P<offset>.*)"
)
_BENDS: dict[str, list[str]] = {
    "year": ["0000", "0001", "9999", "1900", "2000", "2024", "999", "20245",
             "\uff12\uff10\uff12\uff15"],
    "month": ["00", "02", "04", "12", "13", "1"],
    "day": ["00", "28", "29", "30", "31", "32", "1"],
    "sep": ["T", "t", " ", "_", ""],
    "hour": ["00", "23", "24", "7"],
    "minute": ["00", "59", "60"],
    "second": ["00", "59", "60", "61"],
    "fraction": ["", ".", ".5", ".123456789012"],
    "offset": ["Z", "z", "", "+00:00", "-00:00", "+01:00", "-01:00", "+24:00", "-05:60",
               "+0530", "+05", "Z\n", " Z", "+05:30\n", "Zx", "Z ", "\u2212" "05:00"],
}  # fmt: skip


@st.composite
def bent_timestamps(draw: st.DrawFn) -> str:
    """A valid timestamp with one or two parts bent (often out of the language)."""
    match = _STAMP.fullmatch(draw(timestamps()))
    assert match is not None
    parts = {name: value or "" for name, value in match.groupdict().items()}
    for name in draw(st.lists(st.sampled_from(sorted(_BENDS)), min_size=1, max_size=2)):
        parts[name] = draw(st.sampled_from(_BENDS[name]))
    text = "{year}-{month}-{day}{sep}{hour}:{minute}:{second}{fraction}{offset}".format(**parts)
    wrap = draw(st.sampled_from(["", "", "", "\n", " ", "x"]))
    return draw(st.sampled_from([text, wrap + text, text + wrap]))


# The valid messages are the library's own public strategy: every event of both
# directions, in every spelling the parsers accept, with the edges it aims for.
messages = st.one_of(wire_messages("client"), wire_messages("server")).map(json.loads)

# Values a mutation puts in place of another: every JSON type, and the near misses.
REPLACEMENTS = st.sampled_from(
    [None, True, False, 0, 1, -1, 5.0, 1.5, 2**53, float(MAX_SAFE_INTEGER), "", "x", "5",
     [], {}, ["init"], {"projectId": "p"}, "init", "active", "allProjects", "***",
     "2025-01-15T08:30:00.123Z", *CLIENT_TO_SERVER_EVENTS, *SERVER_TO_CLIENT_EVENTS,
     "unknownEvent", "StartOutbound", "start_outbound", "allprojects", "Init"]
) | json_values  # fmt: skip
NEW_KEYS = st.sampled_from(
    ["extra", "projectid", "Event", "event", "payload", "timestamp", "clientId", "project_id"]
) | texts  # fmt: skip

Path_ = tuple[str | int, ...]


def _nodes(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, (*path, index))


def _at(document: Any, path: Path_) -> Any:
    for part in path:
        document = document[part]
    return document


@st.composite
def mutants(draw: st.DrawFn, message: dict[str, Any]) -> dict[str, Any] | Any:
    """``message`` with one to three mutations."""
    document: Any = copy.deepcopy(message)
    for _ in range(draw(st.integers(1, 3))):
        nodes = list(_nodes(document))
        kind = draw(st.sampled_from(["drop", "add", "retype", "literal", "timestamp"]))
        if kind in ("drop", "add"):
            objects = [path for path, value in nodes if isinstance(value, dict)]
            if not objects:
                continue
            target = _at(document, draw(st.sampled_from(objects)))
            if kind == "drop" and target:
                del target[draw(st.sampled_from(sorted(target)))]
            else:
                target[draw(NEW_KEYS)] = copy.deepcopy(draw(REPLACEMENTS))
            continue
        if kind in {"literal", "timestamp"}:
            nodes = [node for node in nodes if isinstance(node[1], str)] or nodes
        path = draw(st.sampled_from([path for path, _ in nodes]))
        # A copy: the sampled [] and {} are shared, and later mutations edit in place.
        strategy = bent_timestamps() if kind == "timestamp" else REPLACEMENTS
        value = copy.deepcopy(draw(strategy))
        if not path:
            document = value
        else:
            _at(document, path[:-1])[path[-1]] = value
    return document


def _depth(value: Any) -> int:
    """How many arrays and objects nest in ``value`` (0 for a scalar)."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@st.composite
def corpora(draw: st.DrawFn) -> list[str]:
    """A valid message and mutants of it, as JSON text.

    The strategy's callers may nest right up to the parser's limit (200 containers around
    a value, 201 when the innermost is empty: `MAX_JSON_DEPTH`); a mutant that nests one
    level more is no longer JSON the parser reads (``invalidJson``, out of the schema's
    scope), so it is left out rather than judged.
    """
    message = draw(messages)
    documents = [message, *draw(st.lists(mutants(message), min_size=4, max_size=8))]
    documents = [document for document in documents if _depth(document) < MAX_JSON_DEPTH]
    return [json.dumps(document, ensure_ascii=draw(st.booleans())) for document in documents]


def _agree(corpus: list[str], ajv: Ajv | None, tally: Counter[str]) -> None:
    for direction in DIRECTIONS:
        for text, found in zip(corpus, verdicts(direction, corpus, ajv), strict=True):
            assert len(set(found)) == 1, f"{direction}: {found} (parser, jsonschema, ajv): {text}"
            tally["accepted" if found[0] else "rejected"] += 1


AGREEMENT = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_parser_jsonschema_and_ajv_agree(ajv: Ajv) -> None:
    tally: Counter[str] = Counter()

    @AGREEMENT
    @given(corpora())
    def agree(corpus: list[str]) -> None:
        _agree(corpus, ajv, tally)

    agree()
    # Thousands of verdicts, with plenty of both answers: the test cannot pass vacuously.
    assert tally["accepted"] >= 300, tally
    assert tally["rejected"] >= 2000, tally


def test_bent_timestamps_agree(ajv: Ajv) -> None:
    tally: Counter[str] = Counter()

    @AGREEMENT
    @given(st.lists(bent_timestamps() | timestamps(), min_size=10, max_size=10))
    def agree(stamps: list[str]) -> None:
        _agree([_update(timestamp=stamp) for stamp in stamps], ajv, tally)

    agree()
    assert tally["accepted"] >= 300, tally
    assert tally["rejected"] >= 2000, tally
