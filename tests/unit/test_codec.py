"""parse_client_message, parse_server_message and encode: every rule of the contract."""

from __future__ import annotations

import json
import pickle
import types
from typing import Any

import pytest
from pydantic import ValidationError

from shared_types import (
    DEFAULT_MAX_BYTES,
    MAX_ERROR_DETAILS,
    MAX_JSON_DEPTH,
    ErrorMessage,
    ProjectRef,
    ProjectsUpdateMessage,
    ProtocolError,
    StartOutboundMessage,
    StopOutboundMessage,
    StopOutboundPayload,
    encode,
    parse_client_message,
    parse_server_message,
)

from ._messages import (
    CLIENT_DOCS,
    ERROR,
    SECRET,
    SERVER_DOCS,
    START,
    STATUS,
    STOP,
    UPDATE,
    doc,
    drop_at,
    project,
    set_at,
    text,
)


def client_code(data: Any, **options: Any) -> str:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(data, **options)
    return caught.value.code


def server_code(data: Any, **options: Any) -> str:
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(data, **options)
    return caught.value.code


def client_error(data: Any) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_client_message(data)
    return caught.value


def server_error(data: Any) -> ProtocolError:
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(data)
    return caught.value


# --------------------------------------------------------------------------- input kinds


@pytest.mark.parametrize(
    "wrap",
    [
        lambda s: s,
        lambda s: s.encode(),
        lambda s: bytearray(s.encode()),
        lambda s: memoryview(s.encode()),
        json.loads,
    ],
    ids=["str", "bytes", "bytearray", "memoryview", "dict"],
)
@pytest.mark.parametrize("base", [*CLIENT_DOCS.values()], ids=list(CLIENT_DOCS))
def test_every_input_kind_parses_to_the_same_model(wrap: Any, base: dict[str, Any]) -> None:
    expected = parse_client_message(text(base))
    assert parse_client_message(wrap(text(base))) == expected


@pytest.mark.parametrize("base", [*SERVER_DOCS.values()], ids=list(SERVER_DOCS))
def test_server_messages_parse_from_text_and_dict(base: dict[str, Any]) -> None:
    assert parse_server_message(doc(base)) == parse_server_message(text(base))


def test_unsupported_python_types_are_a_protocol_error() -> None:
    with pytest.raises(ProtocolError, match="not set") as caught:
        parse_client_message({1, 2})  # type: ignore[arg-type] # the point of the test
    assert caught.value.code == "invalidJson"


@pytest.mark.parametrize("value", [None, 1, 1.5, True, [1], ["event", "payload"]])
def test_decoded_non_objects_are_invalid_messages(value: Any) -> None:
    assert client_code(value) == "invalidMessage"


# --------------------------------------------------------------------------- envelope


@pytest.mark.parametrize(
    "raw",
    [
        "[]",
        "null",
        "42",
        '"startOutbound"',
        "true",
        '{"payload": {}}',
        '{"event": null, "payload": {}}',
        '{"event": 42, "payload": {}}',
        '{"event": ["stopOutbound"], "payload": {}}',
        '{"event": "stopOutbound"}',
        '{"event": "stopOutbound", "payload": null}',
        '{"event": "stopOutbound", "payload": []}',
        '{"event": "stopOutbound", "payload": "x"}',
        '{"event": "stopOutbound", "payload": {"project": {"projectId": "p"}}, "id": 1}',
        '{"event": "launchRocket"}',
        "{}",
    ],
)
def test_envelope_rules(raw: str) -> None:
    assert client_code(raw) == "invalidMessage"
    assert server_code(raw) == "invalidMessage"


def test_extra_top_level_members_are_named_but_bounded() -> None:
    document = doc(STOP) | {f"extra{i}": i for i in range(10)}
    error = client_error(text(document))
    assert error.code == "invalidMessage"
    assert "extra0" in str(error)
    assert "7 more" in str(error)


@pytest.mark.parametrize("event", ["launchRocket", "start_outbound", "StartOutbound", "", " "])
def test_unknown_events(event: str) -> None:
    error = client_error(text({"event": event, "payload": {}}))
    assert error.code == "unknownEvent"
    assert "startOutbound, stopOutbound" in error.message


def test_unknown_event_message_matches_the_spec_example() -> None:
    error = client_error('{"event": "launchRocket", "payload": {}}')
    assert (
        error.message
        == "event: Unknown event 'launchRocket'; expected one of: startOutbound, stopOutbound"
    )


@pytest.mark.parametrize("server_doc", [*SERVER_DOCS.values()], ids=list(SERVER_DOCS))
def test_server_events_sent_to_the_server_are_unknown(server_doc: dict[str, Any]) -> None:
    error = client_error(text(server_doc))
    assert error.code == "unknownEvent"
    assert server_doc["event"] in error.message
    assert "startOutbound, stopOutbound" in error.message


@pytest.mark.parametrize("client_doc", [*CLIENT_DOCS.values()], ids=list(CLIENT_DOCS))
def test_client_events_sent_to_a_dashboard_are_unknown(client_doc: dict[str, Any]) -> None:
    error = server_error(text(client_doc))
    assert error.code == "unknownEvent"
    assert "projectsUpdate, projectStatusChange, error" in error.message
    assert SECRET not in str(error)


def test_an_unknown_event_name_is_cut_and_escaped() -> None:
    hostile = "x" * 10_000 + "\n\x1b[31mred"
    error = client_error(text({"event": hostile, "payload": {}}))
    assert error.code == "unknownEvent"
    assert len(error.message) < 300
    assert "\n" not in error.message
    assert "\x1b" not in error.message


# --------------------------------------------------------------------------- JSON level


@pytest.mark.parametrize(
    "raw",
    [
        "",
        " ",
        "hello",
        "{",
        '{"event": "stopOutbound", "payload": {',
        '{"event": "stopOutbound",}',
        "{'event': 'stopOutbound'}",
        '{"event": "stopOutbound", "payload": {"project": {"projectId": "p"}}} trailing',
        '{"event": "stopOutbound", "payload": NaN}',
        '{"event": "stopOutbound", "payload": Infinity}',
        '{"event": "stopOutbound", "payload": -Infinity}',
        '{"event": "stopOutbound", "payload": {"project": {"projectId": "\\ud800"}}}',
        '{"event": "stopOutbound", "payload": {"project": {"projectId": "\\u12"}}}',
        '\ufeff{"event": "stopOutbound", "payload": {"project": {"projectId": "p"}}}',
    ],
)
def test_invalid_json(raw: str) -> None:
    assert client_code(raw) == "invalidJson"
    assert server_code(raw) == "invalidJson"


@pytest.mark.parametrize(
    "raw",
    [
        b'{"event": "stopOutbound", "payload": {"project": {"projectId": "\xff"}}}',
        b'{"event": "stopOutbound", "payload": {"project": {"projectId": "\xc3"}}}',
        b'{"event": "stopOutbound", "payload": {"project": {"projectId": "\xed\xa0\x80"}}}',
        "{}".encode("utf-16"),
    ],
    ids=["ff", "truncated-sequence", "encoded-surrogate", "utf-16"],
)
def test_invalid_utf8_is_invalid_json(raw: bytes) -> None:
    assert client_code(raw) == "invalidJson"


def test_a_lone_surrogate_in_a_python_str_is_invalid_json() -> None:
    raw = '{"event": "stopOutbound", "payload": {"project": {"projectId": "\ud800"}}}'
    assert client_code(raw) == "invalidJson"


@pytest.mark.parametrize(
    "number", ["NaN", "Infinity", "-Infinity", "1e400", "-1E+309", "1" + "0" * 400 + ".5"]
)
def test_non_finite_numbers_are_invalid_json_even_inside_caller(number: str) -> None:
    raw = text(UPDATE).replace('"tags": [', f'"tags": [{number}, ')
    assert number in raw
    assert server_code(raw) == "invalidJson"


@pytest.mark.parametrize("number", ["NaN", "Infinity", "1e400"])
def test_non_finite_numbers_in_typed_fields_are_invalid_json(number: str) -> None:
    raw = text(UPDATE).replace('"agentQuantity": 3', f'"agentQuantity": {number}')
    assert server_code(raw) == "invalidJson"


def test_non_finite_numbers_in_a_decoded_dict_are_invalid_json() -> None:
    document = set_at(doc(UPDATE), "payload.data.0.caller", {"x": float("nan")})
    assert server_code(document) == "invalidJson"


def test_integer_literals_beyond_4300_digits_are_invalid_json() -> None:
    # The parser's limit (Python's own int conversion limit), anywhere in the message.
    long = "9" * 4301
    for old, new in (
        ('"agentQuantity": 3', f'"agentQuantity": {long}'),
        ('"tags": [', f'"tags": [{long}, '),
    ):
        raw = text(UPDATE).replace(old, new)
        assert long in raw
        json.loads(raw, parse_int=len)  # valid JSON: only the length is wrong
        assert server_code(raw) == "invalidJson"
    kept = text(UPDATE).replace('"tags": [', '"tags": [' + "9" * 4300 + ", ")
    message = parse_server_message(kept)
    assert isinstance(message, ProjectsUpdateMessage)
    assert message.payload.data[0].caller["tags"][0] == int("9" * 4300)


def test_big_integers_inside_caller_are_kept_exactly() -> None:
    big = 2**80 + 1
    raw = text(UPDATE).replace('"tags": [', f'"tags": [{big}, ')
    message = parse_server_message(raw)
    assert isinstance(message, ProjectsUpdateMessage)
    assert message.payload.data[0].caller["tags"][0] == big
    assert str(big) in encode(message)


def test_nesting_up_to_the_limit_is_accepted_and_beyond_is_invalid_json() -> None:
    room = MAX_JSON_DEPTH - 4  # the caller sits inside four containers
    base = text(set_at(doc(UPDATE), "payload.data.0.caller", None))
    deepest = base.replace('"caller": null', '"caller": ' + "[" * room + "]" * room)
    assert isinstance(parse_server_message(deepest), ProjectsUpdateMessage)
    too_deep = base.replace('"caller": null', '"caller": ' + "[" * (room + 1) + "]" * (room + 1))
    assert server_code(too_deep) == "invalidJson"


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_hostile_nesting_is_rejected_without_recursion_error(depth: int) -> None:
    raw = '{"event": "stopOutbound", "payload": ' + "[" * depth + "]" * depth + "}"
    error = client_error(raw)
    assert error.code == "invalidJson"
    assert "nest" in error.message


def test_hostile_nesting_in_a_decoded_dict_is_rejected_cleanly() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    document = set_at(doc(UPDATE), "payload.data.0.caller", deep)
    assert server_code(document) == "invalidJson"


def test_duplicate_keys_keep_the_last_value() -> None:
    raw = '{"event": "stopOutbound", "payload": {"project": {"projectId": "a", "projectId": "b"}}}'
    message = parse_client_message(raw)
    assert isinstance(message, StopOutboundMessage)
    assert message.payload.project.project_id == "b"


def test_whitespace_and_key_order_do_not_matter() -> None:
    raw = '\n {"payload" : {"project":{"projectId":"p"}} ,\t"event":"stopOutbound"}\r\n'
    assert (
        encode(parse_client_message(raw))
        == '{"event":"stopOutbound","payload":{"project":{"projectId":"p"}}}'
    )


# --------------------------------------------------------------------------- size


def test_size_is_checked_before_parsing() -> None:
    # Not even JSON: the size verdict comes first.
    assert client_code("x" * (DEFAULT_MAX_BYTES + 1)) == "messageTooLarge"
    assert client_code(b"x" * (DEFAULT_MAX_BYTES + 1)) == "messageTooLarge"
    assert client_code(memoryview(b"x" * 101), max_bytes=100) == "messageTooLarge"
    assert client_code(bytearray(b"x" * 101), max_bytes=100) == "messageTooLarge"


