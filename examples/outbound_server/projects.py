"""The projects the server runs: its whole state, held as the protocol's own models.

The registry keeps each project's real access token in its `ProjectInfo`; the library
masks it whenever a `ProjectInfo` is encoded, so no broadcast can leak it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from shared_types import (
    OutboundProjectConfig,
    ProjectInfo,
    ProjectStatusChange,
    ProjectsUpdateMessage,
)

__all__ = ["ProjectRegistry", "UnknownProjectError"]


class UnknownProjectError(LookupError):
    """A request named a project the server does not run.

    Attributes:
        project_id: The id the request named.
    """

    def __init__(self, project_id: str) -> None:
        super().__init__(project_id)
        self.project_id = project_id


class ProjectRegistry:
    """The running projects, by id, in the order they were first started."""

    def __init__(self) -> None:
        self._projects: dict[str, ProjectInfo] = {}

    def snapshot(self, *, triggered_by: str = "system") -> ProjectsUpdateMessage:
        """The `projectsUpdate` a dashboard needs to show every project, stats included."""
        return ProjectsUpdateMessage.from_projects(
            self._projects.values(), triggered_by=triggered_by
        )

    def start(
        self, config: OutboundProjectConfig, *, access_token: str
    ) -> ProjectStatusChange | None:
        """Register the project, or re-activate it with the new configuration.

        Args:
            config: The ``project`` of a ``startOutbound``.
            access_token: The token its credentials were exchanged for.

        Returns:
            The change when an existing project's action changed (``init`` → ``active``…),
            else None (a new project, or the same action again).
        """
        now = datetime.now(timezone.utc)
        old = self._projects.get(config.project_id)
        project = ProjectInfo(
            project_id=config.project_id,
            call_flow_id=config.call_flow_id,
            action=config.action,
            client_id=config.client_id,
            agent_quantity=0 if old is None else old.agent_quantity,
            caller=None if old is None else old.caller,
            access_token=access_token,
            # Simulated: an active project holds its telephony WebSocket open.
            ws_connected=config.action == "active",
            created_at=now if old is None else old.created_at,
            updated_at=now,
        )
        self._projects[config.project_id] = project
        if old is None or old.action == project.action:
            return None
        return ProjectStatusChange(
            project_id=project.project_id,
            old_action=old.action,
            new_action=project.action,
            changed_at=now,
        )

    def stop(self, project_id: str) -> None:
        """Remove a project.

        Raises:
            UnknownProjectError: No project has this id.
        """
        if self._projects.pop(project_id, None) is None:
            raise UnknownProjectError(project_id)
