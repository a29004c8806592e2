"""The YAML emitter: what it writes loads back (with js-yaml) to the very same data."""

from __future__ import annotations

import json
from typing import Any

from shared_types.export import asyncapi, generated_files
from shared_types.export._yaml import render_yaml

from .conftest import RunNode

TRICKY: dict[str, Any] = {
    "no": "yes",
    "on": ["off", "null", "~", "true", "1e3", "0x1F", "2025-01-15", "", " lead", "trail "],
    "y": {"n": None},
    "1.0.0": "1.0.0",
    "$ref": "#/components/schemas/X",
    "x-secret": "masked",
    "key: colon": "value: colon # not a comment",
    "- dash": ["- item", "? q", "& anchor", "* alias", "! tag", "| block", "> fold", "%"],
    "quotes": "\"double\" 'single' \\backslash",
    "lines": "one\ntwo\r\n\tthree",
    "unicode": "→ ± é 日本 \U0001f600",
    "controls": "\x00\x07\x1b\x7f\x85\x9f\u2028\u2029\ufeff",
    "numbers": [0, -1, 9007199254740991, 1.5, -0.25, True, False],
    "empty": {"dict": {}, "list": [], "nested": [[], {}, [[1, [2]], {"a": [{}]}]]},
    "list of dicts": [{"a": 1, "b": [1, 2]}, {"c": {"d": "e"}}],
}


def test_tricky_data_loads_back_equal(run_node: RunNode) -> None:
    text = render_yaml(TRICKY, header="a header\nin two lines")
    assert text.startswith("# a header\n# in two lines\n")
    assert run_node("yaml_to_json.mjs", stdin=text) == TRICKY


def test_scalars_at_the_top_level(run_node: RunNode) -> None:
    values: list[Any] = ["text", 1, None, True, [], {}, [1, "a"]]
    for value in values:
        assert run_node("yaml_to_json.mjs", stdin=render_yaml(value)) == value


def test_the_asyncapi_file_loads_back_to_the_document(run_node: RunNode) -> None:
    text = generated_files()["asyncapi/asyncapi.yaml"]
    assert run_node("yaml_to_json.mjs", stdin=text) == json.loads(json.dumps(asyncapi()))


def test_plain_keys_only_where_they_cannot_mean_anything_else() -> None:
    text = render_yaml({"event": 1, "$ref": 2, "no": 3, "a b": 4, "1": 5})
    assert text == 'event: 1\n$ref: 2\n"no": 3\n"a b": 4\n"1": 5\n'


def test_unprintable_characters_are_escaped() -> None:
    assert render_yaml("\x7f\u2028\ud800") == '"\\u007f\\u2028\\ud800"\n'
