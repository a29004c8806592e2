"""The benchmark's inputs: realistic, deterministic wire messages (no randomness, no clock).

Every input is built from plain dicts and written with `json.dumps` in the library's
wire form (compact, UTF-8), so every candidate reads exactly the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = [
    "masked",
    "project_dicts",
    "projects_update_dict",
    "server_jsonl_lines",
    "start_outbound_dict",
    "wire_bytes",
]


def _timestamp(index: int) -> str:
    # Distinct, valid, canonical (`toISOString()`) timestamps spread over 2025.
    day = 1 + index % 28
    month = 1 + (index // 28) % 12
    seconds = (index * 7919) % 86_400
    hour, rest = divmod(seconds, 3600)
    minute, second = divmod(rest, 60)
    return f"2025-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{index % 1000:03d}Z"


def _caller(index: int) -> Any:
    """A caller as a backend holds it: mostly nested settings, sometimes null or a list."""
    kind = index % 10
    if kind == 0:
        return None
    if kind == 1:
        return [f"+88622{index:06d}", f"+88623{index:06d}"]
    return {
        "number": f"+8862{index:08d}",
        "name": f"Sales line {index}",
        "tags": ["vip", index % 7, None],
        "retry": {"max": 3, "backoffSeconds": 1.5, "enabled": index % 2 == 0},
        "weights": [0.25, 0.75],
    }


def project_dicts(count: int, *, token: str = "***") -> list[dict[str, Any]]:  # noqa: S107 (the mask, not a password)
    """``count`` projects as wire dicts; every third one has no access token (null)."""
    return [
        {
            "projectId": f"proj-{index:06d}",
            "callFlowId": f"cf-{index % 97:04d}",
            "action": "active" if index % 3 else "init",
            "client_id": f"client-{index:06d}",
            "agentQuantity": index % 50,
            "caller": _caller(index),
            "access_token": None if index % 3 == 0 else token,
            "ws_connected": index % 4 != 0,
            "createdAt": _timestamp(index),
            "updatedAt": _timestamp(index + 500),
        }
        for index in range(count)
    ]


def projects_update_dict(count: int, *, token: str = "***") -> dict[str, Any]:  # noqa: S107 (the mask, not a password)
    """A `projectsUpdate` of ``count`` projects, stats consistent with the data."""
    data = project_dicts(count, token=token)
    return {
        "event": "projectsUpdate",
        "payload": {
            "type": "allProjects",
            "data": data,
            "stats": {
                "totalProjects": count,
                "activeProjects": sum(p["action"] == "active" for p in data),
                "connectedProjects": sum(p["ws_connected"] for p in data),
            },
            "timestamp": "2025-01-15T08:30:00.123Z",
            "triggeredBy": "proj-000001" if count > 1 else "system",
        },
    }


def start_outbound_dict() -> dict[str, Any]:
    """A `startOutbound` as a dashboard sends it (about 300 bytes)."""
    return {
        "event": "startOutbound",
        "payload": {
            "project": {
                "callFlowId": "cf-2f9c1e7a-5b3d-4c8e-9a61-0d4b7e2c8f13",
                "projectId": "proj-8d2e6f1a-47b9-4c3d-a0e5-9b1c7d3f6a24",
                "client_id": "client-3a7f9c2e-1d4b-4e8a-b6c5-7f0e2d9a1b38",
                "client_secret": "s3cr3t-7Hq2xLp9Vb4nKd8Rz1Tw6Ym3Jc5Fg0Ae",
                "action": "init",
                "error": None,
            }
        },
    }


def masked(message: dict[str, Any]) -> dict[str, Any]:
    """A copy of a `projectsUpdate` dict with every token masked, as the wire shows it."""
    payload = message["payload"]
    data = [
        {**project, "access_token": None if project["access_token"] is None else "***"}
        for project in payload["data"]
    ]
    return {**message, "payload": {**payload, "data": data}}


def wire_bytes(message: dict[str, Any]) -> bytes:
    """The wire form: compact JSON, UTF-8."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()


def server_jsonl_lines(count: int) -> list[bytes]:
    """``count`` server → client frames, as a capture of a dashboard feed would hold them.

    Half are `projectStatusChange`, a third small `projectsUpdate` snapshots (1 to 3
    projects), the rest `error` events: each line a few hundred bytes.
    """
    lines = []
    for index in range(count):
        kind = index % 6
        if kind in (0, 1, 2):
            message: dict[str, Any] = {
                "event": "projectStatusChange",
                "payload": {
                    "data": {
                        "projectId": f"proj-{index:06d}",
                        "oldAction": "init",
                        "newAction": "active",
                        "changedAt": _timestamp(index),
                    },
                    "timestamp": _timestamp(index + 1),
                },
            }
        elif kind in (3, 4):
            message = projects_update_dict(1 + index % 3)
        else:
            message = {
                "event": "error",
                "payload": {
                    "error": "invalidPayload",
                    "message": "payload.project.action: Input should be 'init' or 'active'",
                    "timestamp": _timestamp(index),
                },
            }
        lines.append(wire_bytes(message))
    return lines
