"""The hook hypothesis runs when it is imported (this package's ``hypothesis`` entry point).

Kept outside `shared_types.testing` so that importing hypothesis costs only a loop
over the models: the strategies are built the first time `st.from_type` asks.
"""

from __future__ import annotations

from typing import Any

from . import websocket
from ._model import WireModel

__all__ = ["PUBLIC_MODELS", "_hypothesis_setup_hook"]

PUBLIC_MODELS: tuple[type[WireModel], ...] = tuple(
    model
    for model in (getattr(websocket, name) for name in websocket.__all__)
    if isinstance(model, type) and issubclass(model, WireModel)
)
"""Every model `shared_types.websocket` exports."""


def _strategy_for(model: type[WireModel]) -> Any:
    from .testing._strategies import MODEL_STRATEGIES  # noqa: PLC0415 (needs hypothesis; built on demand)

    return MODEL_STRATEGIES[model]()


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public model with `st.register_type_strategy`.

    The unions (`ClientToServerMessage`, `ServerToClientMessage`, `Message`) cannot be
    registered themselves: hypothesis refuses ``Annotated[...]`` and ``Union[...]``
    aliases ("Cannot register generic type"). It needs no entry for them either:
    `st.from_type` drops the ``Annotated`` metadata (the pydantic discriminator) and
    draws from each member of the union, whose strategies are registered here.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 (hypothesis is importing us)

    for model in PUBLIC_MODELS:
        # A function, not a strategy: nothing is built while hypothesis is importing.
        st.register_type_strategy(model, _strategy_for)
