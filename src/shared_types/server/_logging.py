"""Logging what clients send: escaped, cut short, and at a bounded rate."""

from __future__ import annotations

import logging
from typing import Final

from ._bucket import TokenBucket

__all__ = ["MAX_SHOWN", "RateLimitedLog", "connections", "log", "rejections", "shown"]

MAX_SHOWN: Final = 64
"""Untrusted text is cut to this many characters in the log."""


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    """Untrusted text as a quoted, escaped string safe for one log line.

    Control characters (a newline that would forge a log line, an ANSI escape) and
    non-ASCII characters are written as Python escapes; the text is cut to ``limit``.
    """
    cut = text[:limit].encode("unicode_escape").decode("ascii").replace("'", "\\'")
    return f"'{cut}'" + ("…" if len(text) > limit else "")


class RateLimitedLog:
    """A logger that writes at most ``burst`` records, then ``per_second``; counts the rest.

    The count of dropped records is written with the next record that gets through.
    """

    def __init__(self, logger: logging.Logger, *, per_second: float = 5, burst: int = 20) -> None:
        self._logger = logger
        self._bucket = TokenBucket(per_second, burst)
        self.suppressed = 0

    def info(self, message: str, *args: object) -> None:
        """Log at INFO if the rate allows, else count it."""
        if not self._logger.isEnabledFor(logging.INFO):
            return
        if not self._bucket.take():
            self.suppressed += 1
            return
        if self.suppressed:
            message += " (%d similar records suppressed)"
            args = (*args, self.suppressed)
            self.suppressed = 0
        self._logger.info(message, *args)


log = logging.getLogger("shared_types.server")
"""The kit's logger."""

rejections = RateLimitedLog(log)
"""Invalid frames, from every connection: a flood from many clients is a few lines a second."""

connections = RateLimitedLog(log, per_second=20, burst=100)
"""Arrivals, departures and closes: a client may reconnect in a loop."""