def test_size_counts_utf8_bytes_not_characters() -> None:
    base = text(STOP)
    padded = base.replace('"p-1"', '"' + "é" * 60 + '"')  # 2 bytes each
    limit = len(padded.encode()) - 1
    assert len(padded) <= limit  # fits in characters, not in bytes
    assert client_code(padded, max_bytes=limit) == "messageTooLarge"
    assert isinstance(parse_client_message(padded, max_bytes=limit + 1), StopOutboundMessage)


def test_a_message_exactly_at_the_limit_is_accepted() -> None:
    raw = text(STOP).encode()
    assert isinstance(parse_client_message(raw, max_bytes=len(raw)), StopOutboundMessage)
    assert client_code(raw, max_bytes=len(raw) - 1) == "messageTooLarge"


def test_a_decoded_dict_is_held_to_the_size_limit() -> None:
    document = set_at(doc(STOP), "payload.project.projectId", "p" * 200)
    assert client_code(document, max_bytes=100) == "messageTooLarge"


# --------------------------------------------------------------------------- payload rules


def test_a_wrong_payload_names_the_path() -> None:
    error = client_error(text(set_at(doc(START), "payload.project.action", "paused")))
    assert error.code == "invalidPayload"
    assert [d.path for d in error.errors] == ["payload.project.action"]
    assert error.errors[0].type == "literal_error"
    assert "paused" not in str(error)


def test_every_problem_is_reported() -> None:
    document = set_at(doc(START), "payload.project.action", "paused")
    set_at(document, "payload.project.projectId", 5)
    drop_at(document, "payload.project.callFlowId")
    error = client_error(text(document))
    assert {d.path for d in error.errors} == {
        "payload.project.action",
        "payload.project.projectId",
        "payload.project.callFlowId",
    }


def test_the_number_of_details_is_capped() -> None:
    project = doc(UPDATE)["payload"]["data"][0] | {f"extra{i}": i for i in range(500)}
    error = server_error(text(set_at(doc(UPDATE), "payload.data.0", project)))
    assert len(error.errors) == MAX_ERROR_DETAILS
    assert error.omitted == 500 - MAX_ERROR_DETAILS
    assert f"and {500 - MAX_ERROR_DETAILS} more" in error.message


def test_only_the_first_bad_project_is_reported() -> None:
    # A 1 MiB frame of bad projects would otherwise make pydantic build millions of errors.
    project = doc(UPDATE)["payload"]["data"][0]
    many = [dict(project, agentQuantity="x") for _ in range(500)]
    error = server_error(text(set_at(doc(UPDATE), "payload.data", many)))
    assert [d.path for d in error.errors] == ["payload.data.0.agentQuantity"]


REQUIRED_PATHS = {
    "startOutbound": [
        "payload.project",
        "payload.project.callFlowId",
        "payload.project.projectId",
        "payload.project.client_id",
        "payload.project.client_secret",
        "payload.project.action",
        "payload.project.error",
    ],
    "stopOutbound": ["payload.project", "payload.project.projectId"],
    "projectsUpdate": [
        "payload.type",
        "payload.data",
        "payload.stats",
        "payload.stats.totalProjects",
        "payload.stats.activeProjects",
        "payload.stats.connectedProjects",
        "payload.timestamp",
        "payload.triggeredBy",
        *(
            f"payload.data.0.{name}"
            for name in (
                "projectId",
                "callFlowId",
                "action",
                "client_id",
                "agentQuantity",
                "caller",
                "access_token",
                "ws_connected",
                "createdAt",
                "updatedAt",
            )
        ),
    ],
    "projectStatusChange": [
        "payload.data",
        "payload.data.projectId",
        "payload.data.oldAction",
        "payload.data.newAction",
        "payload.data.changedAt",
        "payload.timestamp",
    ],
    "error": ["payload.error", "payload.message", "payload.timestamp"],
}


