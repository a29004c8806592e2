"""A JSON Schema node as the set of values it accepts, in a form two versions can be compared in.

`shape` resolves ``$ref`` s and folds ``type`` lists, ``anyOf``/``oneOf``, ``const``
and ``enum`` into one `Shape`: the alternatives it accepts by JSON type, each with its
constraints (a closed set of values, bounds, lengths, pattern, format; items; fields,
which are required, and what other members are allowed). What cannot be put in that
form (``allOf`` of several, ``not``, ``if``, two differently constrained alternatives
of one type...) is kept as ``opaque``: the comparison can then only tell equal from
different, and calls a difference breaking both ways, since it cannot prove otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["JSON_TYPES", "Alternative", "Document", "SchemaError", "Shape"]

JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")

# Keywords that only document: a change to them never changes what is accepted.
_DOC_KEYWORDS = frozenset(
    {"title", "description", "examples", "default", "$comment", "deprecated", "readOnly",
     "writeOnly", "x-secret"}
)  # fmt: skip
# Keywords `shape` understands; anything else makes the node opaque.
_KNOWN = _DOC_KEYWORDS | {
    "$ref", "$schema", "$id", "$defs", "definitions", "type", "anyOf", "oneOf", "allOf",
    "const", "enum", "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "items", "minItems", "maxItems", "properties",
    "required", "additionalProperties",
}  # fmt: skip
_MAX_DEPTH = 64


class SchemaError(ValueError):
    """A schema the comparison cannot read (a dangling ``$ref``, a non-object node)."""


@dataclass(frozen=True)
class Alternative:
    """What one JSON type accepts, with its constraints (``None``: unconstrained)."""

    type: str
    values: frozenset[str] | None = None  # JSON texts of the only values allowed
    minimum: float | None = None
    maximum: float | None = None
    min_length: int = 0
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None
    items: Node | None = None
    min_items: int = 0
    max_items: int | None = None
    properties: tuple[tuple[str, Node], ...] = ()
    required: frozenset[str] = frozenset()
    additional: Node | bool = True  # False: closed; True: anything; a node: its schema


@dataclass(frozen=True)
class Node:
    """A schema node of a `Document`, not resolved yet (shapes are built on demand)."""

    document: Document = field(compare=False, repr=False)
    schema: Any

    def shape(self) -> Shape:
        """The node as a `Shape`."""
        return self.document.shape(self)


@dataclass(frozen=True)
class Shape:
    """The values a node accepts: ``any``, or alternatives by JSON type."""

    any: bool
    alternatives: Mapping[str, Alternative]
    docs: tuple[str, ...]
    refs: tuple[str, ...]  # the ``$ref`` chain followed, to stop on recursion
    opaque: str | None = None  # the canonical JSON of a node that could not be read


class Document:
    """One JSON Schema document, whose ``$ref`` s resolve inside it."""

    def __init__(self, schema: Mapping[str, Any], name: str) -> None:
        if not isinstance(schema, Mapping):
            raise SchemaError(f"{name}: a schema must be a JSON object")
        self.root = schema
        self.name = name

    def node(self, schema: Any) -> Node:
        """A node of this document."""
        return Node(self, schema)

    def resolve(self, ref: str) -> Any:
        """The schema a local ``$ref`` (``#/...``) points at."""
        if not ref.startswith("#"):
            raise SchemaError(f"{self.name}: only local $refs are compared, not {ref!r}")
        target: Any = self.root
        for part in ref[1:].split("/")[1:]:
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, Mapping) and key in target:
                target = target[key]
            elif isinstance(target, list) and key.isdigit() and int(key) < len(target):
                target = target[int(key)]
            else:
                raise SchemaError(f"{self.name}: $ref {ref!r} points at nothing")
        return target

    def shape(self, node: Node) -> Shape:
        """The `Shape` of a node: refs followed, unions folded."""
        return self._shape(node.schema, (), 0)

    def _shape(self, schema: Any, refs: tuple[str, ...], depth: int) -> Shape:  # noqa: PLR0912 (one branch per combinator)
        if depth > _MAX_DEPTH:
            raise SchemaError(f"{self.name}: $refs nested deeper than {_MAX_DEPTH}")
        if schema is True or schema == {}:
            return Shape(True, {}, (), refs)
        if schema is False:
            return Shape(False, {}, (), refs)
        if not isinstance(schema, Mapping):
            raise SchemaError(f"{self.name}: a schema node must be an object, not {schema!r}")
        docs = tuple(
            f"{key}: {json.dumps(schema[key], sort_keys=True, ensure_ascii=False)}"
            for key in sorted(_DOC_KEYWORDS & schema.keys())
        )
        _check(schema, self.name)
        unknown = set(schema) - _KNOWN
        if unknown or "not" in schema or len(schema.get("allOf", [])) > 1:
            return self._opaque(schema, docs, refs)
        parts: list[Shape] = []
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in refs:
                return Shape(False, {}, docs, (*refs, ref), opaque=f"recursive {ref}")
            refs = (*refs, ref)
            parts.append(self._shape(self.resolve(ref), refs, depth + 1))
        for single in schema.get("allOf", []):
            parts.append(self._shape(single, refs, depth + 1))
        for key in ("anyOf", "oneOf"):
            if key in schema:
                members = [self._shape(member, refs, depth + 1) for member in schema[key]]
                parts.append(_union(members, refs))
        own = self._own(schema, refs, docs)
        if own is not None:
            parts.append(own)
        if not parts:
            return Shape(True, {}, docs, refs)
        result = parts[0]
        for part in parts[1:]:
            result = _intersect(result, part)
        return replace(result, docs=docs + result.docs, refs=refs)

    def _opaque(
        self, schema: Mapping[str, Any], docs: tuple[str, ...], refs: tuple[str, ...]
    ) -> Shape:
        text = json.dumps(
            {key: value for key, value in schema.items() if key not in _DOC_KEYWORDS},
            sort_keys=True,
            ensure_ascii=False,
        )
        return Shape(False, {}, docs, refs, opaque=text)

    def _own(
        self, schema: Mapping[str, Any], refs: tuple[str, ...], docs: tuple[str, ...]
    ) -> Shape | None:
        """The node's own type, values and constraints; None when it states none."""
        types: set[str] | None = None
        if "type" in schema:
            declared = schema["type"]
            types = set(declared if isinstance(declared, list) else [declared])
            if not types <= set(JSON_TYPES):
                raise SchemaError(f"{self.name}: unknown type {declared!r}")
        values: dict[str, set[str]] | None = None
        listed = [schema["const"]] if "const" in schema else schema.get("enum")
        if listed is not None:
            values = {}
            for value in listed:
                kind = _json_type(value)
                if kind == "number" and (types is None or "integer" in types) and _integral(value):
                    kind = "integer"
                if types is None or kind in types or (kind == "integer" and "number" in types):
                    values.setdefault(kind, set()).add(json.dumps(value, sort_keys=True))
            types = set(values)
        constrained = _KNOWN - _DOC_KEYWORDS - {"$ref", "$schema", "$id", "$defs", "definitions",
                                                "anyOf", "oneOf", "allOf"}  # fmt: skip
        if types is None:
            if not constrained & schema.keys():
                return None
            types = set(JSON_TYPES)  # constraints on whichever type they apply to
        alternatives = {
            kind: self._alternative(kind, schema, values.get(kind) if values is not None else None)
            for kind in sorted(types)
        }
        return Shape(False, alternatives, (), refs)

    def _alternative(
        self, kind: str, schema: Mapping[str, Any], values: set[str] | None
    ) -> Alternative:
        if kind in ("integer", "number"):
            low, high = schema.get("minimum"), schema.get("maximum")
            if "exclusiveMinimum" in schema:
                low = _tighter(low, schema["exclusiveMinimum"], max, kind)
            if "exclusiveMaximum" in schema:
                high = _tighter(high, schema["exclusiveMaximum"], min, kind)
            return Alternative(kind, _frozen(values), minimum=low, maximum=high)
        if kind == "string":
            return Alternative(
                kind,
                _frozen(values),
                min_length=schema.get("minLength", 0),
                max_length=schema.get("maxLength"),
                pattern=schema.get("pattern"),
                format=schema.get("format"),
            )
        if kind == "array":
            items = schema.get("items", True)
            return Alternative(
                kind,
                _frozen(values),
                items=self.node(items),
                min_items=schema.get("minItems", 0),
                max_items=schema.get("maxItems"),
            )
        if kind == "object":
            properties = schema.get("properties", {})
            additional = schema.get("additionalProperties", True)
            return Alternative(
                kind,
                _frozen(values),
                properties=tuple((name, self.node(sub)) for name, sub in properties.items()),
                required=frozenset(schema.get("required", ())),
                additional=additional if isinstance(additional, bool) else self.node(additional),
            )
        if kind == "null" or (kind == "boolean" and values is not None and len(values) == 2):
            values = None  # every value of the type: the same as no enum at all
        return Alternative(kind, _frozen(values))


