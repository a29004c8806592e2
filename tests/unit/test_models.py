"""Building messages from Python: names, defaults, timestamps, secrets, immutability."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from shared_types import (
    ClientToServerMessage,
    ErrorMessage,
    ErrorPayload,
    OutboundProjectConfig,
    ProjectInfo,
    ProjectRef,
    ProjectStats,
    ProjectStatusChange,
    ProjectStatusChangeMessage,
    ProjectStatusChangePayload,
    ProjectsUpdateMessage,
    ProjectsUpdatePayload,
    ProtocolError,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
    encode,
    parse_client_message,
    parse_server_message,
)

from ._messages import SECRET, TOKEN, project

UTC = timezone.utc
TAIPEI = timezone(timedelta(hours=8))
WHEN = datetime(2025, 1, 15, 8, 30, tzinfo=UTC)


def start(secret: str = SECRET) -> StartOutboundMessage:
    return StartOutboundMessage(
        payload=StartOutboundPayload(
            project=OutboundProjectConfig(
                call_flow_id="cf-1",
                project_id="p-1",
                client_id="c-1",
                client_secret=secret,
                action="init",
                error=None,
            )
        )
    )


# --------------------------------------------------------------------------- names


def test_built_from_python_names_and_encoded_with_wire_names() -> None:
    wire = json.loads(encode(start()))
    assert wire == {
        "event": "startOutbound",
        "payload": {
            "project": {
                "callFlowId": "cf-1",
                "projectId": "p-1",
                "client_id": "c-1",
                "client_secret": SECRET,
                "action": "init",
                "error": None,
            }
        },
    }


def test_built_from_wire_names_too() -> None:
    ref = ProjectRef(projectId="p")  # type: ignore[call-arg] # the wire name, accepted at run time
    assert ref.project_id == "p"


def test_the_event_tag_defaults_to_itself() -> None:
    assert (
        StopOutboundMessage(payload=StopOutboundPayload(project=ProjectRef(project_id="p"))).event
        == "stopOutbound"
    )
    with pytest.raises(ValidationError):
        StopOutboundMessage(
            event="startOutbound",  # type: ignore[arg-type] # the point of the test
            payload=StopOutboundPayload(project=ProjectRef(project_id="p")),
        )


def test_match_dispatches_on_the_class() -> None:
    def handle(message: ClientToServerMessage) -> str:
        match message:
            case StartOutboundMessage(payload=payload):
                return f"start {payload.project.project_id} ({payload.project.action})"
            case StopOutboundMessage(payload=payload):
                return f"stop {payload.project.project_id}"

    assert handle(parse_client_message(encode(start()))) == "start p-1 (init)"
    stop = '{"event": "stopOutbound", "payload": {"project": {"projectId": "p-9"}}}'
    assert handle(parse_client_message(stop)) == "stop p-9"


def test_no_coercion_from_python_either() -> None:
    with pytest.raises(ValidationError):
        project(agent_quantity="5")
    with pytest.raises(ValidationError):
        project(agent_quantity=True)
    with pytest.raises(ValidationError):
        project(agent_quantity=5.0)
    with pytest.raises(ValidationError):
        project(ws_connected=1)
    with pytest.raises(ValidationError):
        project(project_id="")
    with pytest.raises(ValidationError):
        project(agent_quantity=2**53)
    with pytest.raises(ValidationError):
        project(unknown_field=1)


@pytest.mark.parametrize(
    "caller",
    [
        float("nan"),
        float("inf"),
        {1: "x"},
        (1, 2),
        {"a": {1, 2}},
        "\ud800",
        {"\udc00": 1},
        b"bytes",
    ],
)
def test_caller_must_be_a_json_value(caller: Any) -> None:
    with pytest.raises(ValidationError):
        project(caller=caller)


def test_caller_depth_is_bounded_from_python() -> None:
    deep: list[Any] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ValidationError):
        project(caller=deep)


# --------------------------------------------------------------------------- timestamps


def test_timestamps_read_back_as_aware_utc_datetimes() -> None:
    info = project()
    assert info.created_at == datetime(2025, 1, 15, 8, 0, tzinfo=UTC)
    assert info.created_at.tzinfo is UTC
    # Millisecond precision, truncated, like a JavaScript Date.
    assert info.updated_at == datetime(2025, 1, 15, 8, 30, 0, 123000, tzinfo=UTC)


def test_timestamps_are_written_as_to_iso_string_does() -> None:
    wire = json.loads(encode(ProjectsUpdateMessage.from_projects([project()])))
    data = wire["payload"]["data"][0]
    assert data["createdAt"] == "2025-01-15T08:00:00.000Z"
    assert data["updatedAt"] == "2025-01-15T08:30:00.123Z"


def test_timestamps_accept_wire_text_from_python() -> None:
    info = project(created_at="2025-01-15T16:00:00+08:00")
    assert info.created_at == datetime(2025, 1, 15, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [datetime(2025, 1, 15), "2025-01-15T08:00:00", "2025-01-15", 1704067200, "1704067200", None],
)
def test_naive_or_non_timestamps_are_rejected(value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        project(created_at=value)
    assert caught.value.errors()[0]["type"] == "timestamp"


def test_the_builders_stamp_server_messages_with_now() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    error = ErrorMessage.from_error("x", "y")
    change = ProjectStatusChange(
        project_id="p", old_action="init", new_action="active", changed_at=before
    )
    status = ProjectStatusChangeMessage.from_change(change)
    update = ProjectsUpdateMessage.from_projects([])
    rejected = ProtocolError("invalidJson").to_message()
    after = datetime.now(UTC) + timedelta(milliseconds=1)
    for stamped in (
        error.payload.timestamp,
        status.payload.timestamp,
        update.payload.timestamp,
        rejected.payload.timestamp,
    ):
        assert before <= stamped <= after
    assert status.payload.data is change
    assert (error.payload.error, error.payload.message) == ("x", "y")
    assert update.payload.type == "allProjects"
    assert update.payload.triggered_by == "system"


@pytest.mark.parametrize(
    "build",
    [
        lambda: ErrorPayload(error="x", message="y"),  # type: ignore[call-arg]
        lambda: ProjectStatusChangePayload(  # type: ignore[call-arg]
            data=ProjectStatusChange(
                project_id="p", old_action="init", new_action="active", changed_at=WHEN
            )
        ),
        lambda: ProjectsUpdatePayload(  # type: ignore[call-arg]
            data=[], stats=ProjectStats.of([]), timestamp=WHEN, triggered_by="system"
        ),
    ],
)
def test_payloads_built_by_hand_need_every_wire_field(build: Any) -> None:
    # The wire requires them, so the models do: only the builders fill them in.
    with pytest.raises(ValidationError) as caught:
        build()
    assert caught.value.errors()[0]["type"] == "missing"


def test_timestamps_may_be_given_explicitly() -> None:
    when = datetime(2025, 1, 15, 8, 30, tzinfo=UTC)
    message = ErrorMessage(payload=ErrorPayload(error="x", message="y", timestamp=when))
    assert json.loads(encode(message))["payload"]["timestamp"] == "2025-01-15T08:30:00.000Z"


def test_timestamp_attributes_cannot_be_assigned() -> None:
    info = project()
    with pytest.raises((ValidationError, AttributeError)):
        info.created_at = datetime.now(UTC)  # type: ignore[misc] # frozen


# --------------------------------------------------------------------------- projectsUpdate


def test_from_projects_computes_the_stats_and_defaults() -> None:
    projects = [
        project(project_id="a", action="active", ws_connected=True),
        project(project_id="b", action="init", ws_connected=True),
        project(project_id="c", action="init", ws_connected=False, access_token=None),
    ]
    message = ProjectsUpdateMessage.from_projects(projects)
    assert message.payload.stats == ProjectStats(
        total_projects=3, active_projects=1, connected_projects=2
    )
    assert message.payload.triggered_by == "system"
    assert message.payload.type == "allProjects"
    assert message.payload.data == projects
    wire = json.loads(encode(message))
    assert [p["access_token"] for p in wire["payload"]["data"]] == ["***", "***", None]


def test_from_projects_with_trigger_and_time() -> None:
    when = datetime(2025, 1, 15, 8, 30, tzinfo=UTC)
    message = ProjectsUpdateMessage.from_projects(
        iter([project()]), triggered_by="p-1", timestamp=when
    )
    assert message.payload.triggered_by == "p-1"
    assert message.payload.timestamp == when


def test_from_projects_of_nothing() -> None:
    message = ProjectsUpdateMessage.from_projects([])
    assert message.payload.stats == ProjectStats(
        total_projects=0, active_projects=0, connected_projects=0
    )


# --------------------------------------------------------------------------- secrets


def test_access_token_is_masked_everywhere_but_the_attribute() -> None:
    info = project()
    assert info.access_token == TOKEN  # the backend can still use it
    message = ProjectsUpdateMessage.from_projects([info])
    for output in (
        repr(info),
        str(info),
        repr(message),
        str(message),
        str(info.model_dump()),
        info.model_dump_json(),
        str(message.model_dump()),
        str(message.model_dump(mode="json")),
        message.model_dump_json(),
        encode(message),
    ):
        assert TOKEN not in output
    assert json.loads(encode(message))["payload"]["data"][0]["access_token"] == "***"


def test_an_empty_token_is_masked_too() -> None:
    assert '"access_token":"***"' in encode(
        ProjectsUpdateMessage.from_projects([project(access_token="")])
    )


def test_client_secret_is_masked_everywhere_but_encode() -> None:
    message = start()
    assert message.payload.project.client_secret == SECRET
    for output in (
        repr(message),
        str(message),
        repr(message.payload.project),
        str(message.model_dump()),
        str(message.model_dump(mode="json")),
        message.model_dump_json(),
        message.payload.model_dump_json(),
    ):
        assert SECRET not in output
    assert SECRET in encode(message)


def test_a_validation_error_from_python_does_not_echo_the_secret() -> None:
    with pytest.raises(ValidationError) as caught:
        OutboundProjectConfig(
            call_flow_id="cf",
            project_id="p",
            client_id="c",
            client_secret=SECRET,
            action="paused",  # type: ignore[arg-type] # the point of the test
            error=None,
        )
    assert SECRET not in str(caught.value)
    assert "paused" not in str(caught.value)


def test_a_token_parsed_from_the_wire_round_trips_as_the_mask() -> None:
    message = ProjectsUpdateMessage.from_projects([project()])
    again = parse_server_message(encode(message))
    assert isinstance(again, ProjectsUpdateMessage)
    assert again.payload.data[0].access_token == "***"
    assert again == message.model_copy(
        update={
            "payload": message.payload.model_copy(update={"data": [project(access_token="***")]})
        }
    )


# --------------------------------------------------------------------------- values


def test_models_are_frozen_values() -> None:
    info = project()
    with pytest.raises(ValidationError):
        info.agent_quantity = 3  # type: ignore[misc] # frozen
    assert project() == project()
    assert project() != project(agent_quantity=3)


def test_model_copy_validates_the_update() -> None:
    info = project()
    assert info.model_copy(update={"agent_quantity": 7}).agent_quantity == 7
    moved = info.model_copy(update={"updated_at": datetime(2025, 2, 1, tzinfo=TAIPEI)})
    assert moved.updated_at == datetime(2025, 1, 31, 16, 0, tzinfo=UTC)
    assert '"updatedAt":"2025-01-31T16:00:00.000Z"' in moved.model_dump_json()
    with pytest.raises(ValidationError):
        info.model_copy(update={"agent_quantity": -1})
    assert info.model_copy() == info


def test_model_dump_round_trips_through_validation_and_the_constructor() -> None:
    info = project()
    masked = project(access_token="***")
    assert ProjectInfo.model_validate(info.model_dump()) == masked
    assert ProjectInfo(**info.model_dump(by_alias=False)) == masked
    assert ProjectInfo(**info.model_dump()).created_at == info.created_at
    with pytest.raises(ValidationError):  # validation reads wire names, as the wire does
        ProjectInfo.model_validate(info.model_dump(by_alias=False))


def test_messages_of_every_event_can_be_built_and_parsed() -> None:
    when = datetime(2025, 1, 15, 8, 30, tzinfo=UTC)
    for message in (
        ProjectsUpdateMessage.from_projects([project()], timestamp=when),
        ProjectStatusChangeMessage.from_change(
            ProjectStatusChange(
                project_id="p", old_action="init", new_action="active", changed_at=when
            )
        ),
        ErrorMessage.from_error("e", "m"),
    ):
        again = parse_server_message(encode(message))
        assert type(again) is type(message)
        assert encode(again) == encode(message)
    assert parse_client_message(encode(start())) == start()


def test_model_copy_takes_wire_names_too() -> None:
    ref = ProjectRef(project_id="a")
    assert ref.model_copy(update={"projectId": "b"}).project_id == "b"
    assert ref.model_copy(update={"project_id": "c"}).project_id == "c"
    moved = project().model_copy(update={"agentQuantity": 9, "createdAt": "2025-01-15T08:30:00Z"})
    assert moved.agent_quantity == 9
    assert moved.created_at == datetime(2025, 1, 15, 8, 30, tzinfo=UTC)


def test_timestamps_read_as_the_same_datetime_and_dump_as_one() -> None:
    info = project()
    assert info.created_at is info.created_at
    assert info.created_at.tzinfo is UTC
    dumped = info.model_dump()
    assert dumped["createdAt"] == info.created_at
    assert isinstance(dumped["createdAt"], datetime)
    assert info.model_dump(mode="json")["createdAt"] == "2025-01-15T08:00:00.000Z"
    assert ProjectInfo.model_validate(dumped).created_at == info.created_at


def test_the_serialization_schema_is_the_models_own() -> None:
    # OutboundProjectConfig masks its secret in a wrap serializer: its schema is unchanged.
    for cls in (OutboundProjectConfig, StartOutboundMessage):
        serialization = cls.model_json_schema(mode="serialization", by_alias=True)
        assert serialization == cls.model_json_schema(by_alias=True)


def test_a_revealed_secret_needs_the_base_that_masks_it() -> None:
    # Its field serializer alone would let `serialize_as_any` write the secret in clear.
    from typing import Annotated  # noqa: PLC0415 (local to the models defined here)

    from shared_types._model import RevealedSecretsModel, WireModel  # noqa: PLC0415
    from shared_types._secrets import REVEALED  # noqa: PLC0415

    with pytest.raises(TypeError, match="RevealedSecretsModel"):

        class Leaky(WireModel):
            password: Annotated[str, REVEALED]

    class Guarded(RevealedSecretsModel):
        password: Annotated[str, REVEALED]

    guarded = Guarded(password="hunter2")
    assert guarded.password == "hunter2"
    assert "hunter2" not in guarded.model_dump_json(serialize_as_any=True)
    assert guarded.model_dump(serialize_as_any=True)["password"] == "***"
