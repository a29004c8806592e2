"""`TIMESTAMP_PATTERN` and the parser agree at the edges a JSON Schema validator meets.

The pattern travels in the JSON Schema, where Python's `re.search` (jsonschema) and
ECMA-262 (ajv) apply it; the parser reads timestamps with its own code. The
differential test in tests/typescript/ checks them on generated text; these are the
cases that once disagreed.
"""

from __future__ import annotations

import json
import re

import pytest

from shared_types import ProtocolError, parse_server_message, parse_timestamp
from shared_types._timestamps import TIMESTAMP_PATTERN


def _parser_accepts(text: str) -> bool:
    payload = {"error": "e", "message": "m", "timestamp": text}
    raw = json.dumps({"event": "error", "payload": payload})
    try:
        parse_server_message(raw)
    except ProtocolError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("2025-01-15T08:30:00.123Z", True),
        ("2025-01-15t08:30:00z", True),
        ("2025-01-15T08:30:00Z\n", False),  # Python's `$` matches before a final newline
        ("0000-01-01T00:00:00Z", False),  # year 0 is no year
        ("0001-01-01T00:00:00Z", True),
        ("0001-01-01T23:00:00-01:00", True),
        ("0001-01-01T23:00:00+00:00", True),
        ("0001-01-01T23:00:00-00:00", True),
        ("0001-01-01T00:30:00+01:00", False),  # before year 1 in UTC
        ("0001-01-01T23:00:00+01:00", False),  # representable, but the rule holds all day
        ("9999-12-31T23:30:00-01:00", False),  # after year 9999 in UTC
        ("9999-12-31T00:00:00-01:00", False),
        ("9999-12-31T00:00:00+01:00", True),
        ("9999-12-31T23:59:59.999-00:00", True),
        ("2024-02-29T00:00:00Z", True),
        ("2023-02-29T00:00:00Z", False),
        ("2025-04-31T00:00:00Z", False),
        ("2025-01-15T08:30:60Z", False),
        ("2025-01-15 08:30:00Z", False),
        ("2025-01-15T08:30:00", False),
        ("1704067200", False),
    ],
)
def test_the_pattern_and_the_parser_agree(text: str, accepted: bool) -> None:
    assert bool(re.search(TIMESTAMP_PATTERN, text)) is accepted
    assert _parser_accepts(text) is accepted


def test_parse_timestamp_refuses_offsets_that_leave_the_years() -> None:
    with pytest.raises(ValueError, match="RFC 3339"):
        parse_timestamp("0001-01-01T23:00:00+01:00")
    with pytest.raises(ValueError, match="RFC 3339"):
        parse_timestamp("9999-12-31T00:00:00-01:00")
    assert parse_timestamp("0001-01-01T23:00:00-01:00").year == 1
