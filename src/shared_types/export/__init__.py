"""Exporters: the protocol as JSON Schema, TypeScript and AsyncAPI, from the Python models.

All are rendered from one intermediate form (`shared_types.contract`), so they
agree with each other and with the parsers::

    from shared_types.export import asyncapi, generated_files, json_schema, reference, typescript

    schema = json_schema("client-to-server")  # a JSON Schema Draft 2020-12 document
    module = typescript()  # the text of typescript/websocket.ts
    page = reference()  # the Markdown of docs/reference.md
    document = asyncapi()  # the AsyncAPI 3.0 document, as JSON data

`generated_files` is what ``shared-types generate`` writes: the committed artifacts
by their path relative to the repository's root. See docs/export.md.
"""

from __future__ import annotations

from shared_types.contract import DIRECTIONS, Direction

from ._asyncapi import asyncapi, render_asyncapi
from ._json_schema import json_schema, render_json
from ._npm import limits_ts, package_json, validate_ts, zod_ts
from ._reference import reference
from ._typescript import typescript

__all__ = [
    "DIRECTIONS",
    "Direction",
    "asyncapi",
    "generated_files",
    "json_schema",
    "reference",
    "typescript",
]


def generated_files() -> dict[str, str]:
    """Every generated artifact by its relative path (``/``-separated), in a fixed order.

    Returns:
        ``json-schema/client-to-server.schema.json``,
        ``json-schema/server-to-client.schema.json``, ``typescript/websocket.ts``, the
        npm package's generated sources (``typescript/limits.ts``, ``validate.ts``,
        ``zod.ts``, ``package.json``), ``docs/reference.md`` (the protocol reference) and
        ``asyncapi/asyncapi.yaml`` (the AsyncAPI 3.0 document), each with its exact text.
    """
    files = {
        f"json-schema/{direction}.schema.json": render_json(json_schema(direction))
        for direction in DIRECTIONS
    }
    files["typescript/websocket.ts"] = typescript()
    # The npm package's generated sources (its hand-written runtime sits beside them).
    files["typescript/limits.ts"] = limits_ts()
    files["typescript/validate.ts"] = validate_ts()
    files["typescript/zod.ts"] = zod_ts()
    files["typescript/package.json"] = package_json()
    files["docs/reference.md"] = reference()
    files["asyncapi/asyncapi.yaml"] = render_asyncapi()
    return files
