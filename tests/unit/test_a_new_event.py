"""The spec promises that new event types are easy to add: one edit to the models' module.

A copy of the package gets a new client → server event (its classes, its place in
the union and in `ClientEvent`) and nothing else; the parsers, every generated
artifact and the hypothesis strategies must know it at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import shared_types

PACKAGE = Path(shared_types.__file__).parent

NEW_CLASSES = '''

class PauseOutboundPayload(WireModel):
    """Payload of `pauseOutbound`."""

    project: ProjectRef
    """The project to pause."""
    minutes: Count
    """For how long."""


class PauseOutboundMessage(WireModel):
    """Client → server: pause an outbound project for a while."""

    event: Literal["pauseOutbound"] = "pauseOutbound"
    """The event name, the union's discriminator."""
    payload: PauseOutboundPayload
    """The project to pause."""

'''

CHECK = textwrap.dedent(
    """
    import json
    from hypothesis import given, settings
    from shared_types import ProtocolError, encode, parse_client_message
    from shared_types.export import generated_files
    from shared_types.testing import client_messages, invalid_wire_messages, wire_messages

    text = '{"event":"pauseOutbound","payload":{"project":{"projectId":"p"},"minutes":5}}'
    message = parse_client_message(text)
    assert type(message).__name__ == "PauseOutboundMessage" and encode(message) == text
    try:
        parse_client_message(text.replace("5", "-5"))
    except ProtocolError as error:
        assert error.code == "invalidPayload", error
        assert error.errors[0].path == "payload.minutes", error
    else:
        raise AssertionError("a negative count was accepted")

    files = generated_files()
    schema = json.loads(files["json-schema/client-to-server.schema.json"])
    assert "PauseOutboundPayload" in schema["$defs"]
    assert "export interface PauseOutboundPayload" in files["typescript/websocket.ts"]
    assert "'pauseOutbound'" in files["typescript/websocket.ts"]
    assert "pauseOutbound" in files["docs/reference.md"]
    if "asyncapi/asyncapi.yaml" in files:
        assert "pauseOutbound" in files["asyncapi/asyncapi.yaml"]

    seen = set()

    @settings(max_examples=60, database=None, deadline=None)
    @given(client_messages(events=["pauseOutbound"]), wire_messages("client"))
    def check(drawn, wire):
        seen.add(drawn.event)
        assert parse_client_message(encode(drawn)) == drawn
        parse_client_message(wire)

    check()
    assert seen == {"pauseOutbound"}

    @settings(max_examples=60, database=None, deadline=None)
    @given(invalid_wire_messages("client"))
    def rejected(case):
        try:
            parse_client_message(case.text, max_bytes=case.max_bytes)
        except ProtocolError as error:
            assert error.code == case.code, (error, case)
        else:
            raise AssertionError(case)

    rejected()
    print("ok")
    """
)


@pytest.mark.slow
def test_one_edit_to_the_models_module_adds_an_event(tmp_path: Path) -> None:
    copy = tmp_path / "src" / "shared_types"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    models = copy / "websocket.py"
    source = models.read_text(encoding="utf-8")
    marker = "# " + "-" * 75 + " server → client"
    assert source.count(marker) == 1
    source = source.replace(marker, NEW_CLASSES.strip() + "\n\n\n" + marker)
    source = source.replace(
        "Union[StartOutboundMessage, StopOutboundMessage]",
        "Union[StartOutboundMessage, StopOutboundMessage, PauseOutboundMessage]",
    )
    source = source.replace(
        'ClientEvent = Literal["startOutbound", "stopOutbound"]',
        'ClientEvent = Literal["startOutbound", "stopOutbound", "pauseOutbound"]',
    )
    models.write_text(source, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy.parent), "HYPOTHESIS_NO_PLUGINS": "1"}
    done = subprocess.run(  # noqa: S603 (this interpreter, our own check)
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.stdout.strip().endswith("ok"), done.stdout[-3000:] + done.stderr[-3000:]
