"""Versions: of this package, and of the wire contract it speaks."""

from __future__ import annotations

from typing import Final

__all__ = ["PROTOCOL_VERSION", "__version__"]

__version__: Final = "0.1.0"
"""The package's version (also in pyproject.toml; a test keeps the two equal)."""

PROTOCOL_VERSION: Final = "1.0.0"
"""Semantic version of the wire contract, independent of the package's version.

A major bump is a breaking wire change (see docs/versioning.md): an event, field or
accepted value removed or renamed, a field made required, a type narrowed.
"""