_COUNTS = ("minLength", "maxLength", "minItems", "maxItems")
_NUMBERS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def _check(schema: Mapping[str, Any], name: str) -> None:  # noqa: PLR0912 (one test per keyword)
    """Refuse keywords of the wrong JSON type, with a SchemaError rather than a crash."""

    def fail(key: str, what: str) -> None:
        shown = json.dumps(schema[key])[:60]
        raise SchemaError(f"{name}: {key} must be {what}, not {shown}")

    for key in ("$ref", "pattern", "format"):
        if key in schema and not isinstance(schema[key], str):
            fail(key, "a string")
    declared = schema.get("type", "string")
    if not (
        isinstance(declared, str)
        or (isinstance(declared, list) and all(isinstance(item, str) for item in declared))
    ):
        fail("type", "a type name or a list of them")
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema and not (isinstance(schema[key], list) and schema[key]):
            fail(key, "a non-empty array")
    if "enum" in schema and not isinstance(schema["enum"], list):
        fail("enum", "an array")
    for key in _COUNTS:
        value = schema.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail(key, "a non-negative integer")
    for key in _NUMBERS:
        value = schema.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(key, "a number")
    for key in ("items", "additionalProperties"):
        if key in schema and not isinstance(schema[key], (bool, Mapping)):
            fail(key, "a schema")
    properties = schema.get("properties", {})
    if not isinstance(properties, Mapping) or not all(
        isinstance(value, (bool, Mapping)) for value in properties.values()
    ):
        fail("properties", "an object of schemas")
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(item, str) for item in required):
        fail("required", "an array of names")


