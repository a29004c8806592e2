"""Which names from the input an error may echo: plain names only, never a secret.

A sender can put anything where a key or an event name goes, a secret included
(a token pasted as a key, a secret sent as the event). An error names such a thing
only when it is *plainly* a name: a word or two, of ASCII letters, maybe joined by
``_`` or ``-``, maybe ending in up to three digits, few capitals, at most 32
characters (``launchRocket``, ``client_Id``, ``extra12``). Secrets are random: digits
inside, mixed case, length; each of those makes a name not shown (`NOT_SHOWN`).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["MAX_SHOWN_NAME", "NOT_SHOWN", "NOT_SHOWN_KEY", "is_plain_name"]

MAX_SHOWN_NAME: Final = 32
"""The longest name an error echoes."""

#: At most this many capitals: camelCase names have a few, random text has many.
_MAX_CAPITALS: Final = 4

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z_-]*[0-9]{0,3}", re.ASCII)

NOT_SHOWN: Final = "its name is not shown: it does not look like a plain name"
"""Said in place of an event name that is not plainly a name."""

NOT_SHOWN_KEY: Final = "a member whose name is not shown"
"""Said in place of an unexpected key that is not plainly a name."""


def is_plain_name(text: str) -> bool:
    """Whether ``text`` is plainly a name, never a secret-like value (see the module)."""
    return (
        len(text) <= MAX_SHOWN_NAME
        and _PLAIN.fullmatch(text) is not None
        and sum(char.isupper() for char in text) <= _MAX_CAPITALS
    )
