"""The dashboard's WebSocket protocol: every message, both directions.

The Python counterpart of ``packages/shared-types/src/websocket.ts``. Every message
is ``{"event": ..., "payload": {...}}``; the unions `ClientToServerMessage` and
`ServerToClientMessage` are discriminated on ``event`` and are the single list of
events per direction: the registries, parsers, JSON Schema and TypeScript are all
derived from them.

Python attributes are snake_case; the wire keeps its exact names (``projectId``,
``client_id``, ``access_token``…). Constructors take either; validation
(``model_validate*``, the parsers) reads wire names, as the wire does; dumps write
wire names. Every field the wire requires is required here too: server messages are
built with their builders (`ProjectsUpdateMessage.from_projects`,
`ProjectStatusChangeMessage.from_change`, `ErrorMessage.from_error`), which stamp
the time.
"""

# No `from __future__ import annotations` here: pydantic would evaluate each field's
# annotation from its text, one `compile` per field at import (docs/performance.md).

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
)

from ._json_values import JsonValue, has_non_finite_number
from ._model import RevealedSecretsModel, WireModel
from ._numbers import NON_EMPTY, Count, NonEmptyStr
from ._secrets import REVEALED, MaskedOnWire
from ._timestamps import Timestamp

__all__ = [
    "CLIENT_TO_SERVER_EVENTS",
    "SERVER_TO_CLIENT_EVENTS",
    "ClientEvent",
    "ClientToServerMessage",
    "ErrorMessage",
    "ErrorPayload",
    "Message",
    "OutboundProjectConfig",
    "ProjectAction",
    "ProjectInfo",
    "ProjectRef",
    "ProjectStats",
    "ProjectStatusChange",
    "ProjectStatusChangeMessage",
    "ProjectStatusChangePayload",
    "ProjectsUpdateMessage",
    "ProjectsUpdatePayload",
    "ServerEvent",
    "StartOutboundMessage",
    "StartOutboundPayload",
    "StopOutboundMessage",
    "StopOutboundPayload",
]

ProjectAction = Literal["init", "active"]
"""What an outbound project is doing: being set up, or dialling."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- client → server


class OutboundProjectConfig(RevealedSecretsModel):
    """The project a dashboard asks the server to start (the `project` of `startOutbound`)."""

    call_flow_id: Annotated[NonEmptyStr, Field(alias="callFlowId")]
    """The call flow the project dials with."""
    project_id: Annotated[NonEmptyStr, Field(alias="projectId")]
    """The project's id, unique per server."""
    client_id: NonEmptyStr
    """OAuth client id the server exchanges for an access token."""
    client_secret: Annotated[str, NON_EMPTY, REVEALED]
    """OAuth client secret the server exchanges, with `client_id`, for an access token."""
    action: ProjectAction
    """``init`` to set the project up, ``active`` to (re)start dialling."""
    error: str | None
    """The last error the dashboard saw for this project, or null."""


class StartOutboundPayload(WireModel):
    """Payload of `startOutbound`."""

    project: OutboundProjectConfig
    """The project to start."""


class StartOutboundMessage(WireModel):
    """Client → server: start (or re-activate) an outbound project."""

    event: Literal["startOutbound"] = "startOutbound"
    """The event name, the union's discriminator."""
    payload: StartOutboundPayload
    """The project to start."""


class ProjectRef(WireModel):
    """Names a project (the `project` of `stopOutbound`)."""

    project_id: Annotated[NonEmptyStr, Field(alias="projectId")]
    """The project's id."""


class StopOutboundPayload(WireModel):
    """Payload of `stopOutbound`."""

    project: ProjectRef
    """The project to stop."""


class StopOutboundMessage(WireModel):
    """Client → server: stop an outbound project and remove it."""

    event: Literal["stopOutbound"] = "stopOutbound"
    """The event name, the union's discriminator."""
    payload: StopOutboundPayload
    """The project to stop."""


# --------------------------------------------------------------------------- server → client