@pytest.mark.parametrize(
    ("event", "path"), [(e, p) for e, paths in REQUIRED_PATHS.items() for p in paths]
)
def test_every_field_is_required_on_the_wire(event: str, path: str) -> None:
    base = CLIENT_DOCS.get(event) or SERVER_DOCS[event]
    parse = parse_client_message if event in CLIENT_DOCS else parse_server_message
    with pytest.raises(ProtocolError) as caught:
        parse(text(drop_at(doc(base), path)))
    assert caught.value.code == "invalidPayload"
    assert path in [d.path for d in caught.value.errors]


def test_a_missing_defaulted_field_is_reported_beside_other_problems() -> None:
    document = drop_at(doc(UPDATE), "payload.timestamp")
    set_at(document, "payload.data.0.action", "paused")
    paths = [d.path for d in server_error(text(document)).errors]
    assert "payload.timestamp" in paths
    assert "payload.data.0.action" in paths


WRONG_TYPES: list[tuple[str, str, Any]] = [
    # (event, path, value): no coercion anywhere.
    ("startOutbound", "payload.project.projectId", 456),
    ("startOutbound", "payload.project.projectId", None),
    ("startOutbound", "payload.project.projectId", ""),
    ("startOutbound", "payload.project.callFlowId", ""),
    ("startOutbound", "payload.project.client_id", ""),
    ("startOutbound", "payload.project.client_secret", ""),
    ("startOutbound", "payload.project.client_secret", None),
    ("startOutbound", "payload.project.action", "paused"),
    ("startOutbound", "payload.project.action", "INIT"),
    ("startOutbound", "payload.project.action", None),
    ("startOutbound", "payload.project.error", 1),
    ("startOutbound", "payload.project.error", False),
    ("startOutbound", "payload.project", None),
    ("startOutbound", "payload.project", []),
    ("stopOutbound", "payload.project.projectId", ["p"]),
    ("projectsUpdate", "payload.type", "someProjects"),
    ("projectsUpdate", "payload.data", None),
    ("projectsUpdate", "payload.data", {}),
    ("projectsUpdate", "payload.data.0", "p"),
    ("projectsUpdate", "payload.data.0.agentQuantity", "5"),
    ("projectsUpdate", "payload.data.0.agentQuantity", True),
    ("projectsUpdate", "payload.data.0.agentQuantity", -1),
    ("projectsUpdate", "payload.data.0.agentQuantity", 2.5),
    ("projectsUpdate", "payload.data.0.agentQuantity", 2**53),
    ("projectsUpdate", "payload.data.0.agentQuantity", None),
    ("projectsUpdate", "payload.data.0.ws_connected", 1),
    ("projectsUpdate", "payload.data.0.ws_connected", "true"),
    ("projectsUpdate", "payload.data.0.ws_connected", None),
    ("projectsUpdate", "payload.data.0.access_token", 5),
    ("projectsUpdate", "payload.data.0.createdAt", 1704067200),
    ("projectsUpdate", "payload.data.0.action", "stopped"),
    ("projectsUpdate", "payload.stats.totalProjects", -1),
    ("projectsUpdate", "payload.stats.activeProjects", "1"),
    ("projectsUpdate", "payload.stats.connectedProjects", 1.5),
    ("projectsUpdate", "payload.triggeredBy", ""),
    ("projectsUpdate", "payload.triggeredBy", None),
    ("projectStatusChange", "payload.data.oldAction", None),
    ("projectStatusChange", "payload.data.newAction", 1),
    ("projectStatusChange", "payload.data.projectId", ""),
    ("error", "payload.error", None),
    ("error", "payload.message", 5),
]


