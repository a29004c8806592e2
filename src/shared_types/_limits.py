"""The default frame limit of each direction, sized to what that direction carries.

A dashboard sends one project's configuration at a time: a few hundred bytes. The server
sends the full list of projects in every ``projectsUpdate``: about 230 bytes a project
with short ids, so 1 MiB holds only some 4,500 projects. Each direction gets its own
limit instead of one size for both.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CLIENT_MAX_BYTES", "SERVER_MAX_BYTES", "text_exceeds"]

CLIENT_MAX_BYTES: Final = 16_384
"""Client → server: 16 KiB, some 40 times a ``startOutbound`` with long ids and a long secret.
The server kit's default limit for what a dashboard sends (after decompression)."""

SERVER_MAX_BYTES: Final = 16 * 1_048_576
"""Server → client: 16 MiB, a ``projectsUpdate`` of 10,000 projects with ids of up to
about 600 characters each. What a dashboard should accept from the server."""


def text_exceeds(text: str, max_bytes: int) -> bool:
    """Whether ``text`` is more than ``max_bytes`` bytes of UTF-8 (lone surrogates count
    as three, as they would be sent). A character is 1 to 4 bytes: only the ambiguous
    band is encoded."""
    size = len(text)
    if size * 4 <= max_bytes:
        return False
    return size > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes
