"""The models' strategies, registered with hypothesis when both are loaded.

`register_strategies` runs from ``import shared_types`` when hypothesis is already
imported, and from the plugin (``_shared_types_hypothesis``) when hypothesis is
imported second. It registers a function per model, so nothing is built until
`st.from_type` asks.
"""

from __future__ import annotations

import sys
from typing import Any

from . import websocket
from ._model import WireModel

__all__ = ["PUBLIC_MODELS", "register_strategies", "register_strategies_if_hypothesis_loaded"]

PUBLIC_MODELS: tuple[type[WireModel], ...] = tuple(
    model
    for model in (getattr(websocket, name) for name in websocket.__all__)
    if isinstance(model, type) and issubclass(model, WireModel)
)
"""Every model `shared_types.websocket` exports."""


def _strategy_for(model: type[WireModel]) -> Any:
    from .testing import model_strategy  # noqa: PLC0415 (needs hypothesis; built on demand)

    return model_strategy(model.__name__)


def register_strategies() -> None:
    """Register a strategy for every public model with `st.register_type_strategy`.

    The unions (`ClientToServerMessage`, `ServerToClientMessage`, `Message`) cannot be
    registered themselves: hypothesis refuses ``Annotated[...]`` and ``Union[...]``
    aliases ("Cannot register generic type"). It needs no entry for them either:
    `st.from_type` drops the ``Annotated`` metadata (the pydantic discriminator) and
    draws from each member of the union, whose strategies are registered here.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 (hypothesis is loaded)

    for model in PUBLIC_MODELS:
        st.register_type_strategy(model, _strategy_for)


def register_strategies_if_hypothesis_loaded() -> None:
    """`register_strategies`, if hypothesis has finished importing."""
    strategies = sys.modules.get("hypothesis.strategies")
    if strategies is not None and hasattr(strategies, "register_type_strategy"):
        register_strategies()
