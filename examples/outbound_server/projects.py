"""What a project becomes when a dashboard starts it: the server's only business rules.

The projects themselves live in the kit's `Hub` (in memory, or in Redis with
``--redis``), kept as the protocol's own `ProjectInfo` models with their real access
tokens; the library masks the token whenever a `ProjectInfo` is encoded.
"""

from __future__ import annotations

from datetime import datetime

from shared_types import OutboundProjectConfig, ProjectInfo, ProjectStatusChange

__all__ = ["started", "status_change"]


def started(
    config: OutboundProjectConfig, *, access_token: str, old: ProjectInfo | None, now: datetime
) -> ProjectInfo:
    """The project after a ``startOutbound``: new, or re-activated with ``config``.

    Args:
        config: The ``project`` of the ``startOutbound``.
        access_token: The token its credentials were exchanged for.
        old: The project as it was, if it ran already (its creation time and stats stay).
        now: The time of the change.
    """
    return ProjectInfo(
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


def status_change(old: ProjectInfo | None, new: ProjectInfo) -> ProjectStatusChange | None:
    """The change of action (``init`` → ``active``…); None if new or the same action."""
    if old is None or old.action == new.action:
        return None
    return ProjectStatusChange(
        project_id=new.project_id,
        old_action=old.action,
        new_action=new.action,
        changed_at=new.updated_at,
    )
