"""Sample messages for the tests: valid wire documents of every event, to mutate, and
valid models built in Python (`project`), so no test builds its own by hand."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any

from shared_types import ProjectInfo

SECRET = "s3cr3t-VALUE-never-echoed"
TOKEN = "tok-REAL-never-on-the-wire"

START: dict[str, Any] = {
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
STOP: dict[str, Any] = {"event": "stopOutbound", "payload": {"project": {"projectId": "p-1"}}}
PROJECT: dict[str, Any] = {
    "projectId": "p-1",
    "callFlowId": "cf-1",
    "action": "active",
    "client_id": "c-1",
    "agentQuantity": 3,
    "caller": {"number": "+886212345678", "tags": ["vip", 3, None, 1.5, True]},
    "access_token": "***",
    "ws_connected": True,
    "createdAt": "2025-01-15T08:00:00.000Z",
    "updatedAt": "2025-01-15T08:30:00.000Z",
}
UPDATE: dict[str, Any] = {
    "event": "projectsUpdate",
    "payload": {
        "type": "allProjects",
        "data": [PROJECT],
        "stats": {"totalProjects": 1, "activeProjects": 1, "connectedProjects": 1},
        "timestamp": "2025-01-15T08:30:00.123Z",
        "triggeredBy": "system",
    },
}
STATUS: dict[str, Any] = {
    "event": "projectStatusChange",
    "payload": {
        "data": {
            "projectId": "p-1",
            "oldAction": "init",
            "newAction": "active",
            "changedAt": "2025-01-15T08:30:00.000Z",
        },
        "timestamp": "2025-01-15T08:30:00.001Z",
    },
}
ERROR: dict[str, Any] = {
    "event": "error",
    "payload": {"error": "invalidPayload", "message": "m", "timestamp": "2025-01-15T08:30:00.000Z"},
}
CLIENT_DOCS = {"startOutbound": START, "stopOutbound": STOP}
SERVER_DOCS = {"projectsUpdate": UPDATE, "projectStatusChange": STATUS, "error": ERROR}


def doc(base: dict[str, Any]) -> dict[str, Any]:
    """A deep copy, safe to mutate."""
    return copy.deepcopy(base)


def text(document: Any) -> str:
    return json.dumps(document)


def set_at(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``document`` with the value at dotted ``path`` replaced (list indexes are numbers)."""
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return document


def drop_at(document: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    del node[last]
    return document


def project(**changes: Any) -> ProjectInfo:
    """A valid `ProjectInfo` as a backend builds it (real token, timestamps in two offsets),
    with fields replaced by Python name."""
    fields: dict[str, Any] = {
        "project_id": "p-1",
        "call_flow_id": "cf-1",
        "action": "active",
        "client_id": "c-1",
        "agent_quantity": 2,
        "caller": {"number": "+886"},
        "access_token": TOKEN,
        "ws_connected": True,
        "created_at": datetime(2025, 1, 15, 16, 0, tzinfo=timezone(timedelta(hours=8))),
        "updated_at": datetime(2025, 1, 15, 8, 30, 0, 123456, tzinfo=timezone.utc),
    }
    fields.update(changes)
    return ProjectInfo(**fields)
