"""``shared-types compat``: every kind of change of the rule table, in both directions.

Each case mutates a small protocol document (one ``ping`` event) the way a model
change would; the comparison must name the change's kind, at its path, and give it
the verdict the direction's reader implies: client → server (the server reads it)
breaks on narrower or changed, server → client (dashboards read it) on wider or
changed. Each case also runs backwards (NEW → OLD), which must give the inverse kind.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from shared_types import PROTOCOL_VERSION
from shared_types._cli import main
from shared_types._compat import RULES, Version, compare, from_directory, from_models
from shared_types.export import DIRECTIONS, json_schema

ROOT = Path(__file__).parents[2]
RELEASED = ROOT / "json-schema" / "released"
Mutate = Callable[[dict[str, Any]], None]
INVERSE = {"wider": "narrower", "narrower": "wider", "changed": "changed", "doc": "doc"}
# Where a backward change is reported, when not where the forward one is: under the NEW name.
BACKWARD_PATH = {"field-renamed": "payload.name"}


def _base(direction: str, version: str = "1.0.0") -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:shared-types:websocket:{version}:{direction}",
        "oneOf": [{"$ref": "#/$defs/PingMessage"}],
        "$defs": {
            "PingMessage": {
                "type": "object",
                "properties": {
                    "event": {"type": "string", "const": "ping"},
                    "payload": {"$ref": "#/$defs/PingPayload", "description": "The ping."},
                },
                "required": ["event", "payload"],
                "additionalProperties": False,
            },
            "PingPayload": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1, "description": "A name."},
                    "count": {"type": "integer", "minimum": 0, "maximum": 100},
                    "kind": {"$ref": "#/$defs/Kind"},
                    "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "extra": {},
                    "fixed": {"type": "string", "const": "x"},
                    "stamp": {"type": "string", "format": "date-time", "pattern": "^[0-9]"},
                    "opt": {"type": "string"},
                },
                "required": ["name", "count", "kind", "note", "tags", "extra", "fixed", "stamp"],
                "additionalProperties": False,
            },
            "Kind": {"type": "string", "enum": ["a", "b"]},
        },
    }


def _payload(doc: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = doc["$defs"]["PingPayload"]
    return payload


def _field(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda doc: _payload(doc)["properties"][name]


def _add_event(doc: dict[str, Any]) -> None:
    pong = copy.deepcopy(doc["$defs"]["PingMessage"])
    pong["properties"]["event"]["const"] = "pong"
    doc["$defs"]["PongMessage"] = pong
    doc["oneOf"].append({"$ref": "#/$defs/PongMessage"})


def _add_field(required: bool, closed: bool = True) -> Mutate:
    def mutate(doc: dict[str, Any]) -> None:
        payload = _payload(doc)
        payload["additionalProperties"] = not closed
        payload["properties"]["added"] = {"type": "string"}
        if required:
            payload["required"].append("added")

    return mutate


def _open(doc: dict[str, Any]) -> None:
    _payload(doc)["additionalProperties"] = True


def _rename(doc: dict[str, Any]) -> None:
    payload = _payload(doc)
    payload["properties"] = {
        ("title" if key == "name" else key): value for key, value in payload["properties"].items()
    }
    payload["required"] = ["title" if key == "name" else key for key in payload["required"]]


def _set(name: str, **keywords: Any) -> Mutate:
    def mutate(doc: dict[str, Any]) -> None:
        _field(name)(doc).update(keywords)

    return mutate


def _replace(name: str, schema: dict[str, Any]) -> Mutate:
    def mutate(doc: dict[str, Any]) -> None:
        _payload(doc)["properties"][name] = schema

    return mutate


def _require_opt(doc: dict[str, Any]) -> None:
    _payload(doc)["required"].append("opt")


def _kind_value(doc: dict[str, Any]) -> None:
    doc["$defs"]["Kind"]["enum"].append("c")


# (forward kind, backward kind, path, mutation, relation of the forward change)
CASES: list[tuple[str, str, str, Mutate, str]] = [
    ("event-added", "event-removed", "", _add_event, "wider"),
    ("field-added-required", "field-removed-required", "payload.added", _add_field(True),
     "changed"),
    ("field-added-optional", "field-removed-optional", "payload.added", _add_field(False), "wider"),
    ("field-renamed", "field-renamed", "payload.title", _rename, "changed"),
    ("field-made-required", "field-made-optional", "payload.opt", _require_opt, "narrower"),
    ("type-changed", "type-changed", "payload.name",
     _replace("name", {"type": "integer", "description": "A name."}), "changed"),
    ("type-added", "type-removed", "payload.count",
     _set("count", type=["integer", "string"]), "wider"),
    ("integer-to-number", "number-to-integer", "payload.count", _set("count", type="number"),
     "wider"),
    ("made-nullable", "made-non-nullable", "payload.name", _set("name", type=["string", "null"]),
     "wider"),
    ("value-added", "value-removed", "payload.kind", _kind_value, "wider"),
    ("const-changed", "const-changed", "payload.fixed", _set("fixed", const="y"), "changed"),
    # what the core redesign does to access_token: any string -> "***" (or null)
    ("values-restricted", "values-unrestricted", "payload.note",
     _replace("note", {"anyOf": [{"type": "string", "const": "***"}, {"type": "null"}]}),
     "narrower"),
    ("minimum-raised", "minimum-lowered", "payload.count", _set("count", minimum=1), "narrower"),
    ("maximum-lowered", "maximum-raised", "payload.count", _set("count", maximum=50), "narrower"),
    ("min-length-raised", "min-length-lowered", "payload.name", _set("name", minLength=2),
     "narrower"),
    ("max-length-lowered", "max-length-raised", "payload.name", _set("name", maxLength=9),
     "narrower"),
    ("min-items-raised", "min-items-lowered", "payload.tags", _set("tags", minItems=1),
     "narrower"),
    ("max-items-lowered", "max-items-raised", "payload.tags", _set("tags", maxItems=5),
     "narrower"),
    ("pattern-added", "pattern-removed", "payload.name", _set("name", pattern="^[a-z]+$"),
     "narrower"),
    ("pattern-changed", "pattern-changed", "payload.stamp", _set("stamp", pattern="^[0-9]{4}"),
     "changed"),
    ("format-added", "format-removed", "payload.name", _set("name", format="email"), "narrower"),
    ("format-changed", "format-changed", "payload.stamp", _set("stamp", format="date"),
     "changed"),
    ("object-opened", "object-closed", "payload", _open, "wider"),
    ("any-constrained", "any-unconstrained", "payload.extra",
     _replace("extra", {"type": "string"}), "narrower"),
    ("type-changed", "type-changed", "payload.tags[]", _set("tags", items={"type": "integer"}),
     "changed"),
    ("doc-changed", "doc-changed", "payload.name", _set("name", description="Another."), "doc"),
    ("schema-changed", "schema-changed", "payload.extra",
     _replace("extra", {"not": {"type": "null"}}), "changed"),
]  # fmt: skip

# On an object that allows other members, adding and removing fields reads otherwise.
OPEN_CASES: list[tuple[str, str, str, Mutate, str]] = [
    ("field-added-required", "field-removed-required", "payload.added",
     _add_field(True, closed=False), "narrower"),
]  # fmt: skip


def _version(documents: Mapping[str, dict[str, Any]]) -> Version:
    from shared_types._compat._shape import Document  # noqa: PLC0415 (the engine's own type)

    named = documents["client-to-server"].get("$id")
    version = named.split(":")[3] if isinstance(named, str) and named.count(":") == 4 else "1.0.0"
    return Version(
        "test",
        version,
        {d: Document(documents[d], d) for d in DIRECTIONS},
    )


def _pair(direction: str, mutate: Mutate, *, base_open: bool = False) -> tuple[Any, Any]:
    old: dict[str, dict[str, Any]] = {d: _base(d) for d in DIRECTIONS}
    if base_open:
        _open(old[direction])
    new = copy.deepcopy(old)
    mutate(new[direction])
    return old, new


def _breaking(direction: str, relation: str) -> bool:
    if relation == "doc":
        return False
    if direction == "client-to-server":
        return relation in ("narrower", "changed")
    return relation in ("wider", "changed")


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize(
    "case", CASES + OPEN_CASES, ids=[f"{case[0]}@{case[2]}" for case in CASES + OPEN_CASES]
)
def test_each_kind_in_both_directions(
    direction: str, case: tuple[str, str, str, Mutate, str]
) -> None:
    forward, backward, path, mutate, relation = case
    base_open = case in OPEN_CASES
    old, new = _pair(direction, mutate, base_open=base_open)
    for kind, before, after, expected, where in (
        (forward, old, new, relation, path),
        (backward, new, old, INVERSE[relation], BACKWARD_PATH.get(backward, path)),
    ):
        report = compare(_version(before), _version(after))
        found = [(f.direction, f.change.kind, f.change.path) for f in report.findings]
        event = "pong" if kind.startswith("event-") else "ping"
        assert found == [(direction, kind, where)], found
        finding = report.findings[0]
        assert finding.change.event == event
        assert finding.change.relation == expected
        assert finding.verdict.breaking is _breaking(direction, expected)
        assert finding.verdict.wire is (expected != "doc")
        due = "major" if finding.verdict.breaking else "minor" if expected != "doc" else "patch"
        assert report.due == due
        assert report.accepted is (due == "patch")  # the versions are equal


def test_every_kind_of_the_table_is_tested() -> None:
    tested = {case[0] for case in CASES} | {case[1] for case in CASES}
    assert tested == set(RULES)


def test_every_kind_is_in_the_docs_table() -> None:
    page = (ROOT / "docs" / "versioning.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    named = {line.split("`")[1] for line in rows}
    assert set(RULES) <= named
    assert len(RULES) >= 20


def test_the_same_protocol_has_no_difference() -> None:
    report = compare(from_models(), from_models())
    assert report.findings == ()
    assert report.due == "none"
    assert report.accepted


# --------------------------------------------------------------------------- the redesign


@pytest.mark.parametrize(
    "token",
    [
        {"anyOf": [{"type": "string", "const": "***"}, {"type": "null"}]},
        {"enum": ["***", None]},
        {"type": ["string", "null"], "enum": ["***", None]},
        {"anyOf": [{"const": "***"}, {"const": None}]},
    ],
)
def test_the_core_redesign_of_the_server_schema_is_compatible(token: dict[str, Any]) -> None:
    """access_token becomes "***" | null (however spelled): compatible, a minor bump."""
    released = ROOT / "json-schema" / "released" / "1.0.0"
    schemas: dict[str, dict[str, Any]] = {
        d: json.loads((released / f"{d}.schema.json").read_text(encoding="utf-8"))
        for d in DIRECTIONS
    }
    new = copy.deepcopy(schemas)
    info = new["server-to-client"]["$defs"]["ProjectInfo"]["properties"]
    info["access_token"] = {**token, "description": "Always `***`, or null."}
    report = compare(_version(schemas), _version(new))
    kinds = sorted((f.change.kind, f.change.path) for f in report.findings)
    assert kinds == [
        ("doc-changed", "payload.data[].access_token"),
        ("values-restricted", "payload.data[].access_token"),
    ]
    assert not any(finding.verdict.breaking for finding in report.findings)
    assert report.due == "minor"


# --------------------------------------------------------------------------- the command


def _write(folder: Path, documents: Mapping[str, dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for direction, document in documents.items():
        (folder / f"{direction}.schema.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def _versions(tmp_path: Path, mutate: Mutate, direction: str, new_version: str) -> list[str]:
    old, new = _pair(direction, mutate)
    for document in new.values():
        document["$id"] = document["$id"].replace(":1.0.0:", f":{new_version}:")
    return [str(_write(tmp_path / "old", old)), str(_write(tmp_path / "new", new))]


@pytest.mark.parametrize(
    "case",
    [
        (_kind_value, "server-to-client", "1.0.0", 1, "major"),  # breaking, no bump
        (_kind_value, "server-to-client", "1.1.0", 1, "major"),  # breaking, a minor bump
        (_kind_value, "server-to-client", "2.0.0", 0, "major"),  # breaking, a major bump
        (_kind_value, "client-to-server", "1.0.0", 1, "minor"),  # wire, no bump
        (_kind_value, "client-to-server", "1.0.1", 1, "minor"),  # wire, a patch bump
        (_kind_value, "client-to-server", "1.1.0", 0, "minor"),  # wire, a minor bump
        (_kind_value, "client-to-server", "2.0.0", 0, "minor"),  # wire, a major bump
        (_set("name", description="x"), "client-to-server", "1.0.0", 0, "patch"),  # docs
    ],
)
def test_exit_status_follows_the_bump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: tuple[Mutate, str, str, int, str]
) -> None:
    mutate, direction, version, status, due = case
    arguments = _versions(tmp_path, mutate, direction, version)
    assert main(["compat", *arguments]) == status
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1
    assert f"protocol 1.0.0 -> {version}" in err
    assert f"a {due} bump is due" in err
    assert main(["compat", "--json", *arguments]) == status
    data = json.loads(capsys.readouterr().out)
    assert data["bump"]["due"] == due
    assert data["accepted"] is (status == 0)
    assert [finding["kind"] for finding in data["findings"]] in (["value-added"], ["doc-changed"])


def test_one_line_per_difference_with_its_verdict_and_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = _versions(tmp_path, _kind_value, "server-to-client", "1.0.0")
    assert main(["compat", *arguments]) == 1
    out, err = capsys.readouterr()
    assert out == (
        'server→client ping payload.kind: value-added ("c"): BREAKING: dashboards read it: '
        "the server may send what an old dashboard refuses\n"
    )
    assert "a major bump is due (2.0.0); no bump made: NOT ENOUGH" in err


@pytest.mark.parametrize(
    "arguments",
    [
        ["compat"],
        ["compat", "a", "--against", "HEAD"],
        ["compat", "--against", "HEAD", "b", "c"],
        ["compat", "no-such-directory-or-revision"],
        ["compat", "--against", "--json"],
    ],
)
def test_usage_errors_exit_2(
    arguments: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(arguments) == 2
    assert "error" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not JSON"),
        ("[]", "not a JSON object"),
        ('{"$id": "urn:x"}', "does not name its protocol version"),
    ],
)
def test_unreadable_schemas_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for direction in DIRECTIONS:
        (folder / f"{direction}.schema.json").write_text(content, encoding="utf-8")
    assert main(["compat", str(folder)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_dangling_ref_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair("client-to-server", _set("name", **{"$ref": "#/$defs/Nowhere"}))
    assert main(["compat", str(_write(tmp_path / "o", old)), str(_write(tmp_path / "n", new))]) == 2
    assert "points at nothing" in capsys.readouterr().err


def test_recursive_schemas_terminate(tmp_path: Path) -> None:
    _, new = _pair("client-to-server", _set("tags", items={"$ref": "#/$defs/PingPayload"}))
    new2 = copy.deepcopy(new)
    new2["client-to-server"]["$defs"]["PingPayload"]["properties"]["count"]["maximum"] = 7
    report = compare(_version(new), _version(new2))
    assert {(f.change.kind, f.change.path) for f in report.findings} == {
        ("maximum-lowered", "payload.count")
    }


# --------------------------------------------------------------------------- sources


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    git = shutil.which("git")
    assert git is not None, "git is needed for compat --against"

    def run(*arguments: str) -> None:
        subprocess.run([git, *arguments], cwd=tmp_path, check=True, capture_output=True)  # noqa: S603

    run("init", "-q")
    _write(tmp_path / "json-schema", {d: json_schema(d) for d in DIRECTIONS})
    run("add", "-A")
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "release")
    changed: dict[str, dict[str, Any]] = {d: json_schema(d) for d in DIRECTIONS}
    changed["server-to-client"]["$defs"]["ProjectAction"]["enum"].append("paused")
    _write(tmp_path / "json-schema", changed)
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "a new action")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_against_a_git_revision(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compat", "--against", "HEAD~1"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["compat", "HEAD~1", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert 'server→client projectsUpdate payload.data[].action: value-added ("paused")' in out
    assert main(["compat", "HEAD", "json-schema"]) == 0  # a revision and a directory


def test_a_revision_without_schemas(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repository / "sub").mkdir()
    os.chdir(repository / "sub")  # the fixture's monkeypatch restores the directory
    assert main(["compat", "--against", "HEAD~1"]) == 2
    assert "has no json-schema/client-to-server.schema.json" in capsys.readouterr().err


def test_the_released_artifacts_name_their_version() -> None:
    releases = sorted(path for path in RELEASED.iterdir() if path.is_dir())
    assert releases, "json-schema/released/ holds the last released protocol version"
    for folder in releases:
        assert from_directory(folder).version == folder.name
    assert from_models().version == PROTOCOL_VERSION


# --------------------------------------------------------------------------- bad input


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_nodes(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_nodes(item, (*path, index)))
    return found


JUNK: list[Any] = [None, -1, 2.5, "x", "#/$defs/Nope", [], {}, [1], True, {"type": "q"},
                   {"$ref": 5}, ["string", 3], {"a": 1}]  # fmt: skip


def test_any_malformed_schema_is_a_schema_error_never_a_crash() -> None:
    """Nodes of the real schemas replaced by junk, in turn: a SchemaError or a report."""
    from shared_types._compat._shape import SchemaError  # noqa: PLC0415 (the engine's own error)

    base: dict[str, dict[str, Any]] = {d: json_schema(d) for d in DIRECTIONS}
    errors = reports = 0
    for direction in DIRECTIONS:
        # Every fifth node (each gets a different junk value): the whole takes seconds.
        for number, path in enumerate(_nodes(base[direction])[1::5]):
            broken = copy.deepcopy(base)
            target: Any = broken[direction]
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = JUNK[number % len(JUNK)]
            for old, new in ((base, broken), (broken, base)):
                try:
                    compare(_version(old), _version(new))
                except SchemaError:
                    errors += 1
                else:
                    reports += 1
    assert errors > 20
    assert reports > 20


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deep_nesting_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    folder = tmp_path / "deep"
    folder.mkdir()
    for direction in DIRECTIONS:
        schema = json_schema(direction)
        next(iter(schema["$defs"].values()))["properties"]["x"] = "@@"
        nested = '{"type":"array","items":' * depth + "{}" + "}" * depth
        text = json.dumps(schema).replace('"@@"', nested)
        (folder / f"{direction}.schema.json").write_text(text, encoding="utf-8")
    assert main(["compat", str(folder), str(folder)]) == 2
    err = capsys.readouterr().err
    assert "too deeply" in err or "recursion" in err
    assert "Traceback" not in err
