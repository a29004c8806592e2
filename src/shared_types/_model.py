"""The base of every protocol model: strict, frozen, wire names, secrets masked in repr."""

from __future__ import annotations

import ast
import inspect
import linecache
import sys
from collections.abc import Iterator, Mapping
from functools import cache
from itertools import pairwise
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict
from typing_extensions import Self

from ._wire import MASK, is_sensitive, is_timestamp, parse_timestamp

__all__ = ["WireModel"]


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


@cache
def module_attribute_docstrings(module_name: str) -> Mapping[str, Mapping[str, str]]:
    """Every class of a module by qualified name, with the docstrings of its attributes.

    What pydantic's ``use_attribute_docstrings`` finds, read with one parse of the whole
    module instead of one `inspect` source search per class (which made up a tenth of
    ``import shared_types``). A name defined twice maps to nothing (ambiguous). The key
    ``""`` holds the module's own documented assignments (``ProjectAction = ...``), which
    the exporters use.
    """
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    if module is None or not filename:
        return {}
    try:
        tree = ast.parse("".join(linecache.getlines(filename, vars(module))))
    except (SyntaxError, ValueError):
        return {}
    found: dict[str, Mapping[str, str]] = {}
    ambiguous: set[str] = set()

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                name = prefix + child.name
                if name in found:
                    ambiguous.add(name)
                found[name] = _attribute_docstrings(child.body)
                visit(child, name + ".")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{prefix}{child.name}.<locals>.")
            elif isinstance(child, (ast.stmt, ast.excepthandler)):
                visit(child, prefix)

    visit(tree, "")
    found[""] = _attribute_docstrings(tree.body)
    return {name: docs for name, docs in found.items() if name not in ambiguous}


def _attribute_docstrings(body: list[ast.stmt]) -> Mapping[str, str]:
    """``name: T`` (pydantic's rule for a field doc) or ``name = ...`` directly followed by
    a string literal. Plain assignments in a model's body are not fields, so only the
    module's documented aliases use them."""
    docs = {}
    for statement, following in pairwise(body):
        if not (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            continue
        targets: list[ast.expr]
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        elif isinstance(statement, ast.Assign):
            targets = statement.targets
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                docs[target.id] = inspect.cleandoc(following.value.value)
    return docs


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
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        hide_input_in_errors=True,
        allow_inf_nan=False,
        # Field docstrings become descriptions in __pydantic_init_subclass__, read more
        # cheaply than pydantic's use_attribute_docstrings does (docs/performance.md).
        use_attribute_docstrings=False,
        defer_build=True,
        cache_strings="keys",
    )

    __sensitive_fields__: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        docs = module_attribute_docstrings(cls.__module__).get(cls.__qualname__, {})
        sensitive = set()
        for name, field in cls.model_fields.items():
            if field.description is None and name in docs:
                field.description = docs[name]
            if is_sensitive(field.metadata, field.annotation):
                sensitive.add(name)
            if is_timestamp(field.metadata):
                setattr(cls, name, _TimestampAttribute(name))
        cls.__sensitive_fields__ = frozenset(sensitive)

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
