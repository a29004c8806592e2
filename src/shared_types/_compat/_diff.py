"""The differences between two versions of one direction's schema, each with its relation.

A difference says how the set of messages the NEW schema accepts relates to the OLD
one's, at one path of one event's message: ``wider`` (NEW accepts everything OLD
accepted, and more), ``narrower`` (NEW accepts a part of what OLD accepted),
``changed`` (each accepts something the other refuses) or ``doc`` (the same
messages). Who is hurt by which relation depends on who reads the direction:
`_verdict` decides that. Kinds of difference are the rule table's names (`_rules`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ._shape import Alternative, Document, Node, SchemaError, Shape

__all__ = ["Change", "Relation", "combine", "compare_documents", "events_of"]

Relation = Literal["wider", "narrower", "changed", "doc"]


@dataclass(frozen=True)
class Change:
    """One difference: the event, the wire path in its message, the kind, the detail."""

    event: str
    path: str
    kind: str
    detail: str
    relation: Relation


def combine(first: Relation, second: Relation) -> Relation:
    """The relation of two differences at once (wider and narrower: changed)."""
    if second in (first, "doc"):
        return first
    if first == "doc":
        return second
    return "changed"


def events_of(document: Document) -> dict[str, Node]:
    """Each event of a direction's schema, by name, with its message's node.

    The root lists the messages (``oneOf``/``anyOf``), each an object whose ``event``
    member is a ``const`` (or a one-value ``enum``).
    """
    members = document.root.get("oneOf", document.root.get("anyOf"))
    if not isinstance(members, list):
        raise SchemaError(f"{document.name}: the root has no oneOf listing the messages")
    events: dict[str, Node] = {}
    for member in members:
        name = _event_name(document, member)
        if name is None:
            raise SchemaError(f"{document.name}: a message without a constant event name")
        events[name] = document.node(member)
    return events


def _event_name(document: Document, member: Any) -> str | None:
    message = _deref(document, member)
    properties = message.get("properties") if isinstance(message, dict) else None
    tag = _deref(document, properties.get("event")) if isinstance(properties, dict) else None
    if not isinstance(tag, dict):
        return None
    listed = tag.get("enum")
    name = tag.get("const", listed[0] if isinstance(listed, list) and len(listed) == 1 else None)
    return name if isinstance(name, str) else None


def _deref(document: Document, node: Any) -> Any:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return document.resolve(node["$ref"])
    return node


def compare_documents(old: Document, new: Document) -> list[Change]:
    """Every difference between two versions of one direction's schema, in a stable order."""
    before, after = events_of(old), events_of(new)
    changes: list[Change] = []
    for name in before:
        if name not in after:
            changes.append(Change(name, "", "event-removed", f"event {name!r}", "narrower"))
    for name in after:
        if name not in before:
            changes.append(Change(name, "", "event-added", f"event {name!r}", "wider"))
    for name, node in before.items():
        if name in after:
            changes.extend(_Walk(name).compare(node, after[name], "", frozenset()))
    return changes


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _shown(values: Iterable[str]) -> str:
    return " | ".join(sorted(values))


def _bound(value: float | None) -> str:
    return "none" if value is None else json.dumps(value)


