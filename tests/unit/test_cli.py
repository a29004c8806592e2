"""The ``shared-types`` command, in-process through `main(argv)` and once as a process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from shared_types import PROTOCOL_VERSION, encode, parse_client_message, parse_server_message
from shared_types._cli import main
from shared_types.export import generated_files

ROOT = Path(__file__).parents[2]
GOLDEN = ROOT / "tests" / "golden"
VALID = sorted((GOLDEN / "valid").glob("*.json"))
INVALID = sorted((GOLDEN / "invalid").glob("*.json"))


def _compact(path: Path) -> str:
    """A golden message as one line, the way `encode` writes it."""
    text = path.read_text(encoding="utf-8")
    message = (parse_client_message if path.name.startswith("client") else parse_server_message)(
        text
    )
    return encode(message)


# --------------------------------------------------------------------------- basics


def test_help_names_the_commands_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "generate" in out
    assert "validate" in out
    assert "exit codes" in out
    assert main(["validate", "--help"]) == 0
    assert "JSON Lines" in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert f"wire protocol {PROTOCOL_VERSION}" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["validate"], ["generate", "--nope"]])
def test_usage_errors_exit_2_without_a_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: shared-types" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- generate


def test_generate_writes_the_artifacts_and_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--out", str(tmp_path)]) == 0
    for relative, text in generated_files().items():
        assert (tmp_path / relative).read_text(encoding="utf-8") == text
    assert main(["generate", "--out", str(tmp_path), "--check"]) == 0
    assert f"{len(generated_files())} generated files are up to date" in capsys.readouterr().err


def test_check_lists_every_stale_file_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--out", str(tmp_path)]) == 0
    schema = tmp_path / "json-schema" / "client-to-server.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("init", "start"), encoding="utf-8")
    (tmp_path / "typescript" / "websocket.ts").unlink()
    capsys.readouterr()

    assert main(["generate", "--out", str(tmp_path), "--check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"differs: {schema}",
        f"missing: {tmp_path / 'typescript' / 'websocket.ts'}",
    ]
    assert f"2 of {len(generated_files())} generated files are stale" in captured.err
    assert not (tmp_path / "typescript" / "websocket.ts").exists()
    assert "start" in schema.read_text(encoding="utf-8")


def test_check_passes_on_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "--out", str(ROOT), "--check"]) == 0, capsys.readouterr().out


def test_generate_into_an_unwritable_place_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert main(["generate", "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert "shared-types: error: cannot write" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- validate


def test_the_valid_golden_vectors_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, VALID)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{len(VALID)} messages valid in {len(VALID)} files" in captured.err


def test_a_direction_can_be_forced(capsys: pytest.CaptureFixture[str]) -> None:
    server = str(GOLDEN / "valid" / "server-error.json")
    assert main(["validate", "--direction", "server", server]) == 0
    assert main(["validate", "--direction", "client", server]) == 1
    assert f"{server}:1: unknownEvent: event: " in capsys.readouterr().out


@pytest.mark.parametrize("vector", INVALID, ids=[path.stem for path in INVALID])
def test_the_invalid_golden_vectors_fail_with_their_code(
    vector: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = json.loads(vector.read_text(encoding="utf-8"))
    message = tmp_path / "message.json"
    message.write_text(case["raw"], encoding="utf-8")
    argv = ["validate", "--format", "json", "--direction", case["direction"], str(message)]
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{message}:1: {case['code']}: ")
    assert "1 of 1 message invalid in 1 file" in captured.err


def test_a_large_json_lines_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [_compact(path) for path in VALID]
    broken = {
        1_234: '{"event":"stopOutbound","payload":{"project":{"projectId":42}}}',
        50_000: '{"event":"error","payload":{"error":"e","message":"m"}}',
        99_999: "{not json",
    }
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for number in range(1, 100_001):
            out.write(broken.get(number, lines[number % len(lines)]) + "\n")
    assert main(["validate", str(big)]) == 1
    captured = capsys.readouterr()
    reported = [line.split(": ", 2)[:2] for line in captured.out.splitlines()]
    assert reported == [
        [f"{big}:1234", "invalidPayload"],
        [f"{big}:50000", "invalidPayload"],
        [f"{big}:99999", "invalidJson"],
    ]
    assert f"{big}:1234: invalidPayload: payload.project.projectId: " in captured.out
    assert "3 of 100000 messages invalid in 1 file" in captured.err


def test_json_lines_skip_blank_lines_and_keep_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _compact(GOLDEN / "valid" / "client-stop-outbound.json")
    path = tmp_path / "few.jsonl"
    path.write_text(f"\n{good}\n\n   \n[]\r\n{good}", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{path}:5: invalidMessage: ")
    assert "1 of 3 messages invalid" in captured.err


def test_a_pretty_printed_file_is_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "pretty.json"
    path.write_text("\n\n" + json.dumps({"event": "stopOutbound"}, indent=2), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out == f"{path}:3: invalidMessage: payload: Field required\n"


def test_auto_direction_survives_a_duplicate_event_key(capsys: pytest.CaptureFixture[str]) -> None:
    server = _compact(GOLDEN / "valid" / "server-error.json")
    # The last "event" wins, as in every JSON parser: this is a server message.
    frame = '{"event":"startOutbound",' + server[1:].replace('"event"', '"\\u0065vent"', 1)
    assert parse_server_message(frame).event == "error"
    stdin = io.TextIOWrapper(io.BytesIO(frame.encode()), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        assert main(["validate", "-"]) == 0
    assert "1 message valid in 1 file" in capsys.readouterr().err


def test_stdin_and_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"event":"nope","payload":{}}\n'), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", stdin)
        assert main(["validate", "-", "no/such/file.jsonl"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("<stdin>:1: unknownEvent: event: Unknown event 'nope'")
    assert "shared-types: error: cannot read no/such/file.jsonl: No such file" in captured.err
    assert "1 file unreadable" in captured.err
    assert "Traceback" not in captured.err


def test_as_a_real_process() -> None:
    frame = b'{"event":"stopOutbound","payload":{"project":{"projectId":""}}}\n'
    result = subprocess.run(
        [sys.executable, "-m", "shared_types", "validate", "-"],
        input=frame,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout.decode().startswith(
        "<stdin>:1: invalidPayload: payload.project.projectId: "
    )
    assert result.stderr.decode() == "shared-types: 1 of 1 message invalid in 1 file\n"
