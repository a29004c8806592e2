"""The default frame limit of each direction fits what that direction carries."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from shared_types import (
    CLIENT_MAX_BYTES,
    DEFAULT_MAX_BYTES,
    SERVER_MAX_BYTES,
    OutboundProjectConfig,
    ProjectInfo,
    ProjectsUpdateMessage,
    ProtocolError,
    StartOutboundMessage,
    StartOutboundPayload,
    encode,
    parse_server_message,
)


def test_a_snapshot_of_10000_projects_fits_the_server_limit() -> None:
    moment = datetime(2025, 1, 15, 8, 30, tzinfo=timezone.utc)
    projects = [
        ProjectInfo(
            project_id=str(uuid.UUID(int=index)),
            call_flow_id=str(uuid.UUID(int=index + 10**6)),
            action="active",
            client_id=f"client-{index:05}",
            agent_quantity=index,
            caller={"name": "a caller", "phone": "+33 1 23 45 67 89"},
            access_token="real-token",
            ws_connected=True,
            created_at=moment,
            updated_at=moment,
        )
        for index in range(10_000)
    ]
    frame = encode(ProjectsUpdateMessage.from_projects(projects))
    assert DEFAULT_MAX_BYTES < len(frame) < SERVER_MAX_BYTES // 2
    parsed = parse_server_message(frame, max_bytes=SERVER_MAX_BYTES)
    assert isinstance(parsed, ProjectsUpdateMessage)
    assert len(parsed.payload.data) == 10_000
    with pytest.raises(ProtocolError) as refused:
        parse_server_message(frame)  # the parsers' 1 MiB default is too small for it
    assert refused.value.code == "messageTooLarge"


def test_a_start_with_long_fields_fits_the_client_limit_many_times() -> None:
    config = OutboundProjectConfig(
        call_flow_id="f" * 256,
        project_id="p" * 256,
        client_id="c" * 256,
        client_secret="s" * 2048,  # a long JWT
        action="init",
        error="e" * 256,
    )
    frame = encode(StartOutboundMessage(payload=StartOutboundPayload(project=config)))
    assert len(frame) * 4 < CLIENT_MAX_BYTES
