"""Mistakes a type checker must report: each line marked ``# error`` is one."""

from __future__ import annotations

from datetime import datetime, timezone

from shared_types import ErrorPayload, ProjectInfo, ProjectRef, ProjectsUpdateMessage

NOW = datetime(2025, 1, 15, tzinfo=timezone.utc)

ProjectRef(projectId="p-1")  # error: the wire name is not a keyword
ProjectRef(project_id=5)  # error: not a string
ProjectRef()  # error: project_id is required
ErrorPayload(error="e", message="m")  # error: timestamp is required (use ErrorMessage.from_error)
ProjectsUpdateMessage.from_projects([], triggered_by=None)  # error: not a string


def read(project: ProjectInfo) -> None:
    text: str = project.created_at  # error: a datetime
    count: str = project.agent_quantity  # error: an int
    del text, count
