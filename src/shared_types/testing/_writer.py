"""A small JSON writer that varies everything JSON leaves open.

Whitespace between tokens, key order (duplicates included, through `Pairs`), string
escapes (``\\u`` in either case, ``\\/``), and numbers spelled as given (`Raw`):
every text it writes means the document it was given.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from hypothesis import strategies as st

__all__ = ["Pairs", "Raw", "StringMode", "Style", "styles", "write", "write_string"]


class Raw(NamedTuple):
    """Text the writer copies as it is: an odd number spelling, or broken JSON."""

    text: str


class Pairs(NamedTuple):
    """An object written with these members in this order, duplicates included."""

    members: list[tuple[str, Any]]


_SPACES = ("", " ", "  ", "\n", "\t", "\r\n", " \n\t ")
_SHORT_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
StringMode = Literal["minimal", "ascii", "escaped", "mixed"]


@dataclass(frozen=True)
class Style:
    """How a document is written: all choices JSON leaves open."""

    rnd: random.Random
    spaced: bool
    shuffle: bool
    strings: StringMode

    def space(self) -> str:
        return self.rnd.choice(_SPACES) if self.spaced else ""


def _u_escape(character: str, upper: bool) -> str:
    code = ord(character)
    units: tuple[int, ...] = (code,)
    if code > 0xFFFF:
        code -= 0x10000
        units = (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF))
    text = "".join(f"\\u{unit:04x}" for unit in units)
    return text.upper().replace("\\U", "\\u") if upper else text


def write_string(text: str, style: Style) -> str:
    out = ['"']
    rnd, mode = style.rnd, style.strings
    for character in text:
        code = ord(character)
        if character in _SHORT_ESCAPES and (code >= 0x20 or mode != "escaped"):
            out.append(_SHORT_ESCAPES[character])
        elif (
            code < 0x20
            or mode == "escaped"
            or (mode == "ascii" and code > 0x7E)
            or (mode == "mixed" and rnd.random() < 0.3)
        ):
            out.append(_u_escape(character, upper=mode == "mixed" and rnd.random() < 0.5))
        elif character == "/" and mode != "minimal":
            out.append("\\/")
        else:
            out.append(character)
    out.append('"')
    return "".join(out)


def write(value: Any, style: Style) -> str:
    """``value`` as JSON text, spelled as ``style`` says."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, str):
        return write_string(value, style)
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    if isinstance(value, list):
        if not value:
            return "[" + style.space() + "]"
        items = [style.space() + write(item, style) + style.space() for item in value]
        return "[" + ",".join(items) + "]"
    members = value.members if isinstance(value, Pairs) else list(value.items())
    if style.shuffle and not isinstance(value, Pairs):
        style.rnd.shuffle(members)
    if not members:
        return "{" + style.space() + "}"
    parts = [
        style.space()
        + write_string(key, style)
        + style.space()
        + ":"
        + style.space()
        + write(item, style)
        + style.space()
        for key, item in members
    ]
    return "{" + ",".join(parts) + "}"


@st.composite
def styles(draw: st.DrawFn) -> Style:
    return Style(
        rnd=draw(st.randoms(use_true_random=False)),
        spaced=draw(st.booleans()),
        shuffle=draw(st.booleans()),
        strings=draw(st.sampled_from(("minimal", "ascii", "escaped", "mixed"))),
    )