class _Walk:
    """Compares two nodes of one event's message, recursively."""

    def __init__(self, event: str) -> None:
        self.event = event

    def change(self, path: str, kind: str, detail: str, relation: Relation) -> Change:
        return Change(self.event, path, kind, detail, relation)

    def compare(
        self, old: Node, new: Node, path: str, seen: frozenset[tuple[str, str]]
    ) -> list[Change]:
        before, after = old.shape(), new.shape()
        pair = (before.refs[-1] if before.refs else "", after.refs[-1] if after.refs else "")
        if pair != ("", "") and pair in seen:
            return []  # the same pair of definitions further up: compared there
        seen = seen | {pair}
        out: list[Change] = []
        if before.docs != after.docs:
            keys = {entry.split(":", 1)[0] for entry in set(before.docs) ^ set(after.docs)}
            out.append(self.change(path, "doc-changed", ", ".join(sorted(keys)), "doc"))
        if before.opaque is not None or after.opaque is not None:
            if before.opaque != after.opaque:
                detail = "a construct the comparison cannot analyse differs"
                out.append(self.change(path, "schema-changed", detail, "changed"))
            return out
        if before.any or after.any:
            if before.any and not after.any:
                detail = f"any value -> {_describe(after)}"
                out.append(self.change(path, "any-constrained", detail, "narrower"))
            elif after.any and not before.any:
                detail = f"{_describe(before)} -> any value"
                out.append(self.change(path, "any-unconstrained", detail, "wider"))
            return out
        out.extend(self.types(before, after, path, seen))
        return out

    def types(
        self, before: Shape, after: Shape, path: str, seen: frozenset[tuple[str, str]]
    ) -> list[Change]:
        out: list[Change] = []
        old = dict(before.alternatives)
        new = dict(after.alternatives)
        if "integer" in old and "number" in new and "number" not in old and "integer" not in new:
            out.append(self.change(path, "integer-to-number", "integer -> number", "wider"))
            new["integer"] = new.pop("number")
        if "number" in old and "integer" in new and "integer" not in old and "number" not in new:
            out.append(self.change(path, "number-to-integer", "number -> integer", "narrower"))
            old["integer"] = old.pop("number")
        if "null" in old and "null" not in new:
            out.append(self.change(path, "made-non-nullable", "null no longer allowed", "narrower"))
        if "null" not in old and "null" in new:
            out.append(self.change(path, "made-nullable", "null now allowed", "wider"))
        removed = sorted(set(old) - set(new) - {"null"})
        added = sorted(set(new) - set(old) - {"null"})
        if removed and added:
            detail = f"{_shown(removed)} -> {_shown(added)}"
            out.append(self.change(path, "type-changed", detail, "changed"))
        elif removed:
            out.append(self.change(path, "type-removed", _shown(removed), "narrower"))
        elif added:
            out.append(self.change(path, "type-added", _shown(added), "wider"))
        for kind, alternative in old.items():
            if kind in new:
                out.extend(self.alternative(alternative, new[kind], path, seen))
        return out

    def alternative(  # noqa: PLR0912 (one branch per constraint)
        self, old: Alternative, new: Alternative, path: str, seen: frozenset[tuple[str, str]]
    ) -> list[Change]:
        out: list[Change] = []
        add = out.append
        if old.values is None and new.values is not None:
            add(self.change(path, "values-restricted", f"{old.type} -> {_shown(new.values)}",
                            "narrower"))  # fmt: skip
        elif old.values is not None and new.values is None:
            add(self.change(path, "values-unrestricted", f"{_shown(old.values)} -> {new.type}",
                            "wider"))  # fmt: skip
        elif old.values is not None and new.values is not None:
            gone, came = old.values - new.values, new.values - old.values
            if len(old.values) == len(new.values) == 1 and gone:
                detail = f"{_shown(old.values)} -> {_shown(new.values)}"
                add(self.change(path, "const-changed", detail, "changed"))
            else:
                if came:
                    add(self.change(path, "value-added", _shown(came), "wider"))
                if gone:
                    add(self.change(path, "value-removed", _shown(gone), "narrower"))
        out.extend(self.bounds(path, "minimum", old.minimum, new.minimum, low=True))
        out.extend(self.bounds(path, "maximum", old.maximum, new.maximum, low=False))
        out.extend(self.bounds(path, "min-length", old.min_length, new.min_length, low=True))
        out.extend(self.bounds(path, "max-length", old.max_length, new.max_length, low=False))
        out.extend(self.bounds(path, "min-items", old.min_items, new.min_items, low=True))
        out.extend(self.bounds(path, "max-items", old.max_items, new.max_items, low=False))
        for name, before, after in (
            ("pattern", old.pattern, new.pattern),
            ("format", old.format, new.format),
        ):
            if before == after:
                continue
            if before is None:
                add(self.change(path, f"{name}-added", json.dumps(after), "narrower"))
            elif after is None:
                add(self.change(path, f"{name}-removed", json.dumps(before), "wider"))
            else:
                detail = f"{json.dumps(before)} -> {json.dumps(after)}"
                add(self.change(path, f"{name}-changed", detail, "changed"))
        if old.items is not None and new.items is not None:
            out.extend(self.compare(old.items, new.items, f"{path}[]", seen))
        if old.type == "object":
            out.extend(self.object(old, new, path, seen))
        return out

    def bounds(
        self, path: str, name: str, before: float | None, after: float | None, *, low: bool
    ) -> list[Change]:
        if before == after:
            return []
        detail = f"{_bound(before)} -> {_bound(after)}"
        if low:  # a lower bound: None is -infinity (or 0 for lengths, never None)
            tighter = before is None or (after is not None and after > before)
        else:  # an upper bound: None is +infinity
            tighter = after is not None and (before is None or after < before)
        verb = "raised" if (tighter if low else not tighter) else "lowered"
        return [self.change(path, f"{name}-{verb}", detail, "narrower" if tighter else "wider")]

    def object(
        self, old: Alternative, new: Alternative, path: str, seen: frozenset[tuple[str, str]]
    ) -> list[Change]:
        out: list[Change] = []
        before, after = dict(old.properties), dict(new.properties)
        for name, node in before.items():
            if name in after:
                where = _join(path, name)
                out.extend(self.compare(node, after[name], where, seen))
                was, now = name in old.required, name in new.required
                if was and not now:
                    out.append(self.change(where, "field-made-optional", name, "wider"))
                elif now and not was:
                    out.append(self.change(where, "field-made-required", name, "narrower"))
        removed = [name for name in before if name not in after]
        added = [name for name in after if name not in before]
        gone = {name: _removed(name in old.required, new.additional) for name in removed}
        came = {name: _added(name in new.required, old.additional) for name in added}
        if len(removed) == len(added) == 1:
            (old_name, relation_gone), (new_name, relation_came) = (*gone.items(), *came.items())
            same = not [
                change
                for change in self.compare(before[old_name], after[new_name], "", seen)
                if change.relation != "doc"
            ]
            if same and (old_name in old.required) == (new_name in new.required):
                detail = f"{old_name} -> {new_name}"
                relation = combine(relation_gone, relation_came)
                return [*out, self.change(_join(path, new_name), "field-renamed", detail, relation)]
        for name, relation in gone.items():
            kind = "field-removed-required" if name in old.required else "field-removed-optional"
            out.append(self.change(_join(path, name), kind, name, relation))
        for name, relation in came.items():
            kind = "field-added-required" if name in new.required else "field-added-optional"
            out.append(self.change(_join(path, name), kind, name, relation))
        out.extend(self.additional(old, new, path, seen))
        return out

    def additional(
        self, old: Alternative, new: Alternative, path: str, seen: frozenset[tuple[str, str]]
    ) -> list[Change]:
        before, after = old.additional, new.additional
        if before is False and after is not False:
            return [self.change(path, "object-opened", "other members now allowed", "wider")]
        if after is False and before is not False:
            return [self.change(path, "object-closed", "other members now refused", "narrower")]
        if isinstance(before, Node) or isinstance(after, Node):
            old_node = before if isinstance(before, Node) else Node(_ANY, True)
            new_node = after if isinstance(after, Node) else Node(_ANY, True)
            return self.compare(old_node, new_node, _join(path, "*"), seen)
        return []


_ANY = Document({}, "any")


def _removed(required: bool, additional: Node | bool) -> Relation:
    """A field dropped from an object: what the NEW object makes of it."""
    if additional is False:  # NEW refuses the member old messages carry
        return "changed" if required else "narrower"
    return "wider" if additional is True else "changed"


def _added(required: bool, additional: Node | bool) -> Relation:
    """A field new in an object: what the OLD object made of it."""
    if additional is False:  # OLD refused the member new messages carry
        return "changed" if required else "wider"
    return "narrower" if additional is True else "changed"


def _describe(shape: Shape) -> str:
    """A shape that is not ``any``, as its values or types (``"a" | "b" | null``)."""
    parts = []
    for kind, alternative in shape.alternatives.items():
        parts.append(_shown(alternative.values) if alternative.values is not None else kind)
    return " | ".join(parts) or "nothing"
