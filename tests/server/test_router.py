"""The router: typed handlers, checked complete; failures answered to the sender only."""

from __future__ import annotations

import logging

import pytest

from shared_types import (
    CLIENT_TO_SERVER_EVENTS,
    ErrorMessage,
    StartOutboundMessage,
    StopOutboundMessage,
)
from shared_types.server import INTERNAL_ERROR, Client, Handlers, Router

from ._kit import dashboard, kit_server, receive, receive_update, run, start_frame, stop_frame


async def on_start(message: StartOutboundMessage, client: Client) -> None:
    return None


async def on_stop(message: StopOutboundMessage, client: Client) -> None:
    return None


def test_handlers_has_one_key_per_client_event() -> None:
    assert Handlers.__required_keys__ == frozenset(CLIENT_TO_SERVER_EVENTS)
    assert not Handlers.__optional_keys__


def test_a_missing_handler_fails_at_start_up_and_for_the_type_checker() -> None:
    with pytest.raises(TypeError, match=r"missing \['stopOutbound'\]"):
        # mypy reports the missing key too: were it silent, this ignore would be unused,
        # and strict mypy (warn_unused_ignores) would fail the build.
        Router({"startOutbound": on_start})  # type: ignore[typeddict-item]


def test_a_handler_of_the_wrong_message_class_is_a_type_error() -> None:
    # A runtime check cannot see it; mypy must (see the ignore's comment above).
    Router({"startOutbound": on_stop, "stopOutbound": on_stop})  # type: ignore[typeddict-item]


def test_an_unknown_event_or_a_non_callable_fails_at_start_up() -> None:
    with pytest.raises(TypeError, match="launchOutbound"):
        Router(
            {"startOutbound": on_start, "stopOutbound": on_stop, "launchOutbound": on_start}  # type: ignore[typeddict-unknown-key]
        )
    with pytest.raises(TypeError, match="not callable"):
        Router({"startOutbound": on_start, "stopOutbound": "on_stop"})  # type: ignore[typeddict-item]


def test_each_handler_gets_its_own_message_class_through_a_real_socket() -> None:
    seen: list[tuple[str, str]] = []

    def make_router(hub: object) -> Router:
        async def start(message: StartOutboundMessage, client: Client) -> None:
            seen.append((type(message).__name__, message.payload.project.project_id))

        async def stop(message: StopOutboundMessage, client: Client) -> None:
            seen.append((type(message).__name__, message.payload.project.project_id))

        return Router({"startOutbound": start, "stopOutbound": stop})

    async def scenario() -> None:
        async with kit_server(make_router=make_router) as (_, url), dashboard(url) as ws:
            await receive_update(ws)
            await ws.send(start_frame("p-1"))
            await ws.send(stop_frame("p-2"))
            await ws.send("not json")  # answered after both were handled, in order
            reply = await receive(ws)
            assert isinstance(reply, ErrorMessage)

    run(scenario)
    assert seen == [("StartOutboundMessage", "p-1"), ("StopOutboundMessage", "p-2")]


def test_failures_go_to_the_sender_only(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with (
            kit_server() as (_, url),
            dashboard(url) as sender,
            dashboard(url) as bystander,
        ):
            await receive_update(sender)
            await receive_update(bystander)
            expected = [
                ("not json", "invalidJson"),
                ('{"event":"projectsUpdate","payload":{}}', "unknownEvent"),
                (stop_frame("nowhere"), "unknownProject"),  # a handler's Refused
                (start_frame("p-crash", client_id="crash"), INTERNAL_ERROR),
            ]
            for frame, code in expected:
                await sender.send(frame)
                reply = await receive(sender)
                assert isinstance(reply, ErrorMessage), reply
                assert reply.payload.error == code
                assert "handler bug" not in reply.payload.message
            # The bystander's next message is the sentinel's snapshot: nothing came before.
            await sender.send(start_frame("sentinel"))
            for ws in (sender, bystander):
                update = await receive_update(ws)
                assert [item.project_id for item in update.payload.data] == ["sentinel"]

    with caplog.at_level(logging.INFO, logger="shared_types.server"):
        run(scenario)
    assert "handler bug" in caplog.text  # the details are in the log, with the traceback
    assert "Traceback" in caplog.text
