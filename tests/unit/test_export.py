"""shared_types.export: the shape of the JSON Schemas and the TypeScript, and drift."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import shared_types
import shared_types._timestamps
from shared_types import CLIENT_TO_SERVER_EVENTS, PROTOCOL_VERSION, SERVER_TO_CLIENT_EVENTS
from shared_types._model import WireModel
from shared_types._secrets import NOT_MASKED_ERROR, NOT_MASKED_ERROR_TYPE
from shared_types.contract import protocol
from shared_types.export import DIRECTIONS, generated_files, json_schema, reference, typescript
from shared_types.export._npm import validate_ts

ROOT = Path(__file__).parents[2]
REGISTRIES = {
    "client-to-server": CLIENT_TO_SERVER_EVENTS,
    "server-to-client": SERVER_TO_CLIENT_EVENTS,
}
MODELS = sorted(
    name
    for name in shared_types.__all__
    if isinstance(getattr(shared_types, name), type)
    and issubclass(getattr(shared_types, name), WireModel)
)


def _objects(node: Any) -> list[dict[str, Any]]:
    """Every schema object with properties, anywhere in the document."""
    found = []
    if isinstance(node, dict):
        if "properties" in node:
            found.append(node)
        for child in node.values():
            found.extend(_objects(child))
    elif isinstance(node, list):
        for child in node:
            found.extend(_objects(child))
    return found


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {key for child in node.values() for key in _keys(child)}
    if isinstance(node, list):
        return {key for child in node for key in _keys(child)}
    return set()


# --------------------------------------------------------------------------- JSON Schema


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_the_schema_envelope(direction: str) -> None:
    schema = json_schema(direction)  # type: ignore[arg-type] # a Direction
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert PROTOCOL_VERSION in schema["$id"]
    assert direction in schema["$id"]
    assert PROTOCOL_VERSION in schema["description"]
    messages = [model.__name__ for model in REGISTRIES[direction].values()]
    assert schema["oneOf"] == [{"$ref": f"#/$defs/{name}"} for name in messages]
    for event, model in REGISTRIES[direction].items():
        tag = schema["$defs"][model.__name__]["properties"]["event"]
        assert tag["const"] == event


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_every_object_is_closed_and_every_field_required(direction: str) -> None:
    schema = json_schema(direction)  # type: ignore[arg-type] # a Direction
    objects = _objects(schema)
    assert len(objects) >= 3
    for node in objects:
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])
        assert node["type"] == "object"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_no_keyword_ajv_strict_or_a_reader_would_trip_on(direction: str) -> None:
    schema = json_schema(direction)  # type: ignore[arg-type] # a Direction
    keys = _keys(schema)
    assert not keys & {"discriminator", "mapping", "default", "nullable", "definitions"}
    # Titles name things (models, named types), never a field ("Callflowid").
    for name, definition in schema["$defs"].items():
        assert definition["title"] == name
        assert definition["description"]
        for field in definition.get("properties", {}).values():
            assert "title" not in field
            assert field.get("description")
    types = [node.get("type") for node in _walk(schema)]
    assert not [kind for kind in types if isinstance(kind, list)], (
        "union types need allowUnionTypes"
    )


def _walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node, *(item for child in node.values() for item in _walk(child))]
    if isinstance(node, list):
        return [item for child in node for item in _walk(child)]
    return []


def test_field_docs_and_secrets_reach_the_schema() -> None:
    server = json_schema("server-to-client")["$defs"]
    token = server["ProjectInfo"]["properties"]["access_token"]
    assert token["anyOf"] == [{"type": "string", "const": "***"}, {"type": "null"}]
    assert "masked" in token["description"]
    assert '"***"' in token["description"]
    quantity = server["ProjectInfo"]["properties"]["agentQuantity"]
    assert quantity == {
        "type": "integer",
        "minimum": 0,
        "maximum": 2**53 - 1,
        "description": "How many agents serve the project.",
    }
    assert server["Timestamp"]["format"] == "date-time"
    assert server["Timestamp"]["pattern"] == shared_types._timestamps.TIMESTAMP_PATTERN
    client = json_schema("client-to-server")["$defs"]
    assert (
        "Sensitive" in client["OutboundProjectConfig"]["properties"]["client_secret"]["description"]
    )
    assert client["ProjectAction"]["enum"] == ["init", "active"]
    assert "Timestamp" not in client  # a direction's schema holds only what it uses


def test_an_unknown_direction_is_refused() -> None:
    with pytest.raises(ValueError, match="client-to-server"):
        json_schema("both")  # type: ignore[arg-type] # the point of the test


# --------------------------------------------------------------------------- TypeScript


def test_the_typescript_header_and_version() -> None:
    text = typescript()
    assert text.startswith("/**\n")
    head = text[: text.index("*/")]
    assert "GENERATED" in head
    assert "shared-types generate" in head
    assert PROTOCOL_VERSION in head
    assert f"export const PROTOCOL_VERSION = '{PROTOCOL_VERSION}' as const;" in text
    assert text.endswith(";\n")


def test_an_interface_per_model_with_the_python_names() -> None:
    text = typescript()
    interfaces = re.findall(r"^export interface (\w+) \{$", text, flags=re.MULTILINE)
    assert sorted(interfaces) == MODELS
    assert len(interfaces) == len(set(interfaces))
    assert not re.search(r"\b[A-Z]\w*[0-9]\b", text), "no Foo1-style duplicates"


def test_no_optional_fields_and_no_index_signatures() -> None:
    text = typescript()
    assert "?:" not in text
    assert not re.search(r"\[\w+: string\]", text)
    code = re.sub(r"^//.*$", "", re.sub(r"/\*\*.*?\*/", "", text, flags=re.DOTALL), flags=re.M)
    assert "any" not in re.findall(r"\b\w+\b", code)
    assert "interface" in code
    for event in [*CLIENT_TO_SERVER_EVENTS, *SERVER_TO_CLIENT_EVENTS]:
        assert f"  event: '{event}';\n" in text
    assert "  access_token: '***' | null;\n" in text
    assert "  error: string | null;\n" in text
    assert "  caller: unknown;\n" in text


def test_event_lists_and_lookups() -> None:
    text = typescript()
    assert (
        "export const CLIENT_TO_SERVER_EVENTS = ['startOutbound', 'stopOutbound'] as const;" in text
    )
    assert "export type ServerEvent = (typeof SERVER_TO_CLIENT_EVENTS)[number];" in text
    assert "export type PayloadOf<E extends EventName> = MessageOf<E>['payload'];" in text


def test_docs_become_jsdoc_and_masked_fields_say_so() -> None:
    text = typescript()
    assert (
        "/** One outbound project as the dashboard shows it. */\nexport interface ProjectInfo {"
        in text
    )
    token = text[: text.index("  access_token: '***' | null;")]
    assert "Sensitive, masked" in token[token.rindex("/**") :]


def test_the_validators_refuse_an_unmasked_secret_as_python_does() -> None:
    # The generated explanation of each masked secret says what the Python parser says
    # (tests/typescript/test_corpus.py runs it): the message and type of one constant each.
    text = validate_ts()
    masked = [
        field.name
        for model in protocol().models.values()
        for field in model.fields
        if field.secret == "masked"
    ]
    assert masked == ["access_token"]
    for name in masked:
        pushed = re.findall(rf"out\.push\(\{{ path: at\(path, '{name}'\), (.*) \}}\);", text)
        assert pushed == [
            "message: 'Field required', type: 'missing'",
            f"message: '{NOT_MASKED_ERROR}', type: '{NOT_MASKED_ERROR_TYPE}'",
        ], pushed


# --------------------------------------------------------------------------- artifacts


def test_output_is_deterministic() -> None:
    first = generated_files()
    assert list(first) == [
        "json-schema/client-to-server.schema.json",
        "json-schema/server-to-client.schema.json",
        "typescript/websocket.ts",
        "typescript/limits.ts",
        "typescript/validate.ts",
        "typescript/zod.ts",
        "typescript/package.json",
        "docs/reference.md",
        "asyncapi/asyncapi.yaml",
    ]
    assert first == generated_files()
    for path, text in first.items():
        assert text.endswith("\n"), path
        assert "\r" not in text, path
        if path.endswith(".schema.json"):
            assert json.loads(text) == json_schema(path.split("/")[1].split(".")[0])  # type: ignore[arg-type] # a Direction


def test_the_committed_artifacts_are_up_to_date() -> None:
    # CI runs `shared-types generate --check` too; this says what to do when it fails.
    for relative, text in generated_files().items():
        committed = (ROOT / relative).read_text(encoding="utf-8")
        assert committed == text, f"{relative} is stale: run `shared-types generate`"


def test_the_export_page_lists_every_public_name() -> None:
    rows = [
        line
        for line in (ROOT / "docs" / "export.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    ]
    listed = {name.split("(")[0] for row in rows for name in row.split("|")[1].split("`")[1::2]}
    assert listed == set(shared_types.export.__all__)


# --------------------------------------------------------------------------- reference


def test_the_reference_lists_every_event_model_and_field() -> None:
    page = reference()
    assert page.startswith("# Protocol reference\n")
    assert f"Wire protocol **{PROTOCOL_VERSION}**" in page
    for registry in REGISTRIES.values():
        for event, model in registry.items():
            assert f"| `{event}` | [{model.__name__}](#{model.__name__.lower()}) |" in page
    for name in MODELS:
        model = getattr(shared_types, name)
        assert f"\n### {name}\n" in page
        section = page[page.index(f"\n### {name}\n") :].split("\n### ", 2)[1]
        for python_name, field in model.model_fields.items():
            assert f"| `{field.alias or python_name}` | `{python_name}` |" in section, (
                name,
                python_name,
            )


def test_the_reference_states_types_nullability_and_secrets() -> None:
    page = reference()
    assert '| `access_token` | `access_token` | `"***"` or `null` |' in page
    assert "| `agentQuantity` | `agent_quantity` | integer, 0 to 2^53 - 1 |" in page
    assert "| `caller` | `caller` | any JSON value |" in page
    assert "| `createdAt` | `created_at` | [Timestamp](#timestamp) |" in page
    assert "| `data` | `data` | array of [ProjectInfo](#projectinfo) |" in page
    token_row = next(line for line in page.splitlines() if line.startswith("| `access_token`"))
    assert 'Sensitive, masked: the server always writes `"***"`' in token_row
    secret_row = next(line for line in page.splitlines() if line.startswith("| `client_secret`"))
    assert "Sensitive: a secret sent in clear" in secret_row
    assert "### Timestamp" in page
    assert "## Error codes" in page
    for code in shared_types.ERROR_CODES:
        assert f"- `{code}`" in page