class ProjectInfo(WireModel):
    """One outbound project as the dashboard shows it."""

    project_id: Annotated[NonEmptyStr, Field(alias="projectId")]
    """The project's id."""
    call_flow_id: Annotated[NonEmptyStr, Field(alias="callFlowId")]
    """The call flow the project dials with."""
    action: ProjectAction
    """What the project is doing."""
    client_id: NonEmptyStr
    """OAuth client id of the project."""
    agent_quantity: Annotated[Count, Field(alias="agentQuantity")]
    """How many agents serve the project."""
    caller: JsonValue
    """Caller settings: any JSON value (null included), as the backend holds them."""
    access_token: MaskedOnWire | None
    """The project's access token, or null when it has none."""
    ws_connected: bool
    """Whether the project's own WebSocket to the telephony side is up."""
    created_at: Annotated[Timestamp, Field(alias="createdAt")]
    """When the project was registered."""
    updated_at: Annotated[Timestamp, Field(alias="updatedAt")]
    """When the project last changed."""


class ProjectStats(WireModel):
    """Counts over the projects of a `projectsUpdate`."""

    total_projects: Annotated[Count, Field(alias="totalProjects")]
    """How many projects there are."""
    active_projects: Annotated[Count, Field(alias="activeProjects")]
    """How many have action ``active``."""
    connected_projects: Annotated[Count, Field(alias="connectedProjects")]
    """How many have ``ws_connected`` true."""

    @classmethod
    def of(cls, projects: Iterable[ProjectInfo]) -> "ProjectStats":
        """The stats of ``projects``, computed."""
        total = active = connected = 0
        for project in projects:
            total += 1
            active += project.action == "active"
            connected += project.ws_connected
        return cls(total_projects=total, active_projects=active, connected_projects=connected)


class ProjectsUpdatePayload(WireModel):
    """Payload of `projectsUpdate`: a snapshot of every project."""

    type: Literal["allProjects"]
    """Always ``allProjects``: the snapshot is complete."""
    # fail_fast: a 1 MiB frame of `{}` items would otherwise cost millions of errors
    # (seconds and gigabytes); the first bad project is reported, and that is enough.
    data: Annotated[list[ProjectInfo], Field(fail_fast=True)]
    """Every project the server knows."""
    stats: ProjectStats
    """Counts over `data`."""
    timestamp: Timestamp
    """When the server sent the message."""
    triggered_by: Annotated[NonEmptyStr, Field(alias="triggeredBy")]
    """The project id whose change caused the update, or ``system``."""

    @field_validator("data", mode="after")
    @classmethod
    def _finite_callers(cls, data: list[ProjectInfo], info: ValidationInfo) -> list[ProjectInfo]:
        # pydantic-core's JSON parser reads NaN, Infinity and 1e400 into a `caller`
        # (its `Any`) without complaint; one pass here keeps them off the models. Built
        # from Python, each caller was already checked on its own.
        if info.mode == "json" and has_non_finite_number([project.caller for project in data]):
            raise ValueError("JSON numbers must be finite (no NaN or Infinity)")
        return data


class ProjectsUpdateMessage(WireModel):
    """Server → client: the full list of projects, with stats."""

    event: Literal["projectsUpdate"] = "projectsUpdate"
    """The event name, the union's discriminator."""
    payload: ProjectsUpdatePayload
    """The snapshot."""

    @classmethod
    def from_projects(
        cls,
        projects: Iterable[ProjectInfo],
        *,
        triggered_by: str = "system",
        timestamp: datetime | None = None,
    ) -> "ProjectsUpdateMessage":
        """The `projectsUpdate` of ``projects``, stats computed.

        Args:
            projects: The projects, in the order the dashboard should list them.
            triggered_by: The project id that caused the update, or ``system``.
            timestamp: When it is sent; defaults to now.
        """
        data = list(projects)
        return cls(
            payload=ProjectsUpdatePayload(
                type="allProjects",
                data=data,
                stats=ProjectStats.of(data),
                timestamp=_now() if timestamp is None else timestamp,
                triggered_by=triggered_by,
            )
        )


class ProjectStatusChange(WireModel):
    """A project's action changed (the `data` of `projectStatusChange`)."""

    project_id: Annotated[NonEmptyStr, Field(alias="projectId")]
    """The project's id."""
    old_action: Annotated[str, Field(alias="oldAction")]
    """The action before (the spec types it as any string)."""
    new_action: Annotated[str, Field(alias="newAction")]
    """The action after (the spec types it as any string)."""
    changed_at: Annotated[Timestamp, Field(alias="changedAt")]
    """When it changed."""


