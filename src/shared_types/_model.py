"""The base of every protocol model: strict, frozen, wire names, secrets masked in repr."""

# No `from __future__ import annotations` here: pydantic evaluates the annotations of every
# class in a model's MRO each time it creates a model, and string annotations (the
# `ClassVar`s of `WireModel`) are compiled anew for each subclass (docs/performance.md).

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError
from typing_extensions import Self

from ._docstrings import module_attribute_docstrings
from ._secrets import MASK, Hidden, mask_revealed
from ._timestamps import read_timestamp
from .contract import AliasRef, Nullable, describe

__all__ = ["RevealedSecretsModel", "WireModel"]

_READ = "__wire_read__"


class _TimestampAttribute:
    """Reads a timestamp field, stored as canonical wire text, as an aware `datetime`.

    A data descriptor, so it wins over the instance ``__dict__`` where pydantic keeps
    the text; pydantic's own code (validation, serialization, equality) reads that
    ``__dict__`` directly and never sees this. The datetime is made on the first read
    and kept in the instance's own slot: later reads return the same object.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            # Looked up on the class: behave as if absent, so pydantic, when it
            # collects the fields of a subclass, does not take this for a default.
            raise AttributeError(self.name)
        try:
            read: dict[str, datetime] = getattr(instance, _READ)
        except AttributeError:
            read = {}
            object.__setattr__(instance, _READ, read)
        try:
            return read[self.name]
        except KeyError:
            value = instance.__dict__[self.name]
            moment = read[self.name] = read_timestamp(value) if type(value) is str else value
            return moment

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError(f"{type(instance).__name__} is immutable")


class _SecretAttribute:
    """Reads a secret field, stored as a `Hidden` (see `shared_types._secrets`), as its
    text. A data descriptor, like `_TimestampAttribute`; pydantic's own code reads the
    instance ``__dict__`` and so sees the `Hidden`."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            raise AttributeError(self.name)  # as `_TimestampAttribute`: no default
        value = instance.__dict__[self.name]
        return value.text if type(value) is Hidden else value

    def __set__(self, instance: object, value: object) -> None:
        raise AttributeError(f"{type(instance).__name__} is immutable")


