"""Fixtures for the end-to-end tests.

``node``, ``node_modules`` and ``packed_package`` are those of tests/typescript: they skip
when Node or the pinned npm packages are missing, and fail instead when the environment
variable ``CI`` is set (install with ``npm ci --prefix tests/typescript`` and
``npm ci --prefix typescript``).
"""

from __future__ import annotations

from typescript.conftest import node, node_modules, packed_package

__all__ = ["node", "node_modules", "packed_package"]
