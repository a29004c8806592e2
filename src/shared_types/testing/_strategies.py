"""Strategies of valid model instances, across the whole space the models accept."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta, timezone
from typing import Any, TypeAlias, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from shared_types import (
    ERROR_CODES,
    MAX_SAFE_INTEGER,
    ClientToServerMessage,
    Message,
    ProjectInfo,
    ProjectStats,
    ServerToClientMessage,
)
from shared_types._json_values import CALLER_MAX_DEPTH
from shared_types.contract import (
    AliasRef,
    Array,
    Boolean,
    Field,
    Integer,
    JsonAny,
    ModelRef,
    Nullable,
    StringConst,
    StringEnum,
    Text,
    Type,
    protocol,
)

from ._arguments import chosen_among

__all__ = [
    "ProjectCount",
    "ProjectIds",
    "client_messages",
    "json_values",
    "messages",
    "model_strategy",
    "project_infos",
    "server_messages",
    "strings",
    "timestamps",
]

T = TypeVar("T")

ProjectIds: TypeAlias = "str | st.SearchStrategy[str] | None"
"""A fixed project id, a strategy of ids, or None for any non-empty string."""

ProjectCount: TypeAlias = "int | tuple[int, int] | None"
"""How many projects a snapshot carries: exactly ``n``, from ``lo`` to ``hi``, or None for
the default mix (none, a few, and 5 to 30 in at least a tenth of the draws)."""

# Every code point JSON can carry: all of Unicode but the surrogates.
_CHARACTERS = st.characters(codec="utf-8")

_ODD_STRINGS = (
    "",
    " ",
    "\x00",
    "\t\n\r",
    "\x7f",
    '"\\/',
    "\u2028\u2029",
    "\ufeff",
    "\ufffd",
    "\uffff",
    "\U0010ffff",
    "e\u0301",
    "\U0001f600",
    "</script>",
    "***",
    "null",
    "system",
)


def strings(*, min_size: int = 0) -> st.SearchStrategy[str]:
    """Strings JSON can carry: short, long (hundreds of characters), and odd ones.

    Any Unicode but lone surrogates: control characters, NUL, astral characters,
    U+2028, noncharacters.
    """
    return st.one_of(
        st.text(_CHARACTERS, min_size=min_size, max_size=16),
        st.sampled_from([text for text in _ODD_STRINGS if len(text) >= min_size]),
        st.text(_CHARACTERS, min_size=max(min_size, 200), max_size=600),
    )


_IDS = strings(min_size=1)


def _ids(project_id: ProjectIds) -> st.SearchStrategy[str]:
    if project_id is None:
        return _IDS
    if isinstance(project_id, st.SearchStrategy):
        return project_id
    if not isinstance(project_id, str) or not project_id:
        raise InvalidArgument(f"project_id must be a non-empty string, got {project_id!r}")
    return st.just(project_id)


# --------------------------------------------------------------------------- numbers, timestamps


def _integers(minimum: int, maximum: int) -> st.SearchStrategy[int]:
    edges = sorted(
        value
        for value in {minimum, minimum + 1, 0, 1, maximum - 1, maximum}
        if minimum <= value <= maximum
    )
    return st.one_of(st.sampled_from(edges), st.integers(minimum, maximum))


# `timezone` takes any offset strictly within a day, to the microsecond.
_DAY = timedelta(days=1)
_OFFSETS = st.one_of(
    st.just(timezone.utc),
    st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m))),
    st.timedeltas(
        min_value=-_DAY + timedelta(microseconds=1), max_value=_DAY - timedelta(microseconds=1)
    ).map(timezone),
)
_EARLIEST = datetime(1, 1, 1)
_LATEST = datetime(9999, 12, 31, 23, 59, 59, 999_999)
_INSTANTS = st.one_of(
    st.datetimes(min_value=_EARLIEST, max_value=_LATEST),
    st.sampled_from(
        (
            _EARLIEST,
            _LATEST,
            datetime(1970, 1, 1),
            datetime(2000, 2, 29, 23, 59, 59, 999_999),
            datetime(2024, 12, 31, 23, 59, 59, 999_500),
        )
    ),
)
# Milliseconds are truncated, so the edges are where a microsecond tips the digit.
_MICROSECONDS = st.sampled_from(
    (0, 1, 999, 1000, 1001, 499_999, 500_000, 998_999, 999_000, 999_999)
)


@st.composite
def timestamps(draw: st.DrawFn) -> datetime:
    """Aware datetimes the models accept: any offset, years 1-9999 once in UTC.

    Offsets range over a whole day either way (minutes, and odd ones to the
    microsecond); microseconds favour the millisecond edges (``.999999``, ``.001000``).
    """
    instant = draw(_INSTANTS)
    if draw(st.booleans()):
        instant = instant.replace(microsecond=draw(_MICROSECONDS))
    utc = instant.replace(tzinfo=timezone.utc)
    try:
        return utc.astimezone(draw(_OFFSETS))
    except OverflowError:  # the local time would fall outside years 1-9999
        return utc


# --------------------------------------------------------------------------- JSON values

_JSON_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER),
    st.floats(allow_nan=False, allow_infinity=False),
    strings(),
)
_KEYS = st.one_of(st.text(_CHARACTERS, max_size=12), st.sampled_from(_ODD_STRINGS))


def _depth(value: Any) -> int:
    """How many arrays and objects enclose the deepest value in ``value`` (0 for a scalar)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, (dict, list)):
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


