"""The same protocol written as msgspec Structs: the fastest validating peer.

As close to the library's rules as msgspec can say them: unknown fields rejected at
every level, non-empty ids, counts within 0..2**53-1, ``action`` a literal, the
envelope a union tagged on ``event``. Timestamps are the one deliberate difference in
kind: msgspec's own RFC 3339 reader (aware datetimes required) when decoding, the
already-canonical text when encoding (msgspec writes datetimes with microseconds,
not as ``toISOString()`` does).
"""

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

__all__ = ["DecodeProtocol", "EncodeProtocol"]

NonEmpty = Annotated[str, msgspec.Meta(min_length=1)]
Count = Annotated[int, msgspec.Meta(ge=0, le=2**53 - 1)]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


class _Options(msgspec.Struct, forbid_unknown_fields=True):
    pass


class OutboundProjectConfig(
    _Options, rename={"call_flow_id": "callFlowId", "project_id": "projectId"}
):
    call_flow_id: NonEmpty
    project_id: NonEmpty
    client_id: NonEmpty
    client_secret: NonEmpty
    action: Literal["init", "active"]
    error: str | None


class StartOutboundPayload(_Options):
    project: OutboundProjectConfig


class ProjectRef(_Options, rename={"project_id": "projectId"}):
    project_id: NonEmpty


class StopOutboundPayload(_Options):
    project: ProjectRef


class StartOutbound(_Options, tag_field="event", tag="startOutbound"):
    payload: StartOutboundPayload


class StopOutbound(_Options, tag_field="event", tag="stopOutbound"):
    payload: StopOutboundPayload


class ProjectStats(_Options, rename="camel"):
    total_projects: Count
    active_projects: Count
    connected_projects: Count


def _server_protocol(stamp: Any) -> tuple[type[msgspec.Struct], Any]:
    """The server → client structs with ``stamp`` as the type of every timestamp."""

    class ProjectInfo(
        _Options,
        rename={
            "project_id": "projectId",
            "call_flow_id": "callFlowId",
            "agent_quantity": "agentQuantity",
            "created_at": "createdAt",
            "updated_at": "updatedAt",
        },
    ):
        project_id: NonEmpty
        call_flow_id: NonEmpty
        action: Literal["init", "active"]
        client_id: NonEmpty
        agent_quantity: Count
        caller: Any
        access_token: str | None
        ws_connected: bool
        created_at: stamp
        updated_at: stamp

    class ProjectsUpdatePayload(_Options, rename={"triggered_by": "triggeredBy"}):
        type: Literal["allProjects"]
        data: list[ProjectInfo]
        stats: ProjectStats
        timestamp: stamp
        triggered_by: NonEmpty

    class ProjectsUpdate(_Options, tag_field="event", tag="projectsUpdate"):
        payload: ProjectsUpdatePayload

    class ProjectStatusChange(_Options, rename="camel"):
        project_id: NonEmpty
        old_action: str
        new_action: str
        changed_at: stamp

    class ProjectStatusChangePayload(_Options):
        data: ProjectStatusChange
        timestamp: stamp

    class ProjectStatusChangeMessage(_Options, tag_field="event", tag="projectStatusChange"):
        payload: ProjectStatusChangePayload

    class ErrorPayload(_Options):
        error: str
        message: str
        timestamp: stamp

    class ErrorMessage(_Options, tag_field="event", tag="error"):
        payload: ErrorPayload

    return ProjectsUpdate, ProjectsUpdate | ProjectStatusChangeMessage | ErrorMessage


class DecodeProtocol:
    """Reused decoders, timestamps read as aware datetimes."""

    def __init__(self) -> None:
        _, server = _server_protocol(AwareDatetime)
        client = StartOutbound | StopOutbound
        self.client = msgspec.json.Decoder(client)
        self.server = msgspec.json.Decoder(server)


class EncodeProtocol:
    """A reused encoder and the struct type of `projectsUpdate`, timestamps kept as text."""

    def __init__(self) -> None:
        projects_update, server = _server_protocol(str)
        self.projects_update = projects_update
        self.to_struct = msgspec.json.Decoder(server)
        self.encoder = msgspec.json.Encoder()
