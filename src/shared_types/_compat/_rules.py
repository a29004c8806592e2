"""Who reads what: the verdict of a difference by direction, and the version bump it needs.

client → server messages are written by dashboards and read by the server: what makes
the NEW server refuse what an OLD dashboard sends (``narrower``, ``changed``) breaks
old dashboards; a ``wider`` server is compatible. server → client messages are
written by the server and read by dashboards: what lets the NEW server send what an
OLD dashboard refuses (``wider``, ``changed``) breaks them; a ``narrower`` server is
compatible. A ``doc`` difference is compatible both ways and leaves the wire alone.

A breaking difference needs a major bump of ``PROTOCOL_VERSION``; a compatible one that
alters the wire, at least a minor bump; documentation, at most a patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared_types.contract import Direction

from ._diff import Relation

__all__ = ["BUMPS", "RULES", "Bump", "Verdict", "bump_made", "parse_version", "verdict"]

Bump = Literal["none", "patch", "minor", "major"]
BUMPS: tuple[Bump, ...] = ("none", "patch", "minor", "major")

RULES: dict[str, str] = {
    "event-added": "an event is added",
    "event-removed": "an event is removed",
    "field-added-required": "a required field is added",
    "field-added-optional": "an optional field is added",
    "field-removed-required": "a required field is removed",
    "field-removed-optional": "an optional field is removed",
    "field-renamed": "a field is renamed (same schema)",
    "field-made-required": "an optional field becomes required",
    "field-made-optional": "a required field becomes optional",
    "type-changed": "a field's type is replaced by another",
    "type-added": "a type is added to a field's types (string -> string | integer)",
    "type-removed": "a type is removed from a field's types",
    "integer-to-number": "integer becomes number",
    "number-to-integer": "number becomes integer",
    "made-nullable": "a field becomes nullable",
    "made-non-nullable": "a nullable field loses null",
    "value-added": "a value is added to an enum",
    "value-removed": "a value is removed from an enum",
    "const-changed": "a constant is replaced by another",
    "values-restricted": "a free value becomes an enum or a constant",
    "values-unrestricted": "an enum or a constant becomes a free value",
    "minimum-raised": "a minimum is raised (or added)",
    "minimum-lowered": "a minimum is lowered (or removed)",
    "maximum-lowered": "a maximum is lowered (or added)",
    "maximum-raised": "a maximum is raised (or removed)",
    "min-length-raised": "a minLength is raised (or added)",
    "min-length-lowered": "a minLength is lowered (or removed)",
    "max-length-lowered": "a maxLength is lowered (or added)",
    "max-length-raised": "a maxLength is raised (or removed)",
    "min-items-raised": "a minItems is raised (or added)",
    "min-items-lowered": "a minItems is lowered (or removed)",
    "max-items-lowered": "a maxItems is lowered (or added)",
    "max-items-raised": "a maxItems is raised (or removed)",
    "pattern-added": "a pattern is added",
    "pattern-removed": "a pattern is removed",
    "pattern-changed": "a pattern is replaced",
    "format-added": "a format is added",
    "format-removed": "a format is removed",
    "format-changed": "a format is replaced",
    "object-closed": "an object stops allowing other members",
    "object-opened": "an object starts allowing other members",
    "any-constrained": "a field of any value gets a schema",
    "any-unconstrained": "a field's schema becomes any value",
    "doc-changed": "a title, description, example or secret marker changes",
    "schema-changed": "a construct the comparison does not analyse (not, allOf...) changes",
}
"""Every kind of difference `compat` reports, by its name (as in the output and docs)."""


@dataclass(frozen=True)
class Verdict:
    """What a difference means for a direction's readers."""

    breaking: bool
    wire: bool  # whether the messages themselves change (False: documentation only)
    reason: str


_READERS: dict[Direction, str] = {
    "client-to-server": "the server reads it",
    "server-to-client": "dashboards read it",
}

# The one wire relation each direction's readers take in their stride; the others break them.
_HARMLESS: dict[Direction, Relation] = {
    "client-to-server": "wider",
    "server-to-client": "narrower",
}

_WHY: dict[tuple[Direction, Relation], str] = {
    ("client-to-server", "wider"): (
        "the server now accepts more, and still everything an old dashboard sends"
    ),
    ("client-to-server", "narrower"): "the server now refuses some of what an old dashboard sends",
    ("client-to-server", "changed"): (
        "the server now refuses some, and accepts others, of what an old dashboard sends"
    ),
    ("server-to-client", "wider"): "the server may send what an old dashboard refuses",
    ("server-to-client", "narrower"): (
        "the server now sends less, and only what an old dashboard accepts"
    ),
    ("server-to-client", "changed"): (
        "the server sends other messages, some of which an old dashboard refuses"
    ),
}
"""Why a wire difference is compatible or breaking, by direction and relation."""


def verdict(direction: Direction, relation: Relation) -> Verdict:
    """The verdict of a difference of ``relation`` in ``direction``."""
    if relation == "doc":
        return Verdict(breaking=False, wire=False, reason="documentation only")
    reason = f"{_READERS[direction]}: {_WHY[direction, relation]}"
    return Verdict(breaking=relation != _HARMLESS[direction], wire=True, reason=reason)


def parse_version(text: str) -> tuple[int, int, int]:
    """``MAJOR.MINOR.PATCH`` as integers; ValueError otherwise."""
    parts = text.split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {text!r}")
    major, minor, patch = (int(part) for part in parts)
    return major, minor, patch


def bump_made(old: str, new: str) -> Bump | Literal["down"]:
    """Which part of the version went up from ``old`` to ``new`` (``down``: it went back)."""
    before, after = parse_version(old), parse_version(new)
    if after < before:
        return "down"
    for name, was, now in zip(("major", "minor", "patch"), before, after, strict=True):
        if now > was:
            return name  # type: ignore[return-value] # one of the three literals
    return "none"
