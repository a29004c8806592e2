"""shared-types' hypothesis plugin (the ``hypothesis`` entry point), outside the package.

Hypothesis runs every installed plugin when it is imported. Importing anything under
``shared_types`` would import the package, pydantic and every model, about 80 ms on
each ``import hypothesis``; this module imports nothing. If the models are already
imported, their strategies are registered now; otherwise ``import shared_types``
registers them when it sees hypothesis loaded. Either order, ``st.from_type`` works.
"""

from __future__ import annotations

import sys

__all__ = ["_hypothesis_setup_hook"]


def _hypothesis_setup_hook() -> None:
    """Register the models' strategies if the models are loaded (else they will do it)."""
    if "shared_types.websocket" in sys.modules:
        from shared_types._hypothesis_hook import register_strategies  # noqa: PLC0415 (already imported)

        register_strategies()