def _frozen(values: set[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _integral(value: Any) -> bool:
    return isinstance(value, (int, float)) and float(value).is_integer()


def _tighter(bound: float | None, exclusive: float, pick: Any, kind: str) -> float:
    step = 1 if pick is max else -1
    inclusive = exclusive + step if kind == "integer" and _integral(exclusive) else exclusive
    return inclusive if bound is None else pick(bound, inclusive)


def _union(members: list[Shape], refs: tuple[str, ...]) -> Shape:
    if any(member.any for member in members):
        return Shape(True, {}, (), refs)
    alternatives: dict[str, Alternative] = {}
    for member in members:
        if member.opaque is not None:
            return Shape(False, {}, (), refs, opaque=" | ".join(str(m.opaque) for m in members))
        for kind, alternative in member.alternatives.items():
            known = alternatives.get(kind)
            if known is None or known == alternative:
                alternatives[kind] = alternative
            elif known.values is not None and alternative.values is not None:
                alternatives[kind] = replace(known, values=known.values | alternative.values)
            elif replace(known, values=None) == replace(alternative, values=None):
                alternatives[kind] = replace(known, values=None)  # a value or anything of it
            else:
                return Shape(False, {}, (), refs, opaque=f"two different {kind} alternatives")
    return Shape(False, alternatives, (), refs)


def _intersect(first: Shape, second: Shape) -> Shape:
    if first.any:
        return second
    if second.any:
        return first
    if first.opaque is not None or second.opaque is not None:
        return Shape(False, {}, (), first.refs, opaque=f"{first.opaque} & {second.opaque}")
    alternatives: dict[str, Alternative] = {}
    for kind, mine in first.alternatives.items():
        other = second.alternatives.get(kind)
        if other is None and kind == "integer":
            other = second.alternatives.get("number")
            other = None if other is None else replace(other, type="integer")
        if other is None:
            continue
        if _blank(mine):
            alternatives[kind] = other
        elif _blank(other):
            alternatives[kind] = mine
        else:
            return Shape(False, {}, (), first.refs, opaque=f"two constrained {kind} schemas")
    return Shape(False, alternatives, (), first.refs)


def _blank(alternative: Alternative) -> bool:
    """Whether an alternative states nothing beyond its type."""
    return replace(alternative, items=None, properties=()) == Alternative(alternative.type) and (
        alternative.items is None or alternative.items.schema in (True, {})
    )
