"""shared_types.server: a complete, sorted __all__, and extras that say how to install them."""

from __future__ import annotations

import inspect

from shared_types import server


def test_all_is_sorted_and_complete() -> None:
    exported = server.__all__

    def key(name: str) -> tuple[int, str]:  # ruff's RUF022 order: CONSTANTS, Classes, functions
        if name.isupper():
            return (0, name)
        return (1, name) if name[:1].isupper() else (2, name)

    assert list(exported) == sorted(exported, key=key)
    public = {
        name
        for name, value in vars(server).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public - {"annotations", "TYPE_CHECKING", "Any"} <= set(exported)
    for name in exported:
        assert getattr(server, name) is not None, name  # the lazy ones import too


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(server, "NoSuchThing")
