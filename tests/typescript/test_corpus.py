"""One corpus, five judges: Python and TypeScript accept and reject the same messages.

The corpus is the golden vectors, hand-picked edges (depth, number literals, surrogates,
sizes, names, unmasked tokens) and a few thousand generated texts, drawn deterministically
(``derandomize``) from the testing kit's strategies: valid wire texts in every spelling
(`wire_messages`), mutants of them (`mutants` of the schema agreement test: fields dropped,
added, retyped, literals and timestamps bent) judged in both directions, and invalid texts
of every code (`invalid_wire_messages`).

The judges: the Python parser; the npm package's generated validators, installed from the
packed tarball into a fresh project; its Zod schemas (``shared-types/zod``); ajv (compiled,
strict) and jsonschema on the JSON Schemas. On every text:

- the TypeScript validators give Python's verdict: accepted, or rejected with the same
  code and the same set of error paths, and, past the JSON rules (whose messages are
  each parser's own), the same details: path, message and type (an unmasked
  ``access_token`` is ``token_not_masked`` to both), so a name is echoed, or described as
  not shown, exactly where Python does (`NAMES`); and the same code again for the decoded value
  (``parse(JSON.parse(text))`` against ``parse(json.loads(text))``), where both languages can
  hold it;
- Zod, ajv and jsonschema give Python's accept/reject verdict wherever a schema can judge
  (see `test_schema_agreement`: texts the parser rejects as ``invalidJson`` or
  ``messageTooLarge`` are out of a schema's scope, and so are texts with an integer beyond
  a double's range, which JavaScript reads as Infinity);
- no TypeScript error shows a client secret (every generated one is marked).
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from shared_types import (
    DEFAULT_MAX_BYTES,
    MAX_JSON_DEPTH,
    MAX_SAFE_INTEGER,
    ProtocolError,
    parse_client_message,
    parse_server_message,
)
from shared_types.export import json_schema
from shared_types.testing import invalid_wire_messages, wire_messages

from .test_schema_agreement import EDGE_CASES, mutants

HERE = Path(__file__).parent
GOLDEN = HERE.parent / "golden"
DIRECTIONS = {"client": "client-to-server", "server": "server-to-client"}
PARSERS = {"client": parse_client_message, "server": parse_server_message}
SCHEMAS = {
    side: Draft202012Validator(
        json_schema(direction),  # type: ignore[arg-type] # a Direction
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    for side, direction in DIRECTIONS.items()
}
OUT_OF_SCOPE = frozenset({"invalidJson", "messageTooLarge"})
SECRET = "TOPSECRET"
#: How many generated valid messages the corpus starts from (each brings mutants and an
#: invalid text): a few thousand texts in all.
GENERATED = 300


class Case(NamedTuple):
    direction: str  # client or server
    text: str
    max_bytes: int
    source: str


# --------------------------------------------------------------------------- the corpus


def _envelope(payload: str) -> str:
    return '{"event": "startOutbound", "payload": {"project": ' + payload + "}}"


def _update(**changes: Any) -> str:
    project = {
        "projectId": "p", "callFlowId": "cf", "action": "active", "client_id": "c",
        "agentQuantity": 3, "caller": None, "access_token": "***", "ws_connected": True,
        "createdAt": "2025-01-15T08:00:00.000Z", "updatedAt": "2025-01-15T08:00:00.000Z",
    }  # fmt: skip
    text = json.dumps(
        {
            "event": "projectsUpdate",
            "payload": {
                "type": "allProjects",
                "data": [project],
                "stats": {"totalProjects": 1, "activeProjects": 1, "connectedProjects": 1},
                "timestamp": "2025-01-15T08:30:00.123Z",
                "triggeredBy": "system",
            },
        }
    )
    for placeholder, raw in changes.items():
        text = text.replace(f'"{placeholder}"', raw)
    return text


def _caller(raw: str) -> str:
    return _update().replace('"caller": null', f'"caller": {raw}')


def _count(raw: str) -> str:
    return _update().replace('"agentQuantity": 3', f'"agentQuantity": {raw}')


def _member(raw: str) -> str:
    return _update().replace('"caller": null', f'"caller": null, {raw}')


def _deep(enclosing: int, inner: str = "1") -> str:
    return "[" * enclosing + inner + "]" * enclosing


def _top(raw: str) -> str:
    """A valid ``projectsUpdate`` with ``raw`` members beside ``event`` and ``payload``."""
    return _update()[:-1] + ", " + raw + "}"


def _in_payload(raw: str) -> str:
    return _update().replace('"triggeredBy": "system"', f'"triggeredBy": "system", {raw}')


def _in_start(raw: str) -> str:
    """A valid ``startOutbound`` with ``raw`` members in its project."""
    project = (
        '{"callFlowId": "cf", "projectId": "p", "client_id": "c", "client_secret": "s", '
        '"action": "init", "error": null, ' + raw + "}"
    )
    return _envelope(project)


def _long(text: str) -> str:
    """``text`` made longer than the frames read document-first (4 KiB) by ``caller``."""
    return text.replace('"caller": null', '"caller": "' + "x" * 5000 + '"')


def _event(name: str) -> str:
    return json.dumps({"event": name, "payload": {}})


def _token(raw: str) -> str:
    return _update().replace('"access_token": "***"', f'"access_token": {raw}')


#: An ``access_token`` that is not ``"***"``: a leak, ``token_not_masked`` to both parsers
#: (the generated texts hold few or none). A real one holds `SECRET`: never echoed.
TOKEN_EDGES: list[tuple[str, str]] = [
    ("access token in clear", _token(f'"{SECRET}-token"')),
    ("access token in clear, long frame", _long(_token(f'"{SECRET}-token"'))),
    ("access token empty", _token('""')),
    ("access token almost masked", _token('"** *"')),
    ("access token a number", _token("5")),
    ("access token an object", _token('{"t": 1}')),
    ("access token masked with escapes", _token('"\\u002a\\u002a*"')),
    ("access token in clear, another field wrong", _token('"x"').replace('"ws_connected": true',
                                                                       '"ws_connected": 1')),
]  # fmt: skip


#: Keys and event names around the rule of what an error echoes (`is_plain_name`: at most
#: 32 characters, letters, ``_``/``-``, up to three trailing digits, at most four capitals).
NAMES: list[tuple[str, str]] = [
    ("32 characters", "k" * 32),
    ("33 characters", "k" * 33),
    ("65 characters", "k" * 65),
    ("100 characters", "ab_" * 33 + "c"),
    ("a space", "two words"),
    ("a quote", 'say "hi"'),
    ("an apostrophe", "it's"),
    ("a backslash", "back\\slash"),
    ("a newline", "line\nbreak"),
    ("a non-ASCII letter", "cl\u00e9"),
    ("a character outside the BMP", "key\U0001f600"),
    ("five capitals", "ABCDEfg"),
    ("four digits", "extra1234"),
    ("a long non-plain name", "not a plain name, " * 6),
]


def _name_edges() -> list[tuple[str, str]]:
    """Each of `NAMES` as the event, as an unexpected key at the top, in a payload, in a
    project (in a short frame and in one read document-first), and as keys in ``caller``
    (any JSON: valid, whatever the keys)."""
    edges: list[tuple[str, str]] = []
    for what, name in NAMES:
        key = json.dumps(name) + ": 1"
        edges += [
            (f"event of {what}", _event(name)),
            (f"top-level key of {what}", _top(key)),
            (f"payload key of {what}", _in_payload(key)),
            (f"project key of {what}", _member(key)),
            (f"long frame, project key of {what}", _long(_member(key))),
            (f"startOutbound project key of {what}", _in_start(key)),
            (f"caller keys of {what}", _caller(json.dumps({name: {name: [1]}}))),
        ]
    mixed = ", ".join(f"{json.dumps(name)}: 1" for _, name in NAMES)
    edges += [
        ("every name at the top", _top(mixed)),
        ("every name in a project", _member(mixed)),
        ("every name in a long frame's project", _long(_member(mixed))),
        ("non-plain event and key", '{"event": "a b", "payload": {"c d": 1}}'),
        ("event of the other direction", _event("startOutbound")),
    ]
    return edges


JSON_EDGES: list[tuple[str, str]] = [
    ("depth 200 around a scalar", _deep(200)),
    ("depth 201 around a scalar", _deep(201)),
    ("201 empty arrays", _deep(200, "[]")),
    ("202 empty arrays", _deep(201, "[]")),
    ("hostile depth", _deep(50_000)),
    ("caller at the depth limit", _caller(_deep(195))),
    ("caller past the depth limit", _caller(_deep(196))),
    ("deep unknown member", '{"event": "x", "payload": {"a": ' + _deep(199) + "}}"),
    ("integer of 4300 digits in caller", _caller("9" * 4300)),
    ("integer of 4301 digits in caller", _caller("9" * 4301)),
    ("negative integer of 4300 digits", _caller("-" + "9" * 4300)),
    ("integer beyond a double in caller", _caller("9" * 400)),
    ("integer beyond a double as a count", _count("9" * 400)),
    ("1e400 in caller", _caller("1e400")),
    ("1e400 in an unknown event", '{"event": "x", "payload": {"a": 1e400}}'),
    ("-1e400", _caller("-1e400")),
    ("fraction beyond a double", _caller("9" * 400 + ".5")),
    ("underflow", _caller("1e-400")),
    ("negative zero", _caller("-0")),
    ("NaN", _caller("NaN")),
    ("Infinity", _caller("Infinity")),
    ("escaped lone surrogate", _caller('"\\ud800"')),
    ("escaped lone low surrogate in a key", _caller('{"\\udc00": 1}')),
    ("escaped pair", _caller('"\\ud83d\\ude00"')),
    ("escaped backslash then ud800", _caller('"\\\\ud800"')),
    ("raw lone surrogate", _caller('"\ud800"')),
    ("byte-order mark", "\ufeff" + _update()),
    ("trailing garbage", _update() + "x"),
    ("trailing whitespace", _update() + " \n\t\r"),
    ("control character in a string", _caller('"a\u0001b"')),
    ("__proto__ member", _caller('{"__proto__": {"x": 1}}')),
    ("__proto__ as an extra field", _member('"__proto__": 1')),
    ("constructor as an event", '{"event": "constructor", "payload": {}}'),
    ("toString as an event", '{"event": "toString", "payload": {}}'),
    ("duplicate payload", _update()[:-1] + ', "payload": {}}'),
    ("long unknown key", _member('"' + "k\u00e9" * 80 + '": 1')),
    ("empty text", ""),
    ("whitespace only", "   "),
    ("null", "null"),
    ("a number", "5"),
    ("an empty object", "{}"),
    ("event null", '{"event": null, "payload": {}}'),
    ("payload null", '{"event": "startOutbound", "payload": null}'),
    ("payload array", '{"event": "startOutbound", "payload": []}'),
    ("extra top-level members", '{"event": "x", "payload": {}, "b": 1, "a": 2, "c": 3, "d": 4}'),
    ("project an array", _envelope("[]")),
    ("project a string", _envelope('"p"')),
    ("integral float count", _count("3.0")),
    ("max safe + 2", _count(str(MAX_SAFE_INTEGER + 2))),
    ("count 1e15", _count("1e15")),
    ("count 9007199254740991.4", _count("9007199254740991.4")),
    ("data not a list", _update().replace('"data": [', '"data": 5, "x": [')),
]  # fmt: skip


def _golden() -> Iterator[Case]:
    for path in sorted((GOLDEN / "valid").glob("*.json")):
        side = "client" if path.stem.startswith("client-") else "server"
        yield Case(side, path.read_text(encoding="utf-8"), DEFAULT_MAX_BYTES, f"golden {path.stem}")
    for path in sorted((GOLDEN / "invalid").glob("*.json")):
        vector = json.loads(path.read_text(encoding="utf-8"))
        yield Case(vector["direction"], vector["raw"], DEFAULT_MAX_BYTES, f"golden {path.stem}")


def _mark_secret(document: Any, index: int) -> None:
    project = document.get("payload", {}).get("project") if isinstance(document, dict) else None
    if isinstance(project, dict) and "client_secret" in project:
        project["client_secret"] = f"{SECRET}-{index}"


def _generated() -> list[Case]:
    cases: list[Case] = []

    @settings(
        max_examples=GENERATED,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        side = data.draw(st.sampled_from(sorted(DIRECTIONS)))
        text = data.draw(wire_messages(side))  # type: ignore[arg-type] # client or server
        cases.append(Case(side, text, DEFAULT_MAX_BYTES, "valid"))
        document = json.loads(text)
        _mark_secret(document, len(cases))
        for mutant in data.draw(st.lists(mutants(document), min_size=4, max_size=6)):
            mutated = json.dumps(mutant, ensure_ascii=data.draw(st.booleans()))
            cases.extend(Case(both, mutated, DEFAULT_MAX_BYTES, "mutant") for both in DIRECTIONS)
        invalid = data.draw(invalid_wire_messages(side))  # type: ignore[arg-type] # a side
        cases.append(Case(side, invalid.text, invalid.max_bytes, f"invalid {invalid.code}"))

    draw()
    return cases


@pytest.fixture(scope="module")
def corpus() -> list[Case]:
    edges = [
        Case(side, text, DEFAULT_MAX_BYTES, f"edge {name}")
        for name, text in [*JSON_EDGES, *TOKEN_EDGES, *_name_edges()]
        for side in DIRECTIONS
    ]
    schema_edges = [
        Case("client" if direction == "client-to-server" else "server", text, DEFAULT_MAX_BYTES,
             f"schema edge {name}")
        for name, direction, text, _ in EDGE_CASES
    ]  # fmt: skip
    sized = {"ascii": _update(), "two-byte": _caller('"\u00e9\u00e9"'),
             "four-byte": _caller('"\U0001f600"')}  # fmt: skip
    sizes = [
        Case("server", text, len(text.encode()) - over, f"{name} text, {over} byte(s) over")
        for name, text in sized.items()
        for over in (0, 1)
    ]
    return [*_golden(), *edges, *schema_edges, *sizes, *_generated()]


# --------------------------------------------------------------------------- the judges


class Judges:
    """One node process judging with the installed package, its Zod schemas and ajv."""

    def __init__(self, node: str, consumer: Path, ajv_dir: Path, schemas: dict[str, Path]) -> None:
        script = consumer / "corpus_judge.mjs"
        script.write_text((HERE / "corpus_judge.mjs").read_text(encoding="utf-8"), encoding="utf-8")
        self.process = subprocess.Popen(  # noqa: S603 (node running our own script)
            [node, str(script), str(ajv_dir), str(schemas["client"]), str(schemas["server"])],
            cwd=consumer,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="surrogatepass",
        )
        assert self.process.stdout is not None
        if not self.process.stdout.readline():
            raise AssertionError(f"the judges did not start: {self.process.communicate()[1]}")

    def judge(self, cases: list[Case]) -> list[dict[str, Any]]:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None
        assert stdout is not None
        verdicts = []
        for case in cases:
            request = {"direction": case.direction, "text": case.text, "maxBytes": case.max_bytes}
            # ensure_ascii: a lone surrogate travels as its escape and arrives as itself.
            stdin.write(json.dumps(request) + "\n")
            stdin.flush()
            verdicts.append(json.loads(stdout.readline()))
        return verdicts

    def close(self) -> None:
        self.process.communicate(timeout=60)


@pytest.fixture(scope="module")
def judges(
    node: str, node_modules: Path, consumer: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Judges]:
    folder = tmp_path_factory.mktemp("corpus-schemas")
    schemas = {}
    for side, direction in DIRECTIONS.items():
        schemas[side] = folder / f"{direction}.schema.json"
        schemas[side].write_text(json.dumps(json_schema(direction)), encoding="utf-8")  # type: ignore[arg-type] # a Direction
    running = Judges(node, consumer, node_modules, schemas)
    yield running
    running.close()


def python_value_code(case: Case) -> str | None:
    """Python's code for the decoded text (a dict, a list…), as a caller that decoded it."""
    try:
        PARSERS[case.direction](json.loads(case.text), max_bytes=case.max_bytes)
    except ProtocolError as error:
        return error.code
    return None


