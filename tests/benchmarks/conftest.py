"""The Node benchmark's test needs the packed (so built) npm package of tests/typescript."""

from __future__ import annotations

from typescript.conftest import node, packed_package

__all__ = ["node", "packed_package"]
