"""A small, deterministic YAML emitter for JSON data (no runtime dependency).

It writes block-style YAML whose every scalar is spelled as JSON would spell it:
strings always double-quoted (a JSON string is a YAML double-quoted scalar), so no
value can be read back as another type (``no``, ``1e3``, ``null``, ``2025-01-15``
stay strings). Keys are plain only when they cannot mean anything else. Characters
YAML does not allow unescaped are escaped. Mapping order is kept as given, so the
output is as deterministic as the data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["render_yaml"]

_PLAIN_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$.-]*")
# Plain words YAML 1.1 readers (js-yaml's default schema among them) take for
# booleans or null: keys spelled so are quoted.
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"})
# Outside YAML's printable set, or line breaks to YAML 1.1: must be escaped.
_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def render_yaml(document: Any, *, header: str = "") -> str:
    """The YAML text of a JSON value, ending with a newline.

    Args:
        document: JSON data: dicts with string keys, lists, strings, integers,
            floats, booleans and ``None``.
        header: Comment lines put first (each prefixed with ``# ``).

    Returns:
        YAML 1.2 (and 1.1) text that loads back to an equal value.
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines.extend(_block(document))
    return "\n".join(lines) + "\n"


def _block(value: Any) -> list[str]:
    if isinstance(value, Mapping) and value:
        lines = []
        for key, item in value.items():
            name = _key(key)
            if _is_collection(item):
                lines.append(f"{name}:")
                lines.extend(f"  {line}" for line in _block(item))
            else:
                lines.append(f"{name}: {_scalar(item)}")
        return lines
    if _is_collection(value):
        lines = []
        for item in value:
            inner = _block(item)
            lines.append(f"- {inner[0]}")
            lines.extend(f"  {line}" for line in inner[1:])
        return lines
    return [_scalar(value)]


def _is_collection(value: Any) -> bool:
    if isinstance(value, Mapping):
        return bool(value)
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes)) and bool(value)


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise TypeError(f"YAML keys must be strings here, not {key!r}")
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _RESERVED:
        return key
    return _string(key)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value, allow_nan=False)
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, Sequence) and not isinstance(value, bytes):
        return "[]"
    raise TypeError(f"not JSON data: {value!r}")


def _string(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)
