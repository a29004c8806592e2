"""The handlers: one per event a dashboard sends, on the kit's `Router` and `Hub`.

The kit does the rest: parsing, answering every rejected frame with an ``error`` event
to its sender only, coalesced broadcasts, slow and hostile clients.

Error codes sent in ``error`` events, beyond the library's (`shared_types.ERROR_CODES`):
    unknownProject: ``stopOutbound`` named a project the server does not run.
    internalError: the server failed unexpectedly (a bug, an outage); the details go to
        the server's log, never to the dashboard (`shared_types.server.INTERNAL_ERROR`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Final

from shared_types import StartOutboundMessage, StopOutboundMessage
from shared_types.server import Client, Hub, Refused, Router, shown

from .projects import started, status_change
from .tokens import TokenExchange, fake_token_exchange

__all__ = ["UNKNOWN_PROJECT", "outbound_router"]

UNKNOWN_PROJECT: Final = "unknownProject"

log = logging.getLogger("outbound_server")


def outbound_router(hub: Hub, *, exchange_token: TokenExchange = fake_token_exchange) -> Router:
    """The example backend's handlers, sharing ``hub``'s projects and dashboards."""

    async def start(message: StartOutboundMessage, client: Client) -> None:
        config = message.payload.project
        token = await exchange_token(config.client_id, config.client_secret)
        old = await hub.get(config.project_id)
        project = started(config, access_token=token, old=old, now=datetime.now(timezone.utc))
        await hub.put(project)  # every dashboard gets the snapshot
        change = status_change(old, project)
        if change is not None:
            hub.status_changed(change)  # ... then the change, in that order
        log.info("project %s started, action %s", shown(config.project_id), config.action)

    async def stop(message: StopOutboundMessage, client: Client) -> None:
        project_id = message.payload.project.project_id
        if await hub.remove(project_id) is None:
            raise Refused(UNKNOWN_PROJECT, f"No project {shown(project_id)} is running")
        log.info("project %s stopped", shown(project_id))

    return Router({"startOutbound": start, "stopOutbound": stop})
