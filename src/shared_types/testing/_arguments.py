"""The checks of the strategies' arguments, made when a strategy is made, not when it draws."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from hypothesis.errors import InvalidArgument

__all__ = ["chosen_among"]


def chosen_among(given: Collection[str] | None, allowed: Sequence[str], what: str) -> list[str]:
    """The distinct members of ``given`` (all of ``allowed`` for None), in ``allowed`` order.

    Raises:
        InvalidArgument: ``given`` is a string, empty, or names something not allowed.
    """
    if isinstance(given, str):
        raise InvalidArgument(f"{what} must be a collection of names, not the string {given!r}")
    chosen = list(allowed) if given is None else list(dict.fromkeys(given))
    unknown = [name for name in chosen if name not in allowed]
    if unknown or not chosen:
        got = ", ".join(map(repr, chosen)) or "none"
        raise InvalidArgument(f"{what} are among {', '.join(allowed)}; got {got}")
    return [name for name in allowed if name in chosen]
