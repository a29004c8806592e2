"""Strategies of valid model instances, across the whole space the models accept."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta, timezone
from typing import Any, TypeAlias, TypeVar

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from shared_types._errors import ERROR_CODES
from shared_types._model import WireModel
from shared_types._wire import CALLER_MAX_DEPTH, MAX_SAFE_INTEGER
from shared_types.websocket import (
    CLIENT_TO_SERVER_EVENTS,
    SERVER_TO_CLIENT_EVENTS,
    ClientToServerMessage,
    ErrorMessage,
    ErrorPayload,
    Message,
    OutboundProjectConfig,
    ProjectInfo,
    ProjectRef,
    ProjectStats,
    ProjectStatusChange,
    ProjectStatusChangeMessage,
    ProjectStatusChangePayload,
    ProjectsUpdateMessage,
    ProjectsUpdatePayload,
    ServerToClientMessage,
    StartOutboundMessage,
    StartOutboundPayload,
    StopOutboundMessage,
    StopOutboundPayload,
)

__all__ = [
    "MODEL_STRATEGIES",
    "ProjectIds",
    "client_messages",
    "json_values",
    "messages",
    "project_infos",
    "server_messages",
    "strings",
    "timestamps",
]

T = TypeVar("T")

ProjectIds: TypeAlias = "str | st.SearchStrategy[str] | None"
"""A fixed project id, a strategy of ids, or None for any non-empty string."""

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

_COUNTS = st.one_of(
    st.sampled_from((0, 1, MAX_SAFE_INTEGER - 1, MAX_SAFE_INTEGER)),
    st.integers(0, MAX_SAFE_INTEGER),
)

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
    may go in a message).
    """
    tree = st.recursive(
        _JSON_SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(_KEYS, children, max_size=4),
        ),
        max_leaves=12,
    )
    return st.one_of(tree, _deep(tree, max_depth))


# --------------------------------------------------------------------------- models


M = TypeVar("M", bound=WireModel)