Detail = tuple[str, str, str]  # path, message, type


def python_verdict(case: Case) -> tuple[str | None, list[Detail]]:
    """Python's code and details (sorted), as the judge reports them."""
    try:
        PARSERS[case.direction](case.text, max_bytes=case.max_bytes)
    except ProtocolError as error:
        return error.code, sorted((d.path, d.message, d.type) for d in error.errors)
    return None, []


def _decodable(text: str) -> bool:
    """Whether Python's json reads the text into a value (``NaN`` aside, which JS refuses)."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------------- the test


@pytest.mark.slow
def test_python_and_typescript_agree_on_the_corpus(judges: Judges, corpus: list[Case]) -> None:
    verdicts = judges.judge(corpus)
    tally: Counter[str] = Counter()
    disagreements = []
    unmasked = 0  # texts with an unmasked token among Python's details
    for case, found in zip(corpus, verdicts, strict=True):
        code, details = python_verdict(case)
        tally[code or "accepted"] += 1
        unmasked += any(kind == "token_not_masked" for _, _, kind in details)
        problems = []
        paths = sorted(path for path, _, _ in details)
        typescript = sorted(tuple(detail) for detail in found["details"])
        if found["code"] != code:
            problems.append(f"code: Python {code}, TypeScript {found['code']}")
        elif sorted(found["paths"]) != paths:
            problems.append(f"paths: Python {paths}, TypeScript {sorted(found['paths'])}")
        elif code != "invalidJson" and typescript != details:
            problems.append(f"details: Python {details}, TypeScript {typescript}")
        if found["valueCode"] != "skipped" and _decodable(case.text):
            value_code = python_value_code(case)
            if found["valueCode"] != value_code:
                problems.append(f"decoded value: Python {value_code}, TS {found['valueCode']}")
            tally["value-judged"] += 1
        in_scope = code not in OUT_OF_SCOPE and found["finite"]
        if in_scope:
            schema_verdict = SCHEMAS[case.direction].is_valid(json.loads(case.text))
            for judge, verdict in (("zod", found["zod"]), ("ajv", found["ajv"]),
                                   ("jsonschema", schema_verdict)):  # fmt: skip
                if verdict != (code is None):
                    problems.append(f"{judge} {'accepts' if verdict else 'rejects'}")
            tally["schema-judged"] += 1
        if problems:
            disagreements.append(
                f"{case.source} ({case.direction}): {problems}: {case.text[:300]!r}"
            )
    assert disagreements == [], f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:30]
    )
    # Thousands of verdicts, every code and plenty of acceptances: it cannot pass vacuously.
    assert sum(tally.values()) - tally["schema-judged"] - tally["value-judged"] >= 3000, tally
    assert tally["value-judged"] >= 3000, tally
    assert tally["accepted"] >= 300, tally
    # At least the seven unmasked `TOKEN_EDGES` and the schema edge (the generated texts
    # hold few or none: which ones hypothesis draws depends on what else is imported).
    assert unmasked >= 8, unmasked
    for code in (
        "invalidJson",
        "invalidMessage",
        "unknownEvent",
        "invalidPayload",
        "messageTooLarge",
    ):
        assert tally[code] >= 20, tally
    assert MAX_JSON_DEPTH == 201  # the depth edges above are written for this limit