@pytest.mark.parametrize(("event", "path", "value"), WRONG_TYPES)
def test_each_fields_type_errors(event: str, path: str, value: Any) -> None:
    base = CLIENT_DOCS.get(event) or SERVER_DOCS[event]
    parse = parse_client_message if event in CLIENT_DOCS else parse_server_message
    with pytest.raises(ProtocolError) as caught:
        parse(text(set_at(doc(base), path, value)))
    assert caught.value.code == "invalidPayload"
    assert caught.value.errors[0].path == path


UNKNOWN_FIELDS = [
    ("startOutbound", "payload.extra"),
    ("startOutbound", "payload.project.clientId"),
    ("startOutbound", "payload.project.client_id_"),
    ("stopOutbound", "payload.project.force"),
    ("projectsUpdate", "payload.data.0.accessToken"),
    ("projectsUpdate", "payload.stats.idleProjects"),
    ("projectStatusChange", "payload.data.reason"),
    ("error", "payload.code"),
]


@pytest.mark.parametrize(("event", "path"), UNKNOWN_FIELDS)
def test_unknown_fields_are_rejected_at_every_level(event: str, path: str) -> None:
    base = CLIENT_DOCS.get(event) or SERVER_DOCS[event]
    parse = parse_client_message if event in CLIENT_DOCS else parse_server_message
    with pytest.raises(ProtocolError) as caught:
        parse(text(set_at(doc(base), path, 1)))
    assert caught.value.code == "invalidPayload"
    assert path in [d.path for d in caught.value.errors]


@pytest.mark.parametrize("name", ["project_id", "call_flow_id", "agent_quantity"])
def test_python_names_are_not_wire_names(name: str) -> None:
    document = doc(UPDATE)
    project = document["payload"]["data"][0]
    wire = {
        "project_id": "projectId",
        "call_flow_id": "callFlowId",
        "agent_quantity": "agentQuantity",
    }[name]
    project[name] = project.pop(wire)
    assert server_code(text(document)) == "invalidPayload"


@pytest.mark.parametrize("value", [0, 2**53 - 1, 5.0, 1e2, 0.0])
def test_counts_accept_whole_json_numbers(value: Any) -> None:
    message = parse_server_message(text(set_at(doc(UPDATE), "payload.data.0.agentQuantity", value)))
    assert isinstance(message, ProjectsUpdateMessage)
    assert message.payload.data[0].agent_quantity == int(value)
    assert type(message.payload.data[0].agent_quantity) is int
    assert f'"agentQuantity":{int(value)},' in encode(message)


@pytest.mark.parametrize(
    "caller",
    [
        None,
        "",
        "x",
        0,
        -1.5,
        True,
        [],
        {},
        [1, "a", None, {"b": [False]}],
        {"k": {"k": {"k": "v"}}},
        "日本語",
    ],
)
def test_caller_is_any_json_value(caller: Any) -> None:
    message = parse_server_message(text(set_at(doc(UPDATE), "payload.data.0.caller", caller)))
    assert isinstance(message, ProjectsUpdateMessage)
    assert message.payload.data[0].caller == caller
    assert json.loads(encode(message))["payload"]["data"][0]["caller"] == caller


def test_error_of_start_outbound_is_nullable_and_required() -> None:
    message = parse_client_message(text(START))
    assert isinstance(message, StartOutboundMessage)
    assert message.payload.project.error is None
    with_error = parse_client_message(text(set_at(doc(START), "payload.project.error", "boom")))
    assert isinstance(with_error, StartOutboundMessage)
    assert with_error.payload.project.error == "boom"


def test_old_and_new_action_are_any_string() -> None:
    document = set_at(doc(STATUS), "payload.data.newAction", "paused")
    set_at(document, "payload.data.oldAction", "")
    parse_server_message(text(document))


def test_stats_are_not_checked_against_the_data() -> None:
    # The spec does not tie them; a peer's numbers are passed through as sent.
    document = set_at(doc(UPDATE), "payload.stats.totalProjects", 7)
    assert isinstance(parse_server_message(text(document)), ProjectsUpdateMessage)


