"""Versions: of this package, and of the wire contract it speaks."""

from __future__ import annotations

from typing import Final

__all__ = ["PROTOCOL_VERSION", "__version__"]

__version__: Final = "0.1.0"
"""The package's version (also in pyproject.toml; a test keeps the two equal)."""

PROTOCOL_VERSION: Final = "1.1.0"
"""Semantic version of the wire contract, independent of the package's version.

A major bump is a change that breaks one side already deployed (a server reading what
old dashboards send, or old dashboards reading what the server sends); any other wire
change is a minor bump. `shared-types compat` tells which (see docs/versioning.md).
"""
