"""shared-types: the dashboard's WebSocket protocol for Python.

Parse what a peer sent, build and encode what you send, and turn every rejected
input into the protocol's ``error`` event::

    from shared_types import ProtocolError, StartOutboundMessage, encode, parse_client_message

    try:
        message = parse_client_message(frame)
    except ProtocolError as error:
        reply = encode(error.to_message())
"""

from . import _hypothesis_hook
from ._codec import DEFAULT_MAX_BYTES, encode, parse_client_message, parse_server_message
from ._errors import ERROR_CODES, MAX_ERROR_DETAILS, ErrorCode, ErrorDetail, ProtocolError
from ._json_values import MAX_JSON_DEPTH
from ._limits import CLIENT_MAX_BYTES, SERVER_MAX_BYTES
from ._numbers import MAX_SAFE_INTEGER
from ._timestamps import format_timestamp, parse_timestamp
from ._version import PROTOCOL_VERSION, __version__
from .websocket import (
    CLIENT_TO_SERVER_EVENTS,
    SERVER_TO_CLIENT_EVENTS,
    ClientEvent,
    ClientToServerMessage,
    ErrorMessage,
    ErrorPayload,
    Message,
    OutboundProjectConfig,
    ProjectAction,
    ProjectInfo,
    ProjectRef,
    ProjectStats,
    ProjectStatusChange,
    ProjectStatusChangeMessage,
    ProjectStatusChangePayload,
    ProjectsUpdateMessage,
    ProjectsUpdatePayload,
    ServerEvent,
    ServerToClientMessage,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
)

__all__ = [
    "CLIENT_MAX_BYTES",
    "CLIENT_TO_SERVER_EVENTS",
    "DEFAULT_MAX_BYTES",
    "ERROR_CODES",
    "MAX_ERROR_DETAILS",
    "MAX_JSON_DEPTH",
    "MAX_SAFE_INTEGER",
    "PROTOCOL_VERSION",
    "SERVER_MAX_BYTES",
    "SERVER_TO_CLIENT_EVENTS",
    "ClientEvent",
    "ClientToServerMessage",
    "ErrorCode",
    "ErrorDetail",
    "ErrorMessage",
    "ErrorPayload",
    "Message",
    "OutboundProjectConfig",
    "ProjectAction",
    "ProjectInfo",
    "ProjectRef",
    "ProjectStats",
    "ProjectStatusChange",
    "ProjectStatusChangeMessage",
    "ProjectStatusChangePayload",
    "ProjectsUpdateMessage",
    "ProjectsUpdatePayload",
    "ProtocolError",
    "ServerEvent",
    "ServerToClientMessage",
    "StartOutboundMessage",
    "StartOutboundPayload",
    "StopOutboundMessage",
    "StopOutboundPayload",
    "__version__",
    "encode",
    "format_timestamp",
    "parse_client_message",
    "parse_server_message",
    "parse_timestamp",
]

# Hypothesis may have been imported first: its plugin then left the registration to us.
_hypothesis_hook.register_strategies_if_hypothesis_loaded()
