"""A hostile frame cannot make the parser's error unbounded in size, time or memory."""

from __future__ import annotations

import pytest

from shared_types import DEFAULT_MAX_BYTES, MAX_ERROR_DETAILS, ProtocolError, parse_server_message


def _projects_update_with(items: str, count: int) -> str:
    return (
        '{"event":"projectsUpdate","payload":{"type":"allProjects","data":['
        + ",".join([items] * count)
        + '],"stats":{"totalProjects":0,"activeProjects":0,"connectedProjects":0},'
        '"timestamp":"2025-01-15T08:30:00Z","triggeredBy":"system"}}'
    )


@pytest.mark.parametrize("item", ["{}", "1", "null"])
def test_a_megabyte_of_bad_projects_reports_the_first_one(item: str) -> None:
    # ~300k bad projects, each missing ten fields: collected in full this used to cost
    # three million pydantic errors (tens of seconds, gigabytes). The list fails fast.
    count = (DEFAULT_MAX_BYTES - 300) // (len(item) + 1)
    frame = _projects_update_with(item, count)
    assert len(frame) <= DEFAULT_MAX_BYTES
    with pytest.raises(ProtocolError) as caught:
        parse_server_message(frame)
    error = caught.value
    assert error.code == "invalidPayload"
    assert 1 <= len(error.errors) <= MAX_ERROR_DETAILS
    assert all(detail.path.startswith("payload.data.0") for detail in error.errors)