def _without_inputs(exc: ValidationError) -> ValidationError:
    """The same errors (type, location, message), without the input values pydantic's
    `errors()` and `json()` return even under ``hide_input_in_errors``."""
    details: list[InitErrorDetails] = [
        {
            "type": PydanticCustomError(
                error["type"], error["msg"].replace("{", "{{").replace("}", "}}")
            ),
            "loc": error["loc"],
            "input": None,
        }
        for error in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return ValidationError.from_exception_data(exc.title, details, hide_input=True)


def _every_field_required(schema: dict[str, Any], cls: type[Any]) -> None:
    if "properties" in schema:
        schema["required"] = list(schema["properties"])


class WireModel(BaseModel):
    """Base of the protocol's models.

    - strict: no coercion (``"5"`` is not a number, ``1`` is not a boolean);
    - closed: unknown fields are rejected at every level;
    - frozen: a message is a value, safe to share between tasks and broadcasts;
    - wire names: built from Python names or wire names, dumped with wire names;
    - secrets (`access_token`, `client_secret`) never shown by ``repr``/``str``/dumps;
    - timestamps read as aware datetimes, stored as the canonical wire text;
    - built lazily: validators and serializers are made on first use, not at import
      (``defer_build``), and each field's docstring becomes its description before that
      (a subclass that sets ``defer_build=False`` would build without them).
    """

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        # Validation reads wire names only, so `model_validate_json` and a TypeAdapter of
        # the unions accept what the wire accepts; `__init__` also takes Python names.
        validate_by_name=False,
        validate_by_alias=True,
        serialize_by_alias=True,
        hide_input_in_errors=True,
        allow_inf_nan=False,
        # Field docstrings become descriptions in __pydantic_init_subclass__, read more
        # cheaply than pydantic's use_attribute_docstrings does (docs/performance.md).
        use_attribute_docstrings=False,
        defer_build=True,
        cache_strings="keys",
        # Every field is required on the wire, defaults (the event tags) included.
        json_schema_extra=_every_field_required,
    )

    __slots__ = (_READ,)  # the datetimes of timestamp fields, made on first read

    __sensitive_fields__: ClassVar[frozenset[str]] = frozenset()
    __secret_keys__: ClassVar[frozenset[str]] = frozenset()
    """The keys a dump writes secrets under: Python and wire names."""
    __timestamp_fields__: ClassVar[frozenset[str]] = frozenset()
    __wire_names__: ClassVar[Mapping[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        docs = module_attribute_docstrings(cls.__module__).get(cls.__qualname__, {})
        for name, info in cls.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
        model = describe(cls)
        timestamps = set()
        for field in model.fields:
            kind = field.type.inner if isinstance(field.type, Nullable) else field.type
            if kind == AliasRef("Timestamp"):
                timestamps.add(field.python_name)
                setattr(cls, field.python_name, _TimestampAttribute(field.python_name))
        revealed = [field.name for field in model.fields if field.secret == "revealed"]  # noqa: S105 (a secret kind, not a secret)
        if revealed and not issubclass(cls, RevealedSecretsModel):
            # Its field serializer alone would let `serialize_as_any` write it in clear.
            raise TypeError(
                f"{cls.__name__}: a model with a revealed secret ({', '.join(revealed)}) "
                "must derive from RevealedSecretsModel, whose serializer masks it"
            )
        cls.__sensitive_fields__ = frozenset(f.python_name for f in model.fields if f.secret)
        for name in cls.__sensitive_fields__:
            setattr(cls, name, _SecretAttribute(name))
        cls.__secret_keys__ = frozenset(
            key for f in model.fields if f.secret for key in (f.name, f.python_name)
        )
        cls.__timestamp_fields__ = frozenset(timestamps)
        cls.__wire_names__ = {field.python_name: field.name for field in model.fields}

    def __init__(self, /, **data: Any) -> None:
        """Build a model from its fields, by Python name (``project_id``) or wire name.

        Raises:
            pydantic.ValidationError: A field is wrong; its errors carry no input value.
        """
        names = self.__wire_names__
        try:
            super().__init__(**{names.get(key, key): value for key, value in data.items()})
        except ValidationError as exc:
            scrubbed = _without_inputs(exc)
        else:
            return
        raise scrubbed  # outside the handler: no __context__ holding the inputs

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """`pydantic.BaseModel.model_validate`, whose errors carry no input value."""
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            scrubbed = _without_inputs(exc)
        raise scrubbed

    @classmethod
    def model_validate_json(cls, json_data: Any, **kwargs: Any) -> Self:
        """`pydantic.BaseModel.model_validate_json`, whose errors carry no input value."""
        try:
            return super().model_validate_json(json_data, **kwargs)
        except ValidationError as exc:
            scrubbed = _without_inputs(exc)
        raise scrubbed

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        """`pydantic.BaseModel.model_dump`; secrets masked whatever the options
        (``serialize_as_any`` would serialize them by their runtime type, `str`)."""
        kwargs["serialize_as_any"] = False
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        """`pydantic.BaseModel.model_dump_json`; secrets masked whatever the options."""
        kwargs["serialize_as_any"] = False
        return super().model_dump_json(**kwargs)

    def __getstate__(self) -> dict[Any, Any]:
        # A pickle leaves the process: it carries secrets masked, like every dump.
        state = super().__getstate__()
        hidden = self.__sensitive_fields__
        values = state["__dict__"]
        if any(values.get(name) is not None for name in hidden):
            state["__dict__"] = {
                name: MASK if name in hidden and value is not None else value
                for name, value in values.items()
            }
        return state

    # Validation must not call this: it reads wire names only, in Rust. pydantic calls
    # an `__init__` it does not recognise as its own for every validated instance
    # (`custom_init`), as JSON parsing would then; RootModel marks its own the same way.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Mapping[str, Any] | None = None,
    ) -> bool | None:
        """Build (or rebuild) the model's schema; see `pydantic.BaseModel.model_rebuild`.

        The models are built on first use. pydantic's rebuild then reads the namespace of a
        caller five frames up, which does not exist when the first use is at a script's top
        level (``ValueError: call stack is not deep enough``). Every annotation here resolves
        in its own module, so no caller namespace is needed: pass an empty one.
        """
        return super().model_rebuild(
            force=force,
            raise_errors=raise_errors,
            _parent_namespace_depth=_parent_namespace_depth,
            _types_namespace={} if _types_namespace is None else _types_namespace,
        )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        hidden = self.__sensitive_fields__
        timestamps = self.__timestamp_fields__
        for name, value in super().__repr_args__():
            if name in hidden and value is not None:
                yield name, MASK
            elif name in timestamps:
                yield name, getattr(self, name)
            else:
                yield name, value

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; unlike plain pydantic, the ``update`` is validated like any input.

        Args:
            update: New values by Python or wire name.
            deep: Copy nested values too (only meaningful without ``update``).
        """
        if not update:
            return super().model_copy(deep=deep)
        names = self.__wire_names__
        fields = {names[name]: value for name, value in self.__dict__.items()}
        fields.update({names.get(key, key): value for key, value in update.items()})
        return self.model_validate(fields)


class RevealedSecretsModel(WireModel):
    """Base of a model holding a revealed secret (written in clear by `encode` only).

    Under `serialize_as_any` pydantic writes a field by its runtime type, skipping the
    field's serializer; a model's own serializer always runs, so this one masks the
    revealed secrets in every dump but `encode`'s. `WireModel` refuses a revealed secret
    in a model that does not derive from this class.
    """

    @model_serializer(mode="wrap")
    def _secret_masked(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        return mask_revealed(handler(self), info, self.__secret_keys__)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The serializer above writes the fields as they are: its JSON Schema (pydantic
        # would make it "any", from the return type) is the model's own.
        if schema.get("type") == "model" and "serialization" in schema:
            schema = {key: value for key, value in schema.items() if key != "serialization"}
        return handler(schema)