# --------------------------------------------------------------------------- errors


def test_protocol_error_is_a_value_error_with_structure() -> None:
    error = client_error("nope")
    assert isinstance(error, ValueError)
    assert error.code == "invalidJson"
    assert str(error).startswith("invalidJson: ")
    assert error.errors[0].path == ""
    assert repr(error).startswith("ProtocolError('invalidJson'")


def test_protocol_error_becomes_the_error_event() -> None:
    error = client_error(text(set_at(doc(START), "payload.project.action", "paused")))
    event = error.to_message()
    assert isinstance(event, ErrorMessage)
    assert event.payload.error == "invalidPayload"
    assert event.payload.message == error.message
    wire = json.loads(encode(event))
    assert wire["event"] == "error"
    assert set(wire["payload"]) == {"error", "message", "timestamp"}
    assert parse_server_message(encode(event)) == event


def test_protocol_error_pickles() -> None:
    error = client_error("nope")
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert (again.code, again.errors, again.omitted) == (error.code, error.errors, error.omitted)


def test_the_cause_is_not_chained() -> None:
    # pydantic's ValidationError would carry the input: it must not ride along.
    error = client_error(text(set_at(doc(START), "payload.project.action", SECRET)))
    assert error.__cause__ is None
    assert error.__context__ is None  # Sentry and friends walk the context, not the traceback


@pytest.mark.parametrize(
    "path",
    [
        "payload.project.client_secret",
        "payload.project.action",
        "payload.project.projectId",
        "payload.project.error",
    ],
)
def test_rejected_values_are_never_echoed(path: str) -> None:
    # The secret sits in the field that is wrong, or beside it.
    document = set_at(doc(START), "payload.project.action", "paused")
    value: Any = [SECRET] if path != "payload.project.client_secret" else {"v": SECRET}
    set_at(document, path, value)
    for raw in (text(document), text(document).encode(), document):
        with pytest.raises(ProtocolError) as caught:
            parse_client_message(raw)
        error = caught.value
        outputs = [str(error), repr(error), error.message, encode(error.to_message())]
        outputs += [f"{d.path} {d.message} {d.type}" for d in error.errors]
        for output in outputs:
            assert SECRET not in output
            assert "paused" not in output


# --------------------------------------------------------------------------- encode


@pytest.mark.parametrize(
    "base", [*CLIENT_DOCS.values(), *SERVER_DOCS.values()], ids=[*CLIENT_DOCS, *SERVER_DOCS]
)
def test_encode_is_compact_canonical_json(base: dict[str, Any]) -> None:
    parse = parse_client_message if base["event"] in CLIENT_DOCS else parse_server_message
    wire = encode(parse(text(base)))
    assert wire == json.dumps(base, separators=(",", ":"), ensure_ascii=False)


def test_encode_writes_unicode_as_is() -> None:
    message = parse_client_message(text(set_at(doc(STOP), "payload.project.projectId", "專案-😀")))
    assert '"專案-😀"' in encode(message)


def test_encode_rejects_non_messages() -> None:
    with pytest.raises(TypeError):
        encode({"event": "stopOutbound"})  # type: ignore[arg-type] # the point of the test
    with pytest.raises(TypeError):
        encode(parse_client_message(text(STOP)).payload)  # type: ignore[arg-type] # a payload, not a message


def test_encode_refuses_text_json_cannot_carry() -> None:
    # Validation keeps lone surrogates out of models; only model_construct can smuggle one.
    message = StopOutboundMessage.model_construct(
        payload=StopOutboundPayload.model_construct(
            project=ProjectRef.model_construct(project_id="\ud800")
        )
    )
    with pytest.raises(ProtocolError) as caught:
        encode(message)
    assert caught.value.code == "invalidPayload"


def test_round_trip_of_every_base_document() -> None:
    for base in (START, STOP):
        message = parse_client_message(text(base))
        assert parse_client_message(encode(message)) == message
    for base in (UPDATE, STATUS, ERROR):
        server = parse_server_message(text(base))
        assert parse_server_message(encode(server)) == server


