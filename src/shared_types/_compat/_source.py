"""Where a version of the protocol comes from: a directory, a git revision, or the models.

A version is the pair of JSON Schemas (``client-to-server.schema.json`` and
``server-to-client.schema.json``) and the protocol version their ``$id`` names
(``urn:shared-types:websocket:1.0.0:client-to-server``). A directory holds them
directly (a release's ``json-schema/``) or under ``json-schema/`` (a checkout); a git
revision is read with ``git show REV:./json-schema/...`` from the current directory;
the models are the installed package's, rendered in memory.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from shared_types.contract import DIRECTIONS, Direction

from ._rules import parse_version
from ._shape import Document

__all__ = [
    "CompatError",
    "Version",
    "from_directory",
    "from_models",
    "from_revision",
    "load",
]

MAX_SCHEMA_BYTES: Final = 16 * 1024 * 1024  # far above any real schema: bounds memory
_ID = re.compile(r"urn:shared-types:websocket:([^:]+):(client-to-server|server-to-client)")
_GIT_TIMEOUT: Final = 60


class CompatError(Exception):
    """A version that cannot be loaded: the message says which and why (exit status 2)."""


@dataclass(frozen=True)
class Version:
    """One version of the protocol: where it came from, its number, its two schemas."""

    source: str
    version: str
    documents: dict[Direction, Document]


def load(spec: str) -> Version:
    """A version from a directory if ``spec`` names one, else from a git revision."""
    path = Path(spec)
    if path.is_dir():
        return from_directory(path)
    return from_revision(spec)


def from_models() -> Version:
    """The version the installed models describe (what ``generate`` would write)."""
    from shared_types.export import json_schema  # noqa: PLC0415 (only compat needs it)

    return _version("the working tree's models", {d: json_schema(d) for d in DIRECTIONS})


def from_directory(path: Path) -> Version:
    """The version in a directory of schemas (or in its ``json-schema/``)."""
    folder = path / "json-schema" if (path / "json-schema").is_dir() else path
    schemas: dict[Direction, Any] = {}
    for direction in DIRECTIONS:
        file = folder / f"{direction}.schema.json"
        try:
            with file.open("rb") as stream:
                data = stream.read(MAX_SCHEMA_BYTES + 1)
        except OSError as exc:
            raise CompatError(f"cannot read {file}: {exc.strerror or exc}") from None
        schemas[direction] = _decode(data, str(file))
    return _version(str(path), schemas)


def from_revision(revision: str) -> Version:
    """The version committed at a git revision, under ``./json-schema/``."""
    if not revision or revision.startswith("-"):
        raise CompatError(f"{revision!r} is neither a directory nor a git revision")
    git = shutil.which("git")
    if git is None:
        raise CompatError(f"{revision!r} is not a directory, and git is not installed")
    commit = _git(git, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is None:
        raise CompatError(f"{revision!r} is neither a directory nor a git revision here")
    schemas: dict[Direction, Any] = {}
    for direction in DIRECTIONS:
        name = f"./json-schema/{direction}.schema.json"
        data = _git(git, "show", f"{commit.decode().strip()}:{name}")
        if data is None:
            raise CompatError(f"git revision {revision!r} has no {name[2:]}")
        schemas[direction] = _decode(data, f"{revision}:{name[2:]}")
    return _version(f"git revision {revision}", schemas)


def _git(git: str, *arguments: str) -> bytes | None:
    try:
        done = subprocess.run(  # noqa: S603 (git with fixed verbs; the revision cannot be an option)
            [git, *arguments], capture_output=True, check=False, timeout=_GIT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CompatError(f"git failed: {exc}") from None
    if done.returncode != 0 or len(done.stdout) > MAX_SCHEMA_BYTES:
        return None
    return done.stdout


def _decode(data: bytes, name: str) -> Any:
    if len(data) > MAX_SCHEMA_BYTES:
        raise CompatError(f"{name}: larger than {MAX_SCHEMA_BYTES} bytes")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise CompatError(f"{name}: not JSON: {exc}") from None


def _version(source: str, schemas: dict[Direction, Any]) -> Version:
    versions = set()
    documents: dict[Direction, Document] = {}
    for direction, schema in schemas.items():
        if not isinstance(schema, dict):
            raise CompatError(f"{source}: the {direction} schema is not a JSON object")
        match = _ID.fullmatch(str(schema.get("$id", "")))
        if match is None or match.group(2) != direction:
            raise CompatError(
                f"{source}: the {direction} schema's $id does not name its protocol version "
                f"(urn:shared-types:websocket:VERSION:{direction})"
            )
        versions.add(match.group(1))
        documents[direction] = Document(schema, f"{source} ({direction})")
    if len(versions) != 1:
        raise CompatError(f"{source}: the two schemas name different versions {sorted(versions)}")
    version = versions.pop()
    try:
        parse_version(version)
    except ValueError as exc:
        raise CompatError(f"{source}: {exc}") from None
    return Version(source, version, documents)
