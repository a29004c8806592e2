"""The base of every protocol model: strict, frozen, wire names, secrets masked in repr."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from typing_extensions import Self

from ._wire import is_sensitive, is_timestamp, parse_timestamp

__all__ = ["WireModel"]

MASK = "***"


class _TimestampAttribute:
    """Reads a timestamp field, stored as canonical wire text, as an aware `datetime`.

    A data descriptor, so it wins over the instance ``__dict__`` where pydantic keeps
    the text; pydantic's own code (validation, serialization, equality) reads that
    ``__dict__`` directly and never sees this.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            # Looked up on the class: behave as if absent, so pydantic, when it
            # collects the fields of a subclass, does not take this for a default.
            raise AttributeError(self.name)
        value = instance.__dict__[self.name]
        return parse_timestamp(value) if type(value) is str else value

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError(f"{type(instance).__name__} is immutable")


class WireModel(BaseModel):
    """Base of the protocol's models.

    - strict: no coercion (``"5"`` is not a number, ``1`` is not a boolean);
    - closed: unknown fields are rejected at every level;
    - frozen: a message is a value, safe to share between tasks and broadcasts;
    - wire names: built from Python names or wire names, dumped with wire names;
    - secrets (`access_token`, `client_secret`) never shown by ``repr``/``str``/dumps;
    - timestamps read as aware datetimes, stored as the canonical wire text.
    """

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        hide_input_in_errors=True,
        allow_inf_nan=False,
        use_attribute_docstrings=True,
        cache_strings="keys",
    )

    __sensitive_fields__: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        sensitive = set()
        for name, field in cls.model_fields.items():
            if is_sensitive(field.metadata, field.annotation):
                sensitive.add(name)
            if is_timestamp(field.metadata):
                setattr(cls, name, _TimestampAttribute(name))
        cls.__sensitive_fields__ = frozenset(sensitive)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        hidden = self.__sensitive_fields__
        for name, value in super().__repr_args__():
            yield name, (MASK if name in hidden and value is not None else value)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; unlike plain pydantic, the ``update`` is validated like any input.

        Args:
            update: New values by Python or wire name.
            deep: Copy nested values too (only meaningful without ``update``).
        """
        if not update:
            return super().model_copy(deep=deep)
        return self.model_validate({**self.__dict__, **update})
