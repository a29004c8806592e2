"""A FastAPI body typed with a protocol model refuses what the parser refuses.

FastAPI validates a JSON body with the model itself: whatever `parse_*` rejects as
``invalidPayload`` must come back as 422, over a real socket (uvicorn on loopback).
As with ``model_validate``, a real ``access_token`` is allowed in a body: it is the
Python side's own value, not the wire's.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from hypothesis import given, settings

from shared_types import ProjectsUpdateMessage, StartOutboundMessage, StopOutboundMessage
from shared_types.testing._invalid import InvalidCase, invalid_wire_cases

# FastAPI wraps a body's model in `Annotated[Model, Body(alias=...)]`, and pydantic warns
# that such an alias does nothing there: FastAPI's own business, for any model.
pytestmark = pytest.mark.filterwarnings(
    "ignore::pydantic.warnings.UnsupportedFieldAttributeWarning"
)

app = FastAPI()


@app.post("/startOutbound")
def start(message: StartOutboundMessage) -> dict[str, str]:
    return {"projectId": message.payload.project.project_id}


@app.post("/stopOutbound")
def stop(message: StopOutboundMessage) -> dict[str, str]:
    return {"projectId": message.payload.project.project_id}


@app.post("/projectsUpdate")
def update(message: ProjectsUpdateMessage) -> dict[str, int]:
    return {"projects": len(message.payload.data)}


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def _post(base_url: str, event: str, text: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (our own loopback server)
        f"{base_url}/{event}",
        data=text.encode("utf-8", "surrogatepass"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


def _event(case: InvalidCase) -> str | None:
    try:
        event: Any = json.loads(case.text)["event"]
    except (ValueError, KeyError, TypeError):
        return None
    return event if event in {"startOutbound", "stopOutbound", "projectsUpdate"} else None


def _check(base_url: str, case: InvalidCase) -> None:
    event = _event(case)
    if event is None or case.path[-1:] == ("access_token",):
        return  # another route, or a real token, which Python objects may hold
    assert _post(base_url, event, case.text) == 422, case.how


def test_a_valid_body_is_read(base_url: str) -> None:
    text = '{"event":"stopOutbound","payload":{"project":{"projectId":"p-1"}}}'
    assert _post(base_url, "stopOutbound", text) == 200
    assert _post(base_url, "stopOutbound", text.replace("projectId", "project_id")) == 422


def test_client_payloads_the_parser_rejects_fastapi_rejects(base_url: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(invalid_wire_cases("client", codes=["invalidPayload"]))
    def check(case: InvalidCase) -> None:
        _check(base_url, case)

    check()


def test_server_payloads_the_parser_rejects_fastapi_rejects(base_url: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(invalid_wire_cases("server", codes=["invalidPayload"]))
    def check(case: InvalidCase) -> None:
        _check(base_url, case)

    check()