@st.composite
def _deep(draw: st.DrawFn, inner: st.SearchStrategy[Any], max_depth: int) -> Any:
    value = draw(inner)
    room = max_depth - _depth(value)
    levels = draw(st.one_of(st.just(room), st.integers(0, room)))
    kinds = draw(st.lists(st.booleans(), min_size=levels, max_size=levels))
    key = draw(_KEYS)
    for as_list in kinds:
        value = [value] if as_list else {key: value}
    return value


def json_values(*, max_depth: int = CALLER_MAX_DEPTH) -> st.SearchStrategy[Any]:
    """Any JSON value, as `caller` holds it: null, booleans, finite numbers, strings, nested.

    Integers stay within ±(2**53 - 1) so that JavaScript reads them exactly. Some values
    nest right up to ``max_depth`` arrays and objects (by default as deep as `caller`
    may go in a message), none deeper.
    """
    if max_depth < 0:
        raise ValueError(f"max_depth must be 0 or more, not {max_depth}")
    tree = st.recursive(
        _JSON_SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(_KEYS, children, max_size=4),
        ),
        max_leaves=12,
    ).filter(lambda value: _depth(value) <= max_depth)
    return st.one_of(tree, _deep(tree, max_depth))


# --------------------------------------------------------------------------- models


def _nullable(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


# A model's strategy is derived from its description in the contract, field by field;
# the few refinements below only make values more realistic (ids shared through a
# message, stats that match their snapshot). A new event needs none of them.

_ACTION_TYPE = protocol().aliases["ProjectAction"].type
_ACTIONS = _ACTION_TYPE.values if isinstance(_ACTION_TYPE, StringEnum) else ()

# (model, wire name) -> a strategy that replaces the derived one.
_FIELD_REFINEMENTS: dict[tuple[str, str], Callable[[Options], st.SearchStrategy[Any]]] = {
    # The spec types the actions as any string: mostly real actions, sometimes anything.
    ("ProjectStatusChange", "oldAction"): lambda _: st.one_of(st.sampled_from(_ACTIONS), strings()),
    ("ProjectStatusChange", "newAction"): lambda _: st.one_of(st.sampled_from(_ACTIONS), strings()),
    ("ErrorPayload", "error"): lambda _: st.one_of(st.sampled_from(ERROR_CODES), strings()),
    ("ProjectsUpdatePayload", "triggeredBy"): lambda options: st.one_of(
        st.just("system"), options.ids
    ),
}


class Options:
    """What the public strategies were asked for, passed down to every field."""

    __slots__ = ("built", "ids", "project_count", "unique_ids")

    def __init__(self, project_id: ProjectIds, project_count: ProjectCount) -> None:
        self.built: dict[str, st.SearchStrategy[Any]] = {}
        self.ids: st.SearchStrategy[str] = _ids(project_id)
        self.unique_ids = project_id is None
        self.project_count = _project_count(project_count)


def _project_count(count: ProjectCount) -> tuple[int, int] | None:
    if count is None:
        return None
    bounds = (count, count) if isinstance(count, int) else count
    if (
        isinstance(bounds, tuple)
        and len(bounds) == 2
        and all(type(bound) is int for bound in bounds)
        and 0 <= bounds[0] <= bounds[1]
    ):
        return bounds
    raise InvalidArgument(f"project_count must be n >= 0 or (lo, hi) with lo <= hi, got {count!r}")


def _type_strategy(kind: Type, field: Field, options: Options) -> st.SearchStrategy[Any]:
    if isinstance(kind, Nullable):
        return _nullable(_type_strategy(kind.inner, field, options))
    if isinstance(kind, AliasRef):
        if kind.name == "Timestamp":
            return timestamps()
        return _type_strategy(protocol().aliases[kind.name].type, field, options)
    if isinstance(kind, StringConst):
        # A masked secret is "***" on the wire; a model built in Python holds the real one.
        return strings() if field.secret == "masked" else st.just(kind.value)  # noqa: S105 (a kind, not a password)
    if isinstance(kind, Text):
        if field.name == "projectId":
            return options.ids
        return _IDS if kind.min_length else strings()
    if isinstance(kind, Integer):
        return _integers(kind.minimum, kind.maximum)
    if isinstance(kind, Boolean):
        return st.booleans()
    if isinstance(kind, JsonAny):
        return json_values()
    if isinstance(kind, StringEnum):
        return st.sampled_from(kind.values)
    if isinstance(kind, ModelRef):
        return _derived(kind.name, options)
    if isinstance(kind, Array):
        return _arrays(_type_strategy(kind.item, field, options), options)
    raise TypeError(f"no strategy for {kind!r}")  # pragma: no cover - the contract is closed


def _arrays(items: st.SearchStrategy[Any], options: Options) -> st.SearchStrategy[list[Any]]:
    unique = options.unique_ids
    if options.project_count is not None:
        return _sized_lists(items, *options.project_count, unique)
    return st.one_of(
        st.just([]),
        st.lists(items, min_size=1, max_size=4),
        _sized_lists(items, 5, 30, unique),
    )


@st.composite
def _sized_lists(
    draw: st.DrawFn, items: st.SearchStrategy[Any], low: int, high: int, unique_ids: bool
) -> list[Any]:
    """A list of ``low`` to ``high`` items: a few drawn, the rest copies with their own ids.

    Drawing hundreds of projects one by one overruns hypothesis's buffer; a snapshot of
    a few distinct projects repeated under distinct ids is as realistic and cheap.
    """
    size = draw(st.integers(low, high))
    distinct = draw(st.lists(items, min_size=min(size, 1), max_size=min(size, 6)))
    chosen = [distinct[index % len(distinct)] for index in range(size)] if distinct else []
    if not unique_ids:
        return chosen
    # Each project its own id: the index after the last `#` tells any two apart.
    return [
        item.model_copy(update={"project_id": f"{item.project_id}#{index}"})
        if isinstance(item, ProjectInfo)
        else item
        for index, item in enumerate(chosen)
    ]


def _stats_mostly_agree(values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    # The models do not tie `stats` to `data`: mostly they agree, as a server sends them.
    agreeing = {**values, "stats": ProjectStats.of(values["data"])}
    return st.sampled_from((agreeing, agreeing, agreeing, agreeing, values))


# model name -> a map of its drawn field values to more realistic ones.
_MODEL_REFINEMENTS: dict[str, Callable[[dict[str, Any]], st.SearchStrategy[dict[str, Any]]]] = {
    "ProjectsUpdatePayload": _stats_mostly_agree,
}


def model_strategy(name: str, options: Options | None = None) -> st.SearchStrategy[Any]:
    """Valid instances of the model of that name, derived from its contract."""
    return _instances(name, options or Options(None, None))


@st.composite
def _instances(draw: st.DrawFn, name: str, options: Options) -> Any:
    # A composite keeps the strategy's repr short (its name), not the whole tree.
    return draw(_derived(name, options))


def _derived(name: str, options: Options) -> st.SearchStrategy[Any]:
    built = options.built.get(name)
    if built is not None:
        return built
    model = protocol().models[name]
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in model.fields:
        refine = _FIELD_REFINEMENTS.get((name, field.name))
        strategy = refine(options) if refine else _type_strategy(field.type, field, options)
        fields[field.python_name] = strategy
    values = st.fixed_dictionaries(fields)
    refine_model = _MODEL_REFINEMENTS.get(name)
    if refine_model is not None:
        values = values.flatmap(refine_model)
    # Not `st.builds`: it reads pydantic's signature and would fill required fields twice.
    built = options.built[name] = values.map(lambda drawn: model.cls(**drawn))
    return built


def project_infos(*, project_id: ProjectIds = None) -> st.SearchStrategy[ProjectInfo]:
    """`ProjectInfo` values: counts at 0 and 2**53 - 1, any caller, tokens null or not."""
    return model_strategy("ProjectInfo", Options(project_id, None))


def _of_events(
    directions: Collection[str],
    events: Collection[str] | None,
    project_id: ProjectIds,
    project_count: ProjectCount,
    who: str,
) -> st.SearchStrategy[Any]:
    registry = [event.name for direction in directions for event in protocol().events[direction]]  # type: ignore[index] # a Direction
    chosen = chosen_among(events, registry, f"the events of {who}")
    options = Options(project_id, project_count)  # fails now on bad arguments, not at draw time
    return st.one_of([model_strategy(protocol().event(event).message, options) for event in chosen])


def client_messages(
    *, events: Collection[str] | None = None, project_id: ProjectIds = None
) -> st.SearchStrategy[ClientToServerMessage]:
    """Valid client → server messages (`StartOutboundMessage`, `StopOutboundMessage`).

    Args:
        events: Only these events (e.g. ``["startOutbound"]``); default: both.
        project_id: A fixed project id, or a strategy of ids, for every ``projectId``.
    """
    return _of_events(["client-to-server"], events, project_id, None, "client_messages()")


def server_messages(
    *,
    events: Collection[str] | None = None,
    project_id: ProjectIds = None,
    project_count: ProjectCount = None,
) -> st.SearchStrategy[ServerToClientMessage]:
    """Valid server → client messages (`projectsUpdate`, `projectStatusChange`, `error`).

    Args:
        events: Only these events (e.g. ``["error"]``); default: all three.
        project_id: A fixed project id, or a strategy of ids, for every ``projectId``
            (and for ``triggeredBy`` when it is not ``system``).
        project_count: How many projects each ``projectsUpdate`` carries: ``n`` or
            ``(lo, hi)``, hundreds included (``(200, 500)``); by default none, a few, or
            5 to 30, the last in at least a tenth of the draws.
    """
    return _of_events(["server-to-client"], events, project_id, project_count, "server_messages()")


def messages(
    *,
    events: Collection[str] | None = None,
    project_id: ProjectIds = None,
    project_count: ProjectCount = None,
) -> st.SearchStrategy[Message]:
    """Valid messages of either direction; ``events`` may mix both.

    Args:
        events: Only these events; default: all five.
        project_id: A fixed project id, or a strategy of ids, for every ``projectId``.
        project_count: As for `server_messages`.
    """
    return _of_events(
        ["client-to-server", "server-to-client"], events, project_id, project_count, "messages()"
    )
