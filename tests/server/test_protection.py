"""Per-connection protection: frame limits, invalid-frame floods, safe and bounded logs."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from shared_types import CLIENT_MAX_BYTES, ErrorMessage
from shared_types.server import CLOSE_POLICY_VIOLATION, CLOSE_TOO_BIG, ConnectionLimits

from ._kit import (
    closed_with,
    dashboard,
    kit_server,
    receive,
    receive_update,
    run,
    start_frame,
)


async def count_errors(ws: ClientConnection, errors: list[ErrorMessage]) -> None:
    while True:
        reply = await receive(ws)
        assert isinstance(reply, ErrorMessage)
        errors.append(reply)


async def round_trip(ws: ClientConnection) -> float:
    """Send an invalid frame, wait for its error; the seconds it took."""
    began = time.perf_counter()
    await ws.send("{")
    reply = await receive(ws)
    assert isinstance(reply, ErrorMessage)
    return time.perf_counter() - began


def test_a_flood_of_invalid_frames_is_answered_a_few_times_then_closed() -> None:
    limits = ConnectionLimits(invalid_burst=5, invalid_per_second=0.001)

    async def scenario() -> None:
        async with (
            kit_server(limits=limits) as (_, url),
            dashboard(url) as flooder,
            dashboard(url) as bystander,
        ):
            await receive_update(flooder)
            await receive_update(bystander)
            for _ in range(200):
                await flooder.send("{]")
            errors: list[ErrorMessage] = []
            with pytest.raises(ConnectionClosed) as closed:
                await count_errors(flooder, errors)
            assert len(errors) == 5
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == CLOSE_POLICY_VIOLATION
            await round_trip(bystander)  # its own budget, untouched

    run(scenario)


def test_frames_above_the_limit_get_an_error_and_far_above_it_a_close() -> None:
    limits = ConnectionLimits(max_bytes=1000)

    async def scenario() -> None:
        async with kit_server(limits=limits) as (_, url), dashboard(url) as ws:
            await receive_update(ws)
            await ws.send(start_frame("p-1") + " " * 1000)
            reply = await receive(ws)
            assert isinstance(reply, ErrorMessage)
            assert reply.payload.error == "messageTooLarge"
            await ws.send(start_frame("p-1") + " " * 2000)  # above 2 x max_bytes
            assert await closed_with(ws) == CLOSE_TOO_BIG

    run(scenario)


def test_the_default_client_limit_is_small() -> None:
    assert ConnectionLimits().max_bytes == CLIENT_MAX_BYTES == 16_384


def test_a_compressed_bomb_is_refused_at_once_and_others_are_unaffected() -> None:
    # 2,600 arrays nested 190 deep under an unknown key: 1 MiB once inflated, a few KB
    # compressed (the websockets client negotiates permessage-deflate by default).
    bomb = '{"event":"startOutbound","payload":{"x":[' + ("[" * 190 + "]" * 190 + ",") * 2600
    bomb = bomb[:-1] + "]}}"
    assert len(bomb) > 990_000

    async def scenario() -> None:
        async with (
            kit_server() as (_, url),
            dashboard(url) as attacker,
            dashboard(url) as bystander,
        ):
            await receive_update(attacker)
            await receive_update(bystander)
            await attacker.send(bomb)
            assert await closed_with(attacker) == CLOSE_TOO_BIG
            await round_trip(bystander)

    run(scenario)


def test_a_close_reason_cannot_forge_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with kit_server() as (_, url), dashboard(url) as ws:
            await receive_update(ws)
            await ws.close(4321, "bye\nERROR forged: admin logged in \x1b[31m")
            await asyncio.sleep(0.2)

    with caplog.at_level(logging.INFO, logger="shared_types.server"):
        run(scenario)
    left = [record.getMessage() for record in caplog.records if " left: " in record.getMessage()]
    assert len(left) == 1
    assert "\n" not in left[0]
    assert "\x1b" not in left[0]
    assert "bye\\nERROR forged" in left[0]


def test_logging_of_invalid_frames_is_rate_limited(caplog: pytest.LogCaptureFixture) -> None:
    limits = ConnectionLimits(invalid_burst=1000, invalid_per_second=1000)

    async def scenario() -> float:
        began = time.monotonic()
        async with kit_server(limits=limits) as (_, url), dashboard(url) as ws:
            await receive_update(ws)
            for _ in range(200):
                await ws.send("nope")
            for _ in range(200):
                await receive(ws)
        return time.monotonic() - began

    with caplog.at_level(logging.INFO, logger="shared_types.server"):
        elapsed = run(scenario)
    logged = [r for r in caplog.records if "sent an invalid message" in r.getMessage()]
    # A burst of 20, then 5 a second (the limiter may be partly spent by earlier tests).
    assert len(logged) <= 20 + 5 * elapsed + 1
    assert len(logged) < 200
