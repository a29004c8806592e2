"""asyncapi/asyncapi.yaml: the AsyncAPI project's parser accepts it, and its payload
schemas judge the spec's golden vectors as the parsers do.

The parser is ``@asyncapi/parser`` (the one the AsyncAPI generator and Studio use),
with its Spectral rules: no error and no warning may come out of it. Every message's
payload schema, as the parser resolves it, is compiled by ajv (draft-07, strict): it
must accept the golden vectors of its event and reject every other valid vector and
every invalid vector of its direction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from shared_types import CLIENT_TO_SERVER_EVENTS, PROTOCOL_VERSION, SERVER_TO_CLIENT_EVENTS
from shared_types.export import asyncapi, generated_files

from .conftest import RunNode

GOLDEN = Path(__file__).parents[1] / "golden"
VALID = sorted((GOLDEN / "valid").glob("*.json"))
INVALID = sorted((GOLDEN / "invalid").glob("*.json"))
# What the parser may say that is neither an error nor a warning: 3.0 is what we write.
ALLOWED = {("info", "asyncapi-latest-version")}


def _valid() -> list[tuple[str, Any]]:
    return [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in VALID]


def _invalid() -> list[tuple[str, str, Any]]:
    """The invalid vectors a JSON Schema can judge: those that are JSON at all."""
    found = []
    for path in INVALID:
        vector = json.loads(path.read_text(encoding="utf-8"))
        try:
            document = json.loads(vector["raw"])
        except ValueError:
            continue
        found.append((path.stem, vector["direction"], document))
    return found


@pytest.fixture(scope="module")
def parsed(run_node: RunNode, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("asyncapi")
    document = folder / "asyncapi.yaml"
    document.write_text(generated_files()["asyncapi/asyncapi.yaml"], encoding="utf-8")
    documents = [doc for _, doc in _valid()] + [doc for _, _, doc in _invalid()]
    return run_node("check_asyncapi.mjs", str(document), stdin=json.dumps({"documents": documents}))


def test_the_official_parser_accepts_it_without_warnings(parsed: Any) -> None:
    assert parsed["parser"] == "3.6.6"
    assert parsed["version"] == "3.0.0"
    said = {(item["severity"], item["code"]) for item in parsed["diagnostics"]}
    assert said <= ALLOWED, parsed["diagnostics"]


def test_an_operation_per_event_from_the_servers_point_of_view(parsed: Any) -> None:
    actions = {item["message"]: item["action"] for item in parsed["operations"]}
    expected = dict.fromkeys(CLIENT_TO_SERVER_EVENTS, "receive")
    expected.update(dict.fromkeys(SERVER_TO_CLIENT_EVENTS, "send"))
    assert actions == expected
    assert len(parsed["operations"]) == len(expected)


def test_the_examples_are_the_golden_vectors(parsed: Any) -> None:
    for operation in parsed["operations"]:
        mine = [doc for _, doc in _valid() if doc["event"] == operation["message"]]
        assert mine, f"no golden vector for {operation['message']}"
        assert sorted(map(json.dumps, operation["examples"])) == sorted(map(json.dumps, mine))


def test_payload_schemas_accept_their_vectors_and_reject_the_others(parsed: Any) -> None:
    valid = _valid()
    invalid = _invalid()
    assert len(invalid) >= 12  # the vectors a schema can judge are there
    for operation in parsed["operations"]:
        verdicts = operation["verdicts"]
        assert len(verdicts) == len(valid) + len(invalid)
        for (name, doc), verdict in zip(valid, verdicts, strict=False):
            assert verdict == (doc["event"] == operation["message"]), (operation["message"], name)
        direction = "client" if operation["action"] == "receive" else "server"
        for (name, side, _), verdict in zip(invalid, verdicts[len(valid) :], strict=True):
            if side == direction:
                assert verdict is False, (operation["message"], name)


def test_the_document_from_the_servers_point_of_view() -> None:
    document = asyncapi()
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["version"] == PROTOCOL_VERSION
    schemas = document["components"]["schemas"]
    token = schemas["ProjectInfo"]["properties"]["access_token"]
    assert token["x-secret"] == "masked"
    assert token["examples"] == ["***", None]
    assert '"***"' in token["description"]
    secret = schemas["OutboundProjectConfig"]["properties"]["client_secret"]
    assert secret["x-secret"] == "revealed"
    marked = [
        name
        for schema in schemas.values()
        for name, prop in schema.get("properties", {}).items()
        if "x-secret" in prop
    ]
    assert marked == ["client_secret", "access_token"]
    messages = document["components"]["messages"]
    assert messages["startOutbound"]["summary"].startswith("Client → server")
    assert all(message["description"] for message in messages.values())


def test_the_shipped_examples_are_the_golden_vectors() -> None:
    shipped = Path(__file__).parents[2] / "src" / "shared_types" / "export" / "_examples"
    assert sorted(path.name for path in shipped.glob("*.json")) == [path.name for path in VALID]
    for path in VALID:
        assert (shipped / path.name).read_bytes() == path.read_bytes(), path.name
