"""A user's backend module: builds every model with Python names and reads every field.

Type-checked as a user would, by mypy --strict without the pydantic plugin and by
pyright in strict mode (tests/type_checkers/test_type_checkers.py): both must find nothing.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from typing_extensions import assert_never

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
    ServerToClientMessage,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
    encode,
    parse_client_message,
    parse_server_message,
)

NOW = datetime(2025, 1, 15, 8, 30, tzinfo=timezone.utc)


def build_client_messages() -> list[ClientToServerMessage]:
    config = OutboundProjectConfig(
        call_flow_id="cf-1",
        project_id="p-1",
        client_id="c-1",
        client_secret="s",
        action="init",
        error=None,
    )
    start = StartOutboundMessage(payload=StartOutboundPayload(project=config))
    stop = StopOutboundMessage(payload=StopOutboundPayload(project=ProjectRef(project_id="p-1")))
    return [start, stop]


def build_project(caller: Any) -> ProjectInfo:
    return ProjectInfo(
        project_id="p-1",
        call_flow_id="cf-1",
        action="active",
        client_id="c-1",
        agent_quantity=2,
        caller=caller,
        access_token="real-token",
        ws_connected=True,
        created_at=NOW,
        updated_at=NOW,
    )


def build_server_messages() -> list[ServerToClientMessage]:
    project = build_project({"number": "+886"})
    stats = ProjectStats(total_projects=1, active_projects=1, connected_projects=1)
    by_hand = ProjectsUpdateMessage(
        payload=ProjectsUpdatePayload(
            type="allProjects", data=[project], stats=stats, timestamp=NOW, triggered_by="system"
        )
    )
    change = ProjectStatusChange(
        project_id="p-1", old_action="init", new_action="active", changed_at=NOW
    )
    status = ProjectStatusChangeMessage(
        payload=ProjectStatusChangePayload(data=change, timestamp=NOW)
    )
    error = ErrorMessage(payload=ErrorPayload(error="busy", message="later", timestamp=NOW))
    return [
        by_hand,
        ProjectsUpdateMessage.from_projects([project], triggered_by="p-1", timestamp=NOW),
        status,
        ProjectStatusChangeMessage.from_change(change, timestamp=NOW),
        error,
        ErrorMessage.from_error("busy", "later"),
        ProtocolError("invalidJson").to_message(),
    ]


def read_project(project: ProjectInfo) -> tuple[str, str, str, str, int, bool, datetime, datetime]:
    action: Literal["init", "active"] = project.action
    token: str | None = project.access_token
    caller: Any = project.caller
    del token, caller
    return (
        project.project_id,
        project.call_flow_id,
        action,
        project.client_id,
        project.agent_quantity,
        project.ws_connected,
        project.created_at,
        project.updated_at,
    )


def read_server_message(text: str) -> datetime:
    message = parse_server_message(text)
    match message:
        case ProjectsUpdateMessage(payload=payload):
            kind: Literal["allProjects"] = payload.type
            counts: list[int] = [
                payload.stats.total_projects,
                payload.stats.active_projects,
                payload.stats.connected_projects,
            ]
            del kind, counts
            for project in payload.data:
                read_project(project)
            by: str = payload.triggered_by
            del by
            return payload.timestamp
        case ProjectStatusChangeMessage(payload=payload):
            data = payload.data
            names: tuple[str, str, str] = (data.project_id, data.old_action, data.new_action)
            del names
            changed: datetime = data.changed_at
            del changed
            return payload.timestamp
        case ErrorMessage(payload=payload):
            texts: tuple[str, str] = (payload.error, payload.message)
            del texts
            return payload.timestamp
        case _:
            assert_never(message)


def read_client_message(frame: str | bytes) -> str:
    try:
        message = parse_client_message(frame)
    except ProtocolError as error:
        return encode(error.to_message())
    match message:
        case StartOutboundMessage(payload=payload):
            project = payload.project
            fields: tuple[str, str, str, str, str, str | None] = (
                project.call_flow_id,
                project.project_id,
                project.client_id,
                project.client_secret,
                project.action,
                project.error,
            )
            return fields[1]
        case StopOutboundMessage(payload=payload):
            return payload.project.project_id
        case _:
            assert_never(message)
