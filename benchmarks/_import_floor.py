"""The floor of the import target: fifteen plain pydantic models and nothing else.

The protocol's models as plain `pydantic.BaseModel` subclasses, their schemas deferred as the
library's are: the same classes, the same 46 fields with their aliases and constraints, none of
the library's own types, validators, serializers, docstrings or contract. What pydantic alone
costs to define them at import; `benchmarks/import_time.py --floor` times it beside
``import shared_types``. Never imported by the library or its tests.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class B(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid", strict=True)


NonEmpty = Annotated[str, Field(min_length=1)]
Action = Literal["init", "active"]


class OutboundProjectConfig(B):
    call_flow_id: Annotated[NonEmpty, Field(alias="callFlowId")]
    project_id: Annotated[NonEmpty, Field(alias="projectId")]
    client_id: NonEmpty
    client_secret: NonEmpty
    action: Action
    error: str | None


class StartOutboundPayload(B):
    project: OutboundProjectConfig


class StartOutboundMessage(B):
    event: Literal["startOutbound"] = "startOutbound"
    payload: StartOutboundPayload


class ProjectRef(B):
    project_id: Annotated[NonEmpty, Field(alias="projectId")]


class StopOutboundPayload(B):
    project: ProjectRef


class StopOutboundMessage(B):
    event: Literal["stopOutbound"] = "stopOutbound"
    payload: StopOutboundPayload


class ProjectInfo(B):
    project_id: Annotated[NonEmpty, Field(alias="projectId")]
    call_flow_id: Annotated[NonEmpty, Field(alias="callFlowId")]
    action: Action
    client_id: NonEmpty
    agent_quantity: Annotated[int, Field(alias="agentQuantity", ge=0)]
    caller: Any
    access_token: str | None
    ws_connected: bool
    created_at: Annotated[datetime, Field(alias="createdAt")]
    updated_at: Annotated[datetime, Field(alias="updatedAt")]


class ProjectStats(B):
    total_projects: Annotated[int, Field(alias="totalProjects", ge=0)]
    active_projects: Annotated[int, Field(alias="activeProjects", ge=0)]
    connected_projects: Annotated[int, Field(alias="connectedProjects", ge=0)]


class ProjectsUpdatePayload(B):
    type: Literal["allProjects"]
    data: Annotated[list[ProjectInfo], Field(fail_fast=True)]
    stats: ProjectStats
    timestamp: datetime
    triggered_by: Annotated[NonEmpty, Field(alias="triggeredBy")]


class ProjectsUpdateMessage(B):
    event: Literal["projectsUpdate"] = "projectsUpdate"
    payload: ProjectsUpdatePayload


class ProjectStatusChange(B):
    project_id: Annotated[NonEmpty, Field(alias="projectId")]
    old_action: Annotated[str, Field(alias="oldAction")]
    new_action: Annotated[str, Field(alias="newAction")]
    changed_at: Annotated[datetime, Field(alias="changedAt")]


class ProjectStatusChangePayload(B):
    data: ProjectStatusChange
    timestamp: datetime


class ProjectStatusChangeMessage(B):
    event: Literal["projectStatusChange"] = "projectStatusChange"
    payload: ProjectStatusChangePayload


class ErrorPayload(B):
    error: str
    message: str
    timestamp: datetime


class ErrorMessage(B):
    event: Literal["error"] = "error"
    payload: ErrorPayload
