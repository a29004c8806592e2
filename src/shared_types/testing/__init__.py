"""Hypothesis strategies for the protocol: valid messages, valid and invalid wire texts.

Needs the ``hypothesis`` extra (``pip install 'shared-types[hypothesis]'``)::

    from hypothesis import given
    from shared_types import encode, parse_client_message
    from shared_types.testing import client_messages

    @given(client_messages())
    def test_round_trip(message):
        assert parse_client_message(encode(message)) == message

Installing the package also registers a strategy for every model with hypothesis, so
``st.from_type(StartOutboundMessage)`` and ``st.from_type(ServerToClientMessage)`` work
without importing this module.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401 (imported to fail early with the install command)
except ImportError as error:  # pragma: no cover (tested in a subprocess)
    raise ImportError(
        "shared_types.testing needs hypothesis: pip install hypothesis "
        "(or install shared-types with its 'hypothesis' extra)"
    ) from error

from ._invalid import InvalidWireMessage, invalid_wire_messages
from ._respellings import Sender, wire_messages
from ._strategies import (
    ProjectCount,
    ProjectIds,
    client_messages,
    json_values,
    messages,
    model_strategy,
    project_infos,
    server_messages,
    strings,
    timestamps,
)

__all__ = [
    "InvalidWireMessage",
    "ProjectCount",
    "ProjectIds",
    "Sender",
    "client_messages",
    "invalid_wire_messages",
    "json_values",
    "messages",
    "model_strategy",
    "project_infos",
    "server_messages",
    "strings",
    "timestamps",
    "wire_messages",
]
