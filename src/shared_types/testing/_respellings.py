"""Valid wire texts, in every spelling the parsers must accept.

A text starts as a generated message's canonical encoding; its timestamps and
integers are respelled where the contract says they are (other offsets, more
fraction digits, ``5.0``), and `write` varies the rest.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Collection
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, NamedTuple

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from shared_types import Message, encode
from shared_types._timestamps import TIMESTAMP_PATTERN

from ._shape import spots
from ._strategies import client_messages, server_messages
from ._writer import Raw, styles, write

__all__ = [
    "Sender",
    "WireCase",
    "as_received",
    "document_of",
    "messages_of",
    "respell",
    "wire_cases",
    "wire_messages",
]

Sender = Literal["client", "server"]
"""Who writes the texts: ``client`` for what `parse_client_message` reads (a dashboard
sends it), ``server`` for what `parse_server_message` reads."""


class WireCase(NamedTuple):
    """A valid wire text and the message it must parse to (tokens masked)."""

    text: str
    message: Message


def _respell_timestamp(canonical: str, rnd: random.Random) -> str:
    instant = datetime.strptime(canonical, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    minutes = rnd.choice((0, 0, rnd.randint(-(24 * 60 - 1), 24 * 60 - 1), -1, 1, 330, -570, 840))
    try:
        local = instant + timedelta(minutes=minutes)
    except OverflowError:
        local, minutes = instant, 0
    milliseconds = canonical[20:23]
    fraction = rnd.choice(
        (
            "." + milliseconds,
            "."
            + milliseconds
            + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 9))),
            ("." + milliseconds.rstrip("0")).rstrip("."),
            "." + milliseconds + "000000",
        )
    )
    if minutes == 0:
        offset = rnd.choice(("Z", "z", "+00:00", "-00:00"))
    else:
        sign = "-" if minutes < 0 else "+"
        offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d}{rnd.choice('Tt')}"
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}{fraction}{offset}"
    )
    # The contract refuses some offsets near the ends of years 1-9999 (TIMESTAMP_PATTERN):
    # ask the contract itself, and spell such an instant as it is.
    return text if re.fullmatch(TIMESTAMP_PATTERN, text) else canonical


def _respell_integer(value: int, rnd: random.Random) -> Raw:
    forms = [str(value), f"{value}.0", f"{value}.000", f"{value}e0", f"{value}E+0"]
    if value == 0:
        forms += ["-0", "-0.0", "0e5", "0E-5", "0.0e-1"]
    else:
        forms.append(f"{value}0e-1")
    if value and value % 10 == 0:
        forms.append(f"{value // 10}e1")
    return Raw(rnd.choice(forms))


def document_of(message: Message) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(encode(message))
    return document


def respell(document: dict[str, Any], model: str, rnd: random.Random) -> None:
    for spot in list(spots(document, model)):
        value = spot.container[spot.key]
        if spot.shape.kind == "timestamp" and rnd.random() < 0.7:
            spot.container[spot.key] = _respell_timestamp(value, rnd)
        elif spot.shape.kind == "int" and rnd.random() < 0.5:
            spot.container[spot.key] = _respell_integer(value, rnd)


def as_received(message: Message) -> Message:
    """``message`` as a peer parses it: every access token is ``***``."""
    payload = message.payload
    data = getattr(payload, "data", None)
    if not isinstance(data, list):
        return message
    projects = [
        project
        if project.access_token is None
        else project.model_copy(update={"access_token": "***"})
        for project in data
    ]
    return message.model_copy(update={"payload": payload.model_copy(update={"data": projects})})


def messages_of(direction: Sender, events: Collection[str] | None = None) -> st.SearchStrategy[Any]:
    if direction == "client":
        return client_messages(events=events)
    if direction == "server":
        return server_messages(events=events)
    raise InvalidArgument(f"direction must be 'client' or 'server', not {direction!r}")


@st.composite
def _wire_case(draw: st.DrawFn, messages: st.SearchStrategy[Any]) -> WireCase:
    message = draw(messages)
    style = draw(styles())
    document = document_of(message)
    respell(document, type(message).__name__, style.rnd)
    text = style.space() + write(document, style) + style.space()
    return WireCase(text, as_received(message))


def wire_cases(
    direction: Sender, *, events: Collection[str] | None = None
) -> st.SearchStrategy[WireCase]:
    """Valid wire texts with the message each must parse to."""
    return _wire_case(messages_of(direction, events))


def wire_messages(
    direction: Sender, *, events: Collection[str] | None = None
) -> st.SearchStrategy[str]:
    """Valid wire texts for one direction, in every spelling the parsers must accept.

    Besides canonical text: timestamps in other offsets (``+05:30``, ``-00:00``, ``z``),
    lower-case ``t``, more or fewer fraction digits; integers as ``5.0``, ``5e0``,
    ``-0``; whitespace between tokens, any key order, ``\\u`` escapes and ``\\/``.

    Args:
        direction: ``client`` for what `parse_client_message` reads, ``server`` for
            `parse_server_message`.
        events: Only these events; default: every event of the direction.
    """
    return wire_cases(direction, events=events).map(lambda case: case.text)
