"""The public strategies: registered with hypothesis, narrowed on request, reaching the edges."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
import warnings
from collections.abc import Callable
from datetime import timedelta
from importlib.metadata import entry_points
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning, InvalidArgument

import shared_types
from shared_types import (
    ERROR_CODES,
    MAX_SAFE_INTEGER,
    ClientToServerMessage,
    ErrorMessage,
    Message,
    ProjectInfo,
    ProjectsUpdateMessage,
    ServerToClientMessage,
    StartOutboundMessage,
    encode,
    parse_client_message,
    parse_server_message,
    testing,
)
from shared_types._hypothesis_hook import PUBLIC_MODELS
from shared_types._json_values import CALLER_MAX_DEPTH
from shared_types.contract import protocol
from shared_types.testing import (
    client_messages,
    invalid_wire_messages,
    json_values,
    messages,
    model_strategy,
    project_infos,
    server_messages,
    timestamps,
    wire_messages,
)
from shared_types.testing._respellings import as_received
from shared_types.testing._strategies import _depth

UNIONS = {
    "ClientToServerMessage": ClientToServerMessage,
    "ServerToClientMessage": ServerToClientMessage,
    "Message": Message,
}


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )


# --------------------------------------------------------------------------- registration


def test_every_model_of_the_contract_is_public() -> None:
    assert {model.__name__ for model in PUBLIC_MODELS} == set(protocol().models)
    assert len(PUBLIC_MODELS) == 15


@pytest.mark.parametrize("name", list(protocol().models))
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_every_model_of_the_contract_has_a_strategy(name: str, data: st.DataObject) -> None:
    assert type(data.draw(model_strategy(name))) is protocol().models[name].cls


def test_the_hypothesis_entry_point_is_installed() -> None:
    hooks = [
        entry
        for entry in entry_points(group="hypothesis")
        if entry.value.startswith("_shared_types")
    ]
    assert [entry.value for entry in hooks] == ["_shared_types_hypothesis:_hypothesis_setup_hook"]


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model.__name__)
@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_from_type_works_for_every_model(model: type[Any], data: st.DataObject) -> None:
    value = data.draw(st.from_type(model))
    assert type(value) is model
    assert type(value).model_validate(value.model_dump() | _secrets(value)) is not None


def _secrets(value: Any) -> dict[str, Any]:
    # model_dump masks the client secret; give it back to rebuild the model.
    return {"client_secret": value.client_secret} if hasattr(value, "client_secret") else {}


@pytest.mark.parametrize("name", UNIONS)
@settings(max_examples=30)
@given(data=st.data())
def test_from_type_works_for_the_unions(name: str, data: st.DataObject) -> None:
    union = UNIONS[name]
    members = typing.get_args(typing.get_args(union)[0] if name != "Message" else union)
    value = data.draw(st.from_type(union))  # type: ignore[arg-type] # a type form, not a class
    assert isinstance(value, members)


def test_from_type_works_in_a_fresh_interpreter_without_importing_testing() -> None:
    result = _run(
        "import sys\n"
        "from hypothesis import strategies as st\n"
        "from shared_types import ServerToClientMessage, StartOutboundMessage\n"
        "assert isinstance(st.from_type(StartOutboundMessage).example(), StartOutboundMessage)\n"
        "assert st.from_type(ServerToClientMessage).example().event\n"
        "print('ok')\n"
    )
    assert result.stdout.strip().endswith("ok"), result.stderr


@pytest.mark.parametrize(
    "imports",
    [
        "from hypothesis import strategies as st\nimport shared_types\n",
        "import shared_types\nfrom hypothesis import strategies as st\n",
    ],
    ids=["hypothesis first", "shared_types first"],
)
def test_from_type_works_in_either_import_order(imports: str) -> None:
    result = _run(
        imports + "from shared_types import ProjectInfo\n"
        "assert isinstance(st.from_type(ProjectInfo).example(), ProjectInfo)\n"
        "print('ok')\n"
    )
    assert result.stdout.strip().endswith("ok"), result.stderr


def test_importing_hypothesis_does_not_import_shared_types() -> None:
    # The plugin runs on every `import hypothesis`: it must not load the library.
    result = _run(
        "import sys, hypothesis\n"
        "loaded = [name for name in sys.modules if name.startswith(('shared_types', 'pydantic'))]\n"
        "assert not loaded, loaded\n"
        "assert '_shared_types_hypothesis' in sys.modules, 'the plugin did not run'\n"
        "print('ok')\n"
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_importing_shared_types_does_not_import_hypothesis() -> None:
    result = _run(
        "import sys, shared_types\n"
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'\n"
        "assert 'shared_types.testing' not in sys.modules\n"
        "print('ok')\n"
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_without_hypothesis_the_import_error_names_the_install_command() -> None:
    result = _run(
        "import sys\n"
        "sys.modules['hypothesis'] = None  # as if it were not installed\n"
        "import shared_types\n"
        "try:\n"
        "    import shared_types.testing\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    assert "pip install hypothesis" in result.stdout, result.stderr


def test_the_testing_module_is_reachable_as_an_attribute_once_imported() -> None:
    assert shared_types.testing is testing
    assert sorted(testing.__all__) == testing.__all__


# --------------------------------------------------------------------------- narrowing


@given(server_messages(events=["error"]))
def test_events_narrow_the_strategy(message: ServerToClientMessage) -> None:
    assert isinstance(message, ErrorMessage)


@given(messages(events=["startOutbound", "projectsUpdate"], project_id="p-1"))
def test_a_fixed_project_id_is_every_project_id(message: Message) -> None:
    if isinstance(message, StartOutboundMessage):
        assert message.payload.project.project_id == "p-1"
    else:
        assert isinstance(message, ProjectsUpdateMessage)
        assert {project.project_id for project in message.payload.data} <= {"p-1"}
        assert message.payload.triggered_by in ("p-1", "system")


@given(client_messages(events=["stopOutbound"], project_id=st.sampled_from(["a", "b"])))
def test_a_strategy_of_project_ids(message: ClientToServerMessage) -> None:
    assert message.payload.project.project_id in ("a", "b")


@pytest.mark.parametrize(
    "make",
    [
        lambda: client_messages(events=["error"]),
        lambda: server_messages(events=["startOutbound"]),
        lambda: server_messages(events="error"),
        lambda: messages(events=[]),
        lambda: client_messages(project_id=""),
        lambda: wire_messages("both"),  # type: ignore[arg-type] # the mistake under test
        lambda: invalid_wire_messages("client", codes=["badCode"]),
    ],
)
def test_bad_arguments_fail_at_once(make: Callable[[], Any]) -> None:
    with pytest.raises(InvalidArgument):
        make()


# --------------------------------------------------------------------------- the edges are reached

# No shrinking: the first example found is proof enough, and shrinking big messages is slow.
_FIND = settings(max_examples=5000, derandomize=True, database=None, phases=[Phase.generate])


def _finds(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> None:
    with warnings.catch_warnings():
        # A found snapshot of many long-named projects has a large repr: that is fine.
        warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)
        find(strategy, condition, settings=settings(_FIND, suppress_health_check=list(HealthCheck)))


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("count at 0", lambda p: p.agent_quantity == 0),
        ("count at 2**53-1", lambda p: p.agent_quantity == MAX_SAFE_INTEGER),
        ("null token", lambda p: p.access_token is None),
        ("empty token", lambda p: p.access_token == ""),
        ("null caller", lambda p: p.caller is None),
        ("nested caller", lambda p: isinstance(p.caller, (list, dict)) and _depth(p.caller) >= 3),
        ("deepest caller", lambda p: _depth(p.caller) == CALLER_MAX_DEPTH),
        ("long id", lambda p: len(p.project_id) >= 200),
        ("astral id", lambda p: any(ord(c) > 0xFFFF for c in p.project_id)),
        ("control character", lambda p: any(ord(c) < 0x20 for c in p.client_id)),
        ("year 1", lambda p: p.created_at.year == 1),
        ("year 9999", lambda p: p.updated_at.year == 9999),
    ],
)
def test_project_infos_reach_the_edges(name: str, condition: Callable[[ProjectInfo], bool]) -> None:
    _finds(project_infos(), condition)


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("other offset", lambda t: t.utcoffset() not in (None, timedelta(0))),
        ("odd offset", lambda t: t.utcoffset() % timedelta(minutes=1) != timedelta(0)),
        ("last microsecond of a millisecond", lambda t: t.microsecond % 1000 == 999),
        (
            "first microsecond of a millisecond",
            lambda t: t.microsecond % 1000 == 0 and t.microsecond,
        ),
    ],
)
def test_timestamps_reach_the_edges(name: str, condition: Callable[[Any], bool]) -> None:
    _finds(timestamps(), condition)


@pytest.mark.parametrize("max_depth", [0, 1, 2, 3])
@given(data=st.data())
def test_json_values_never_nest_deeper_than_asked(max_depth: int, data: st.DataObject) -> None:
    value = data.draw(json_values(max_depth=max_depth))
    json.dumps(value)  # plain JSON
    assert _nesting(value) <= max_depth


def _nesting(value: object) -> int:
    """How many arrays and objects enclose the deepest value (as `caller`'s bound counts:
    an empty one encloses nothing)."""
    children = list(value.values()) if isinstance(value, dict) else value
    if isinstance(children, list) and children:
        return 1 + max(map(_nesting, children))
    return 0


def test_json_values_reach_floats_and_empty_containers() -> None:
    _finds(json_values(), lambda v: isinstance(v, float) and not v.is_integer())
    _finds(json_values(), lambda v: v in ({}, []))


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("no projects", lambda m: m.event == "projectsUpdate" and not m.payload.data),
        ("many projects", lambda m: m.event == "projectsUpdate" and len(m.payload.data) >= 10),
        (
            "stats not of data",
            lambda m: (
                m.event == "projectsUpdate"
                and m.payload.stats.total_projects != len(m.payload.data)
            ),
        ),
        ("empty error message", lambda m: m.event == "error" and m.payload.message == ""),
        (
            "free-form action",
            lambda m: (
                m.event == "projectStatusChange"
                and m.payload.data.new_action not in ("init", "active")
            ),
        ),
    ],
)
def test_server_messages_reach_the_edges(name: str, condition: Callable[[Any], bool]) -> None:
    _finds(server_messages(), condition)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(data=st.data())
def _draw_update_sizes(data: st.DataObject, sizes: list[int]) -> None:
    message = data.draw(server_messages(events=["projectsUpdate"]))
    assert isinstance(message, ProjectsUpdateMessage)
    sizes.append(len(message.payload.data))


def test_a_tenth_of_the_snapshots_carry_five_projects_or_more() -> None:
    sizes: list[int] = []
    _draw_update_sizes(sizes=sizes)
    share = sum(size >= 5 for size in sizes) / len(sizes)
    assert share >= 0.10, f"{share:.0%} of {len(sizes)} snapshots have 5+ projects"


@settings(max_examples=5, deadline=None)
@given(server_messages(events=["projectsUpdate"], project_count=(200, 400)))
def test_large_snapshots_draw_without_health_check_failures(message: ProjectsUpdateMessage) -> None:
    data = message.payload.data
    assert 200 <= len(data) <= 400
    assert len({project.project_id for project in data}) == len(data)
    # Hundreds of projects with long strings can pass the default 1 MiB frame limit.
    text = encode(message)
    assert parse_server_message(text, max_bytes=len(text.encode())) == as_received(message)


@pytest.mark.parametrize("count", [-1, (5, 2), "3", (1, "x")])
def test_a_bad_project_count_is_refused_at_once(count: Any) -> None:
    with pytest.raises(InvalidArgument, match="project_count"):
        server_messages(project_count=count)


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("null error", lambda m: m.event == "startOutbound" and m.payload.project.error is None),
        ("empty error", lambda m: m.event == "startOutbound" and m.payload.project.error == ""),
        ("stop", lambda m: m.event == "stopOutbound"),
    ],
)
def test_client_messages_reach_the_edges(name: str, condition: Callable[[Any], bool]) -> None:
    _finds(client_messages(), condition)


@pytest.mark.parametrize("direction", ["client", "server"])
@pytest.mark.parametrize("code", ERROR_CODES)
def test_invalid_wire_messages_cover_every_code(direction: str, code: str) -> None:
    _finds(invalid_wire_messages(direction), lambda case: case.code == code)  # type: ignore[arg-type] # a Sender


@pytest.mark.parametrize(
    ("name", "condition"),
    [
        ("offset", lambda t: "+05:30" in t or "-09:30" in t or "+14:00" in t),
        ("more fraction digits", lambda t: any(f".{d}" in t for d in ("0000", "1234"))),
        ("integral float", lambda t: ".0," in t or ".0}" in t or "e0" in t),
        ("whitespace", lambda t: "\n" in t),
        ("escapes", lambda t: "\\u00" in t),
    ],
)
def test_wire_messages_reach_non_canonical_forms(
    name: str, condition: Callable[[str], bool]
) -> None:
    _finds(wire_messages("server"), condition)


@given(wire_messages("client"))
def test_wire_messages_are_not_canonical_text_only(text: str) -> None:
    # Sanity for the property above: every text still means a message.
    assert encode(parse_client_message(text))


@given(wire_messages("server"))
def test_server_wire_messages_parse(text: str) -> None:
    assert encode(parse_server_message(text))
