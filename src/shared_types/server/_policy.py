"""What one connection may do: frame sizes, invalid frames, outgoing queue, close codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from shared_types import CLIENT_MAX_BYTES

__all__ = [
    "CLOSE_INTERNAL_ERROR",
    "CLOSE_POLICY_VIOLATION",
    "CLOSE_SLOW_CONSUMER",
    "CLOSE_TOO_BIG",
    "ConnectionLimits",
]

CLOSE_POLICY_VIOLATION: Final = 1008
"""Close code for a client that kept sending invalid frames (RFC 6455: policy violation)."""

CLOSE_INTERNAL_ERROR: Final = 1011
"""Close code when the server cannot serve a client, such as its back end being down."""

CLOSE_TOO_BIG: Final = 1009
"""Close code for a frame above the transport limit (RFC 6455: message too big)."""

CLOSE_SLOW_CONSUMER: Final = 4000
"""Close code for a client that does not read what it is sent fast enough: its outgoing
queue stayed over its bound, or one frame could not be written for ``send_timeout``."""


@dataclass(frozen=True)
class ConnectionLimits:
    """The per-connection protection of the server kit.

    Attributes:
        max_bytes: The largest client frame the parser reads (after decompression); above
            it the sender gets a ``messageTooLarge`` error and the connection lives on.
        frame_headroom: The transport refuses frames above ``max_bytes * frame_headroom``
            unread, by closing the connection (1009): moderately oversized frames get an
            answer, huge ones cost nothing.
        invalid_burst: Invalid frames answered with an ``error`` before the rate applies.
        invalid_per_second: Invalid frames answered per second after the burst; one more
            closes the connection with `CLOSE_POLICY_VIOLATION`.
        max_queued: Messages other than the one pending ``projectsUpdate`` that may wait
            for a connection; one more closes it with `CLOSE_SLOW_CONSUMER`.
        send_timeout: Seconds one frame may take to be written before the connection is
            closed with `CLOSE_SLOW_CONSUMER`.
    """

    max_bytes: int = CLIENT_MAX_BYTES
    frame_headroom: int = 2
    invalid_burst: int = 10
    invalid_per_second: float = 1.0
    max_queued: int = 256
    send_timeout: float = 30.0

    @property
    def transport_max_bytes(self) -> int:
        """The frame size above which the transport closes the connection unread."""
        return self.max_bytes * self.frame_headroom
