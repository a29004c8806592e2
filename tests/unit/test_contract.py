"""The contract's types behave as the frozen dataclasses they replaced (docs/performance.md).

Plain classes on `contract._Value`, for import time: built by position or keyword, equal
and hashed by value (`Model.cls` left out), shown by value, matched by position, frozen,
pickled and copied by their constructor's arguments.
"""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError

import pytest

from shared_types import ProjectInfo, ProjectRef
from shared_types.contract import (
    AliasRef,
    Array,
    Field,
    Integer,
    Model,
    ModelRef,
    Nullable,
    StringConst,
    Text,
    innermost,
    protocol,
)


def test_built_by_position_or_keyword_with_the_same_defaults() -> None:
    assert Field("a", "a", Text(), "") == Field(name="a", python_name="a", type=Text(), doc="")
    assert Field("a", "a", Text(), "").secret is None
    assert Text() == Text(0) == Text(min_length=0)
    assert Integer(0, 9) == Integer(minimum=0, maximum=9)


def test_equal_and_hashed_by_value_per_class() -> None:
    assert Nullable(StringConst("***")) == Nullable(StringConst("***"))
    assert hash(Array(ModelRef("X"))) == hash(Array(ModelRef("X")))
    assert Text(1) != Text(0)
    assert ModelRef("X") != AliasRef("X")  # same attributes, another type
    assert len({ModelRef("X"), ModelRef("X"), AliasRef("X")}) == 2


def test_a_models_class_is_neither_compared_nor_shown() -> None:
    one = Model("M", "", (), ProjectInfo)
    other = Model("M", "", (), ProjectRef)
    assert one == other
    assert hash(one) == hash(other)
    assert repr(one) == "Model(name='M', doc='', fields=())"
    assert one.cls is ProjectInfo


def test_shown_by_value() -> None:
    assert repr(Nullable(Integer(0, 9))) == "Nullable(inner=Integer(minimum=0, maximum=9))"


def test_matched_by_position() -> None:
    match protocol().models["ProjectInfo"].field("access_token").type:
        case Nullable(StringConst(value)):
            assert value == "***"
        case other:  # pragma: no cover - the assertion below reports it
            pytest.fail(f"not matched: {other!r}")


def test_frozen() -> None:
    kind = Text(1)
    with pytest.raises(FrozenInstanceError):
        kind.min_length = 2  # the assignment under test
    with pytest.raises(FrozenInstanceError):
        del kind.min_length  # the deletion under test
    assert kind == Text(1)


def test_pickled_and_copied_by_value() -> None:
    contract = protocol()
    model = contract.models["ProjectInfo"]
    again = pickle.loads(pickle.dumps(model))  # noqa: S301 (our own pickle)
    assert again == model
    assert again.cls is model.cls
    assert copy.deepcopy(contract) == contract
    assert copy.copy(model.fields[0]) == model.fields[0]


def test_innermost_takes_off_every_wrapper() -> None:
    assert innermost(Nullable(Array(Nullable(ModelRef("X"))))) == ModelRef("X")
    assert innermost(AliasRef("Timestamp")) == AliasRef("Timestamp")
