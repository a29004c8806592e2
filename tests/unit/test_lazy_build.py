"""`import shared_types` builds no validator; first use does, and nothing is lost by waiting.

See docs/performance.md (import time): models use ``defer_build`` and the parsers'
union adapters are built on first use; field docstrings become descriptions through
one parse of the module source instead of pydantic's per-class source search.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from pydantic import BaseModel
from pydantic._internal._docs_extraction import extract_docstrings_from_cls

import shared_types
from shared_types._docstrings import module_attribute_docstrings
from shared_types._model import WireModel

MODELS = [
    getattr(shared_types, name)
    for name in shared_types.__all__
    if isinstance(getattr(shared_types, name), type)
    and issubclass(getattr(shared_types, name), BaseModel)
]


def test_every_protocol_model_is_checked() -> None:
    assert len(MODELS) == 15
    assert all(issubclass(model, WireModel) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_descriptions_are_what_pydantic_would_extract(model: type[BaseModel]) -> None:
    expected = extract_docstrings_from_cls(model, use_inspect=True)
    assert expected, "every protocol model documents its fields"
    got = {name: field.description for name, field in model.model_fields.items()}
    for name, doc in expected.items():
        assert got[name] == doc
    assert all(description for description in got.values())


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_descriptions_reach_the_json_schema(model: type[BaseModel]) -> None:
    properties = model.model_json_schema(by_alias=True)["properties"]
    for name, field in model.model_fields.items():
        assert properties[field.alias or name]["description"] == field.description


def test_nested_and_local_classes_get_their_own_docstrings() -> None:
    def make() -> type[WireModel]:
        class Local(WireModel):
            value: bool
            """The local value."""

            class Inner(WireModel):
                other: bool
                """The inner value."""

        return Local

    local = make()
    assert local.model_fields["value"].description == "The local value."
    inner = local.Inner  # type: ignore[attr-defined] # defined in the class body above
    assert inner.model_fields["other"].description == "The inner value."
    docs = module_attribute_docstrings(__name__)
    assert "test_nested_and_local_classes_get_their_own_docstrings.<locals>.make" not in docs
    assert docs[local.__qualname__] == {"value": "The local value."}


def test_a_wire_model_refuses_a_type_the_contract_does_not_know() -> None:
    with pytest.raises(TypeError, match=r"Bad\.count: a plain int is not on the wire"):

        class Bad(WireModel):
            count: int


def test_import_builds_nothing_and_first_use_builds_what_it_needs() -> None:
    code = textwrap.dedent(
        """
        import shared_types
        from shared_types import _codec

        models = [shared_types.ProjectInfo, shared_types.StartOutboundMessage]
        assert not any(model.__pydantic_complete__ for model in models)
        assert _codec._SERVER.validate_json == _codec._SERVER._build_then_validate_json
        message = shared_types.parse_client_message(
            '{"event":"stopOutbound","payload":{"project":{"projectId":"p"}}}'
        )
        assert _codec._CLIENT.validate_json != _codec._CLIENT._build_then_validate_json
        assert _codec._SERVER.validate_json == _codec._SERVER._build_then_validate_json
        assert shared_types.encode(message) == (
            '{"event":"stopOutbound","payload":{"project":{"projectId":"p"}}}'
        )
        print("ok")
        """
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_a_first_use_at_a_scripts_top_level_builds_the_model() -> None:
    # pydantic's rebuild of a deferred model looks five frames up the stack for a namespace;
    # at a script's top level there are none (`call stack is not deep enough`).
    code = textwrap.dedent(
        """
        from pydantic import TypeAdapter
        from shared_types import ProjectInfo, ProjectRef, ProjectsUpdateMessage

        ref = ProjectRef.__pydantic_validator__.validate_python({"projectId": "p"})
        assert ref.project_id == "p"
        refs = TypeAdapter(list[ProjectRef]).validate_python([{"projectId": "q"}])
        assert refs[0].project_id == "q"
        assert ProjectInfo.__pydantic_core_schema__["type"] in {"model", "definitions"}
        assert ProjectsUpdateMessage.__pydantic_serializer__ is not None
        print("ok")
        """
    )
    done = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