# --------------------------------------------------------------------------- odd inputs


class _Text(str):
    __slots__ = ()

    def __str__(self) -> str:
        return "not the frame"


class _Bytes(bytes):
    __slots__ = ()


def test_str_and_bytes_subclasses_and_read_only_mappings_are_read() -> None:
    frame = text(STOP)
    expected = parse_client_message(frame)
    assert parse_client_message(_Text(frame)) == expected
    assert parse_client_message(_Bytes(frame.encode())) == expected
    assert parse_client_message(types.MappingProxyType(doc(STOP))) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (10**5000, "more than 4300 digits"),
        (-(10**4300), "more than 4300 digits"),
        (float("nan"), "finite"),
        ({1, 2}, "a value of type set"),
    ],
    ids=["huge", "huge-negative", "nan", "set"],
)
def test_a_decoded_value_json_cannot_hold_is_named_right(value: object, words: str) -> None:
    document = set_at(doc(STOP), "payload.project.projectId", value)
    with pytest.raises(ProtocolError, match=words) as caught:
        parse_client_message(document)
    assert caught.value.code == "invalidJson"
    assert caught.value.__context__ is None


def test_a_self_reference_is_named() -> None:
    document = doc(STOP)
    document["payload"]["project"]["projectId"] = document
    with pytest.raises(ProtocolError, match="circular reference") as caught:
        parse_client_message(document)
    assert caught.value.code == "invalidJson"


def test_a_caller_too_large_to_parse_back_is_refused_from_python() -> None:
    with pytest.raises(ValidationError, match="4300 digits"):
        project(caller={"n": 10**5000})
    with pytest.raises(ValidationError, match="4300 digits"):
        project(caller=[-(10**4300)])
    largest = 10**4300 - 1  # 4,300 digits: encoded, then parsed back
    message = ProjectsUpdateMessage.from_projects([project(caller=largest)])
    parsed = parse_server_message(encode(message))
    assert isinstance(parsed, ProjectsUpdateMessage)
    assert parsed.payload.data[0].caller == largest


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("launchRocket", True),
        ("client_id_", True),
        ("extra12", True),
        ("S3CR3T", False),
        ("sk-live-4f9a2b", False),
        ("a" * 33, False),
        ("eyJhbGciOiJIUzI1NiJ9", False),
        ("AbCdEfGhIj", False),
        ("with space", False),
    ],
)
def test_only_plain_names_are_echoed(name: str, shown: bool) -> None:
    event_error = client_error(text({"event": name, "payload": {}}))
    key_error = client_error(text(set_at(doc(STOP), f"payload.project.{name}", 1)))
    assert event_error.code == "unknownEvent"
    assert key_error.code == "invalidPayload"
    for error in (event_error, key_error):
        assert (name in str(error)) is shown


def test_many_unexpected_keys_and_another_problem_are_all_counted() -> None:
    # Past a few dozen errors pydantic's are not converted: the keys are found in the
    # document, and the rest of the payload is validated without them.
    document = set_at(doc(START), "payload.project.action", "paused")
    document["payload"]["project"] |= {f"extra{i}": i for i in range(300)}
    document["payload"]["extra"] = 1
    error = client_error(text(document))
    assert error.code == "invalidPayload"
    assert error.errors[0].path == "payload.project.action"
    assert error.errors[1].path == "payload.extra"
    assert error.errors[2].path == "payload.project.extra0"
    assert len(error.errors) + error.omitted == 302
    assert error.__context__ is None


def test_many_unexpected_keys_and_invalid_json_is_invalid_json() -> None:
    keys = "".join(f',"extra{i}":0' for i in range(300))
    frame = '{"event":"stopOutbound","payload":{"project":{"projectId":"p"' + keys + ',"n":NaN}}}'
    assert client_code(frame) == "invalidJson"