class ProjectStatusChangePayload(WireModel):
    """Payload of `projectStatusChange`."""

    data: ProjectStatusChange
    """The change."""
    timestamp: Timestamp
    """When the server sent the message."""


class ProjectStatusChangeMessage(WireModel):
    """Server → client: one project's action changed."""

    event: Literal["projectStatusChange"] = "projectStatusChange"
    """The event name, the union's discriminator."""
    payload: ProjectStatusChangePayload
    """The change."""

    @classmethod
    def from_change(
        cls, change: ProjectStatusChange, *, timestamp: datetime | None = None
    ) -> "ProjectStatusChangeMessage":
        """The `projectStatusChange` that announces ``change``.

        Args:
            change: The project and its old and new action.
            timestamp: When it is sent; defaults to now.
        """
        return cls(
            payload=ProjectStatusChangePayload(
                data=change, timestamp=_now() if timestamp is None else timestamp
            )
        )


class ErrorPayload(WireModel):
    """Payload of `error`."""

    error: str
    """A short machine-readable code, such as ``invalidPayload``."""
    message: str
    """What went wrong, for people."""
    timestamp: Timestamp
    """When the server sent the message."""


class ErrorMessage(WireModel):
    """Server → client: a request could not be handled."""

    event: Literal["error"] = "error"
    """The event name, the union's discriminator."""
    payload: ErrorPayload
    """What went wrong."""

    @classmethod
    def from_error(
        cls, error: str, message: str, *, timestamp: datetime | None = None
    ) -> "ErrorMessage":
        """The `error` event with this code and explanation (`ProtocolError.to_message`
        builds it from a rejected message).

        Args:
            error: A short machine-readable code, such as ``invalidPayload``.
            message: What went wrong, for people.
            timestamp: When it is sent; defaults to now.
        """
        return cls(
            payload=ErrorPayload(
                error=error, message=message, timestamp=_now() if timestamp is None else timestamp
            )
        )


# --------------------------------------------------------------------------- the unions

ClientToServerMessage = Annotated[
    Union[StartOutboundMessage, StopOutboundMessage],  # noqa: UP007 (runtime alias on 3.10)
    Field(discriminator="event"),
]
"""Any message a dashboard sends to the server."""

ServerToClientMessage = Annotated[
    Union[ProjectsUpdateMessage, ProjectStatusChangeMessage, ErrorMessage],  # noqa: UP007 (runtime alias on 3.10)
    Field(discriminator="event"),
]
"""Any message the server sends to a dashboard."""

Message = Union[  # noqa: UP007 (runtime alias on 3.10)
    StartOutboundMessage,
    StopOutboundMessage,
    ProjectsUpdateMessage,
    ProjectStatusChangeMessage,
    ErrorMessage,
]
"""Any message of either direction."""

ClientEvent = Literal["startOutbound", "stopOutbound"]
"""The events a dashboard sends."""

ServerEvent = Literal["projectsUpdate", "projectStatusChange", "error"]
"""The events the server sends."""


def _registry(union: Any) -> Mapping[str, type[WireModel]]:
    members: tuple[type[WireModel], ...] = get_args(get_args(union)[0])
    return {member.model_fields["event"].default: member for member in members}


CLIENT_TO_SERVER_EVENTS: Mapping[str, type[WireModel]] = _registry(ClientToServerMessage)
"""Each client → server event name and its message model, in protocol order."""

SERVER_TO_CLIENT_EVENTS: Mapping[str, type[WireModel]] = _registry(ServerToClientMessage)
"""Each server → client event name and its message model, in protocol order."""

assert tuple(CLIENT_TO_SERVER_EVENTS) == get_args(ClientEvent), "ClientEvent is out of date"  # noqa: S101 (import-time consistency check)
assert tuple(SERVER_TO_CLIENT_EVENTS) == get_args(ServerEvent), "ServerEvent is out of date"  # noqa: S101 (import-time consistency check)