def _model(model: type[M], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[M]:
    # Not `st.builds`: it reads pydantic's signature (wire names) and would fill the
    # required fields a second time.
    return st.fixed_dictionaries(fields).map(lambda values: model(**values))


def _nullable(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.one_of(st.none(), strategy)


_ACTIONS = st.sampled_from(("init", "active"))


def outbound_project_configs(
    project_id: ProjectIds = None,
) -> st.SearchStrategy[OutboundProjectConfig]:
    return _model(
        OutboundProjectConfig,
        call_flow_id=_IDS,
        project_id=_ids(project_id),
        client_id=_IDS,
        client_secret=_IDS,
        action=_ACTIONS,
        error=_nullable(strings()),
    )


def project_infos(*, project_id: ProjectIds = None) -> st.SearchStrategy[ProjectInfo]:
    """`ProjectInfo` values: counts at 0 and 2**53 - 1, any caller, tokens null or not."""
    return _model(
        ProjectInfo,
        project_id=_ids(project_id),
        call_flow_id=_IDS,
        action=_ACTIONS,
        client_id=_IDS,
        agent_quantity=_COUNTS,
        caller=json_values(),
        access_token=_nullable(strings()),
        ws_connected=st.booleans(),
        created_at=timestamps(),
        updated_at=timestamps(),
    )


_ARBITRARY_STATS = _model(
    ProjectStats, total_projects=_COUNTS, active_projects=_COUNTS, connected_projects=_COUNTS
)


@st.composite
def _projects_update_payloads(draw: st.DrawFn, project_id: ProjectIds) -> ProjectsUpdatePayload:
    projects = project_infos(project_id=project_id)
    data = draw(
        st.one_of(
            st.just([]),
            st.lists(projects, min_size=1, max_size=3),
            st.lists(projects, min_size=10, max_size=30),
        )
    )
    # The models do not tie `stats` to `data`: mostly they agree, as a server sends them.
    stats = draw(st.one_of(st.just(ProjectStats.of(data)), _ARBITRARY_STATS))
    return ProjectsUpdatePayload(
        data=data,
        stats=stats,
        timestamp=draw(timestamps()),
        triggered_by=draw(st.one_of(st.just("system"), _ids(project_id))),
    )


def _start_outbound(project_id: ProjectIds) -> st.SearchStrategy[StartOutboundMessage]:
    return _model(
        StartOutboundMessage,
        payload=_model(StartOutboundPayload, project=outbound_project_configs(project_id)),
    )


def _stop_outbound(project_id: ProjectIds) -> st.SearchStrategy[StopOutboundMessage]:
    return _model(
        StopOutboundMessage,
        payload=_model(
            StopOutboundPayload, project=_model(ProjectRef, project_id=_ids(project_id))
        ),
    )


def _projects_update(project_id: ProjectIds) -> st.SearchStrategy[ProjectsUpdateMessage]:
    return _model(ProjectsUpdateMessage, payload=_projects_update_payloads(project_id))


def _project_status_change_payloads(
    project_id: ProjectIds,
) -> st.SearchStrategy[ProjectStatusChangePayload]:
    # The spec types the actions as any string: mostly real actions, sometimes anything.
    actions = st.one_of(_ACTIONS, strings())
    return _model(
        ProjectStatusChangePayload,
        data=_model(
            ProjectStatusChange,
            project_id=_ids(project_id),
            old_action=actions,
            new_action=actions,
            changed_at=timestamps(),
        ),
        timestamp=timestamps(),
    )


def _project_status_change(project_id: ProjectIds) -> st.SearchStrategy[ProjectStatusChangeMessage]:
    return _model(ProjectStatusChangeMessage, payload=_project_status_change_payloads(project_id))


_ERROR_PAYLOADS = _model(
    ErrorPayload,
    error=st.one_of(st.sampled_from(ERROR_CODES), strings()),
    message=strings(),
    timestamp=timestamps(),
)


def _error(project_id: ProjectIds) -> st.SearchStrategy[ErrorMessage]:
    return _model(ErrorMessage, payload=_ERROR_PAYLOADS)


_BY_EVENT: dict[str, Callable[[ProjectIds], st.SearchStrategy[Any]]] = {
    "startOutbound": _start_outbound,
    "stopOutbound": _stop_outbound,
    "projectsUpdate": _projects_update,
    "projectStatusChange": _project_status_change,
    "error": _error,
}
assert set(_BY_EVENT) == {*CLIENT_TO_SERVER_EVENTS, *SERVER_TO_CLIENT_EVENTS}  # noqa: S101 (import-time consistency check)


def _of_events(
    registry: Collection[str], events: Collection[str] | None, project_id: ProjectIds, who: str
) -> st.SearchStrategy[Any]:
    if isinstance(events, str):
        raise InvalidArgument(
            f"events must be a collection of event names, not the string {events!r}"
        )
    chosen = list(registry) if events is None else list(dict.fromkeys(events))
    unknown = [event for event in chosen if event not in registry]
    if unknown or not chosen:
        got = ", ".join(map(repr, chosen)) or "none"
        raise InvalidArgument(f"{who} takes events among {', '.join(registry)}; got {got}")
    _ids(project_id)  # fail now, not at draw time
    return st.one_of([_BY_EVENT[event](project_id) for event in chosen])


def client_messages(
    *, events: Collection[str] | None = None, project_id: ProjectIds = None
) -> st.SearchStrategy[ClientToServerMessage]:
    """Valid client → server messages (`StartOutboundMessage`, `StopOutboundMessage`).

    Args:
        events: Only these events (e.g. ``["startOutbound"]``); default: both.
        project_id: A fixed project id, or a strategy of ids, for every ``projectId``.
    """
    return _of_events(CLIENT_TO_SERVER_EVENTS, events, project_id, "client_messages()")


def server_messages(
    *, events: Collection[str] | None = None, project_id: ProjectIds = None
) -> st.SearchStrategy[ServerToClientMessage]:
    """Valid server → client messages (`projectsUpdate`, `projectStatusChange`, `error`).

    Args:
        events: Only these events (e.g. ``["error"]``); default: all three.
        project_id: A fixed project id, or a strategy of ids, for every ``projectId``
            (and for ``triggeredBy`` when it is not ``system``).
    """
    return _of_events(SERVER_TO_CLIENT_EVENTS, events, project_id, "server_messages()")


def messages(
    *, events: Collection[str] | None = None, project_id: ProjectIds = None
) -> st.SearchStrategy[Message]:
    """Valid messages of either direction; ``events`` may mix both.

    Args:
        events: Only these events; default: all five.
        project_id: A fixed project id, or a strategy of ids, for every ``projectId``.
    """
    registry = [*CLIENT_TO_SERVER_EVENTS, *SERVER_TO_CLIENT_EVENTS]
    return _of_events(registry, events, project_id, "messages()")


# --------------------------------------------------------------------------- per model

MODEL_STRATEGIES: dict[type[WireModel], Callable[[], st.SearchStrategy[Any]]] = {
    StartOutboundMessage: lambda: _start_outbound(None),
    StartOutboundPayload: lambda: _model(StartOutboundPayload, project=outbound_project_configs()),
    OutboundProjectConfig: outbound_project_configs,
    StopOutboundMessage: lambda: _stop_outbound(None),
    StopOutboundPayload: lambda: _model(
        StopOutboundPayload, project=_model(ProjectRef, project_id=_IDS)
    ),
    ProjectRef: lambda: _model(ProjectRef, project_id=_IDS),
    ProjectsUpdateMessage: lambda: _projects_update(None),
    ProjectsUpdatePayload: lambda: _projects_update_payloads(None),
    ProjectInfo: project_infos,
    ProjectStats: lambda: _ARBITRARY_STATS,
    ProjectStatusChangeMessage: lambda: _project_status_change(None),
    ProjectStatusChangePayload: lambda: _project_status_change_payloads(None),
    ProjectStatusChange: lambda: _project_status_change_payloads(None).map(lambda p: p.data),
    ErrorMessage: lambda: _error(None),
    ErrorPayload: lambda: _ERROR_PAYLOADS,
}
"""A strategy for every public model, as `st.from_type` finds them once registered."""
