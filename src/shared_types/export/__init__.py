"""Exporters: the protocol as JSON Schema and as TypeScript, from the Python models.

Both are rendered from one intermediate form built from the registries, so they
agree with each other and with the parsers::

    from shared_types.export import generated_files, json_schema, reference, typescript

    schema = json_schema("client-to-server")  # a JSON Schema Draft 2020-12 document
    module = typescript()  # the text of typescript/websocket.ts
    page = reference()  # the Markdown of docs/reference.md

`generated_files` is what ``shared-types generate`` writes: the committed artifacts
by their path relative to the repository's root. See docs/export.md.
"""

from __future__ import annotations

from ._ir import DIRECTIONS, Direction
from ._json_schema import json_schema, render_json
from ._reference import reference
from ._typescript import typescript

__all__ = ["DIRECTIONS", "Direction", "generated_files", "json_schema", "reference", "typescript"]


def generated_files() -> dict[str, str]:
    """Every generated artifact by its relative path (``/``-separated), in a fixed order.

    Returns:
        ``json-schema/client-to-server.schema.json``,
        ``json-schema/server-to-client.schema.json``, ``typescript/websocket.ts`` and
        ``docs/reference.md`` (the protocol reference), each with its exact text.
    """
    files = {
        f"json-schema/{direction}.schema.json": render_json(json_schema(direction))
        for direction in DIRECTIONS
    }
    files["typescript/websocket.ts"] = typescript()
    files["docs/reference.md"] = reference()
    return files
