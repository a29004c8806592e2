"""``shared-types validate``: layouts, line numbers, output formats, limits, streaming.

In-process through `main(argv)` for the outputs; as a real process for what only a
process shows (problems printed while stdin is still open, memory, a terminal).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from shared_types import encode, parse_client_message, parse_server_message
from shared_types._cli import main

ROOT = Path(__file__).parents[2]
GOLDEN = ROOT / "tests" / "golden"
VALID = sorted((GOLDEN / "valid").glob("*.json"))
INVALID = sorted((GOLDEN / "invalid").glob("*.json"))
STOP = '{"event":"stopOutbound","payload":{"project":{"projectId":"p-1"}}}'
BAD_STOP = '{"event":"stopOutbound","payload":{"project":{"projectId":42}}}'
COMMAND = [sys.executable, "-m", "shared_types", "validate"]


def _compact(path: Path) -> str:
    """A golden message as one line, the way `encode` writes it."""
    text = path.read_text(encoding="utf-8")
    parse = parse_client_message if path.name.startswith("client") else parse_server_message
    return encode(parse(text))


def _run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None
) -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        if stdin is not None:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main(["validate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _file(tmp_path: Path, text: str | bytes, name: str = "messages") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


# --------------------------------------------------------------------------- golden vectors


def test_the_valid_golden_vectors_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run([str(path) for path in VALID], capsys)
    assert (code, out) == (0, "")
    count = len(VALID)
    assert f"shared-types: {count} files, {count} messages: {count} valid, 0 invalid\n" == err


@pytest.mark.parametrize("vector", INVALID, ids=[path.stem for path in INVALID])
def test_the_invalid_golden_vectors_fail_with_their_code(
    vector: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = json.loads(vector.read_text(encoding="utf-8"))
    message = _file(tmp_path, case["raw"])
    argv = ["--input", "json", "--direction", case["direction"], message]
    code, out, err = _run(argv, capsys)
    assert code == 1
    assert out.startswith(f"{message}:1: {case['code']}: ")
    assert f"1 message: 0 valid, 1 invalid ({case['code']} 1)" in err


def test_a_direction_can_be_forced(capsys: pytest.CaptureFixture[str]) -> None:
    server = str(GOLDEN / "valid" / "server-error.json")
    assert _run(["--direction", "server", server], capsys)[0] == 0
    code, out, _ = _run(["--direction", "client", server], capsys)
    assert code == 1
    assert out.startswith(f"{server}:2: unknownEvent: event: ")  # where "event" is


def test_auto_direction_survives_a_duplicate_event_key(capsys: pytest.CaptureFixture[str]) -> None:
    server = _compact(GOLDEN / "valid" / "server-error.json")
    # The last "event" wins, as in every JSON parser: this is a server message.
    frame = '{"event":"startOutbound",' + server[1:].replace('"event"', '"\\u0065vent"', 1)
    assert parse_server_message(frame).event == "error"
    code, _, err = _run(["-"], capsys, stdin=frame.encode())
    assert code == 0
    assert "1 message: 1 valid" in err


# --------------------------------------------------------------------------- JSON Lines


def test_a_large_json_lines_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [_compact(path) for path in VALID]
    broken = {
        1_234: BAD_STOP,
        50_000: '{"event":"error","payload":{"error":"e","message":"m"}}',
        99_999: "{not json",
    }
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as stream:
        for number in range(1, 100_001):
            stream.write(broken.get(number, lines[number % len(lines)]) + "\n")
    code, out, err = _run([str(big)], capsys)
    assert code == 1
    reported = [line.split(": ", 2)[:2] for line in out.splitlines()]
    assert reported == [
        [f"{big}:1234", "invalidPayload"],
        [f"{big}:50000", "invalidPayload"],
        [f"{big}:99999", "invalidJson"],
    ]
    assert f"{big}:1234: invalidPayload: payload.project.projectId: " in out
    assert (
        f"{big}:99999: invalidJson: Invalid JSON: key must be a string at line 99999 column 2"
        in out
    )
    assert err == (
        "shared-types: 1 file, 100,000 messages: 99,997 valid, 3 invalid "
        "(invalidJson 1, invalidPayload 2)\n"
    )


def test_json_lines_skip_blank_lines_and_keep_line_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, f"\n{STOP}\n\n   \n[]\n{STOP}")
    code, out, err = _run([path], capsys)
    assert code == 1
    assert out.startswith(f"{path}:5: invalidMessage: ")
    assert "3 messages: 2 valid, 1 invalid (invalidMessage 1)" in err


def test_a_line_longer_than_a_chunk_and_than_max_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = '{"event":"stopOutbound","payload":{"project":{"projectId":"' + "x" * 3_000_000 + '"}}}'
    path = _file(tmp_path, f"{STOP}\n{long}\n{BAD_STOP}\n")
    code, out, _ = _run([path], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2: messageTooLarge: The message is larger than 1048576 bytes",
        f"{path}:3: invalidPayload: payload.project.projectId: Input should be a valid string",
    ]
    assert _run(["--max-bytes", "4000000", path], capsys)[1].startswith(f"{path}:3: ")
    assert _run(["--max-bytes", "20", path], capsys)[1].count("messageTooLarge") == 3


def test_crlf_line_endings_are_read_and_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, f"{STOP}\r\n{BAD_STOP}\r\n")
    code, out, err = _run([path], capsys)
    assert code == 1
    assert (
        out
        == f"{path}:2: invalidPayload: payload.project.projectId: Input should be a valid string\n"
    )
    assert f"shared-types: {path}:1: note: CRLF line endings (read as LF)\n" in err


# --------------------------------------------------------------------------- JSON documents


def test_a_pretty_printed_message_reports_the_line_of_each_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = {
        "event": "startOutbound",
        "payload": {
            "project": {
                "callFlowId": "cf-1",
                "projectId": 5,
                "client_id": "c-1",
                "client_secret": "s",
                "action": "paused",
                "error": None,
            }
        },
    }
    path = _file(tmp_path, "\n\n" + json.dumps(message, indent=2) + "\n")
    code, out, _ = _run([path], capsys)
    assert code == 1
    # line 3 is "{", the project's members start at line 7
    assert out.splitlines() == [
        f"{path}:8: invalidPayload: payload.project.projectId: Input should be a valid string",
        f"{path}:11: invalidPayload: payload.project.action: Input should be 'init' or 'active'",
    ]
    missing = {"event": "stopOutbound", "payload": {"project": {}}}
    path = _file(tmp_path, json.dumps(missing, indent=2), "missing.json")
    assert _run([path], capsys)[1] == (
        f"{path}:4: invalidPayload: payload.project.projectId: Field required\n"
    )


def test_a_json_syntax_error_is_reported_where_it_is_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, '\n{\n  "event": "stopOutbound",\n  oops: 1\n}\n')
    code, out, _ = _run([path], capsys)
    assert code == 1
    assert out == f"{path}:4: invalidJson: Invalid JSON: key must be a string at line 4 column 3\n"


def test_several_documents_one_after_the_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.dumps(json.loads(STOP), indent=2)
    bad = json.dumps(json.loads(BAD_STOP), indent=2)
    path = _file(tmp_path, f"{good}\n{bad}\n{good}")
    code, out, err = _run([path], capsys)
    assert code == 1
    assert out.startswith(f"{path}:13: invalidPayload: payload.project.projectId: ")
    assert "3 messages: 2 valid, 1 invalid" in err


# --------------------------------------------------------------------------- JSON arrays


@pytest.mark.parametrize("indent", [None, 2], ids=["one line", "pretty"])
def test_a_json_array_of_messages(
    indent: int | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messages = [json.loads(STOP), json.loads(BAD_STOP), json.loads(_compact(VALID[0]))]
    path = _file(tmp_path, json.dumps(messages, indent=indent))
    code, out, err = _run([path], capsys)
    assert code == 1
    line = 1 if indent is None else 14  # "[", 8 lines of the first message, then 4 down
    assert out.startswith(f"{path}:{line}: invalidPayload: payload.project.projectId: ")
    assert "3 messages: 2 valid, 1 invalid" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[ ]", ":1: emptyInput: the array holds no message"),
        (
            f"[{STOP},]",
            f":1: invalidJson: Invalid JSON: expected a message, found ']' "
            f"at line 1 column {len(STOP) + 3}",
        ),
        (
            f"[{STOP} {STOP}]",
            f":1: invalidJson: Invalid JSON: expected ',' or ']', found '{{' "
            f"at line 1 column {len(STOP) + 3}",
        ),
        (f"[{STOP},\n{STOP}", ":2: invalidJson: Invalid JSON: the array is not closed"),
        (f"[{STOP}] {STOP}", ":1: invalidJson: Invalid JSON: content after the end of the array"),
    ],
    ids=["empty", "trailing comma", "missing comma", "not closed", "content after"],
)
def test_a_broken_array_is_reported_once(
    text: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, text)
    code, out, _ = _run([path], capsys)
    assert code == 1
    assert out.splitlines()[-1].startswith(f"{path}{expected}")


def test_strings_with_brackets_quotes_and_escapes_do_not_confuse_the_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tricky = json.loads(_compact(GOLDEN / "valid" / "server-error.json"))
    tricky["payload"]["message"] = 'a "quoted" ] } [ { \\ \\" \\\\' + "\\" * 5
    frames = [json.dumps(tricky), STOP, json.dumps(tricky, ensure_ascii=False, indent=1)]
    path = _file(tmp_path, "[" + ",".join(frames) + "]")
    assert _run([path], capsys)[0] == 0
    # and from stdin, the layout said explicitly
    code, _, err = _run(["--input", "array", "-"], capsys, stdin=Path(path).read_bytes())
    assert code == 0
    assert "3 messages: 3 valid" in err


# --------------------------------------------------------------------------- the input itself


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", ":1: emptyInput: the input holds no message"),
        (b" \n\r\n\t", ":1: emptyInput: the input holds no message"),
        (STOP.encode("utf-16"), ":1: notUtf8: the input is UTF-16"),
        (b"\0\0\0\0", ":1: notText: the input is not UTF-8 text (a NUL byte at offset 0)"),
    ],
    ids=["empty", "blank", "utf-16", "binary"],
)
def test_inputs_that_hold_no_message_fail_with_a_clear_message(
    data: bytes, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, data)
    code, out, _ = _run([path], capsys)
    assert code == 1
    assert out.startswith(f"{path}{expected}")
    assert _run(["-"], capsys, stdin=data)[1].startswith(f"<stdin>{expected}")


def test_a_byte_order_mark_is_named_and_the_rest_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, b"\xef\xbb\xbf" + f"{STOP}\n{BAD_STOP}\n".encode())
    code, out, err = _run([path], capsys)
    assert code == 1
    first, second = out.splitlines()
    assert first.startswith(
        f"{path}:1: byteOrderMark: the input starts with a UTF-8 byte-order mark"
    )
    assert "save it without one" in first
    assert second.startswith(f"{path}:2: invalidPayload: ")
    assert "2 messages: 1 valid, 1 invalid (byteOrderMark 1, invalidPayload 1)" in err


# --------------------------------------------------------------------------- options and output


def test_json_output_is_one_object_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(tmp_path, f"{BAD_STOP}\n{{oops\n{STOP}\n")
    code, out, _ = _run(["--format", "json", path], capsys)
    assert code == 1
    assert [json.loads(line) for line in out.splitlines()] == [
        {
            "file": path,
            "line": 1,
            "code": "invalidPayload",
            "path": "payload.project.projectId",
            "message": "Input should be a valid string",
        },
        {
            "file": path,
            "line": 2,
            "code": "invalidJson",
            "path": None,
            "message": "Invalid JSON: key must be a string at line 2 column 2",
        },
    ]


def test_max_errors_stops_early(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path, f"{BAD_STOP}\n" * 1000)
    code, out, err = _run(["--max-errors", "3", path, path], capsys)
    assert code == 1
    assert len(out.splitlines()) == 3
    assert "stopped after 3 errors (--max-errors)" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--max-bytes", "-5", "x"],
        ["--max-bytes", "0", "x"],
        ["--max-bytes", "lots", "x"],
        ["--max-errors", "0", "x"],
        ["--input", "yaml", "x"],
        ["--format", "xml", "x"],
        [],
    ],
)
def test_bad_options_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(argv, capsys)
    assert code == 2
    assert "usage: shared-types validate" in err
    assert "Traceback" not in err


def test_stdin_and_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        ["-", "no/such/file.jsonl"], capsys, stdin=b'{"event":"nope","payload":{}}\n'
    )
    assert code == 2
    assert out.startswith("<stdin>:1: unknownEvent: event: Unknown event 'nope'")
    assert "shared-types: error: cannot read no/such/file.jsonl: No such file" in err
    assert "1 file unreadable" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- as a process


def test_as_a_real_process() -> None:
    frame = b'{"event":"stopOutbound","payload":{"project":{"projectId":""}}}\n'
    result = subprocess.run(  # noqa: S603 (this interpreter)
        [*COMMAND, "-"], input=frame, capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 1
    assert result.stdout.decode().startswith(
        "<stdin>:1: invalidPayload: payload.project.projectId: "
    )
    assert result.stderr.decode() == (
        "shared-types: 1 file, 1 message: 0 valid, 1 invalid (invalidPayload 1)\n"
    )


def _readline(stream: IO[bytes], timeout: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout)
    assert ready, "nothing printed"
    return stream.readline()


def test_each_problem_is_printed_while_stdin_is_still_open() -> None:
    with subprocess.Popen(  # noqa: S603 (this interpreter)
        [*COMMAND, "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(f"{STOP}\n{BAD_STOP}\n".encode())
            process.stdin.flush()
            assert _readline(process.stdout, 60).startswith(b"<stdin>:2: invalidPayload: ")
            process.stdin.write(f"{STOP}\n{{x\n".encode())
            process.stdin.flush()
            assert _readline(process.stdout, 60).startswith(b"<stdin>:4: invalidJson: ")
            process.stdin.close()
            assert process.wait(60) == 1
        finally:
            process.kill()


def test_dev_zero_is_refused_at_once() -> None:
    result = subprocess.run(  # noqa: S603 (this interpreter)
        [*COMMAND, "/dev/zero"], capture_output=True, check=False, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout.startswith(b"/dev/zero:1: notText: ")


def _feed(stream: IO[bytes], parts: list[tuple[bytes, int]]) -> None:
    with contextlib.suppress(BrokenPipeError):  # validate may stop reading
        for block, times in parts:
            for _ in range(times):
                stream.write(block)
    with contextlib.suppress(BrokenPipeError):
        stream.close()


# Runs the command and then writes its own peak resident memory (VmHWM, which covers
# this process image only: a forked child's rusage would count the parent pytest too).
_MEASURED = (
    "import sys\n"
    "from shared_types._cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
    "sys.stderr.write(peak[0])\n"
    "sys.exit(code)\n"
)


def _peak_mib(parts: list[tuple[bytes, int]], *argv: str) -> tuple[int, bytes, float]:
    """Exit code, stdout and peak RSS (MiB) of validate reading ``parts`` on stdin."""
    process = subprocess.Popen(  # noqa: S603 (this interpreter)
        [sys.executable, "-c", _MEASURED, "validate", *argv, "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    assert process.stderr is not None
    feeder = threading.Thread(target=_feed, args=(process.stdin, parts))
    feeder.start()
    with process.stdout, process.stderr:
        out = process.stdout.read()  # stderr holds two short lines: no deadlock
        err = process.stderr.read()
    process.wait(600)
    feeder.join()
    peak = re.search(rb"VmHWM:\s+(\d+) kB", err)
    assert peak, err
    return process.returncode, out, int(peak[1]) / 1024


MIB = 1 << 20


@pytest.mark.slow
def test_a_gigabyte_streams_in_bounded_memory() -> None:
    # JSON Lines: a valid message, a 1 GiB line, an invalid message after it.
    head = f"{STOP}\n".encode() + b'{"event":"stopOutbound","payload":{"project":{"projectId":"'
    parts = [(head, 1), (b"x" * MIB, 1024), (f'"}}}}}}\n{BAD_STOP}\n'.encode(), 1)]
    code, out, peak = _peak_mib(parts)
    assert code == 1
    assert out.decode().splitlines() == [
        "<stdin>:2: messageTooLarge: The message is larger than 1048576 bytes",
        "<stdin>:3: invalidPayload: payload.project.projectId: Input should be a valid string",
    ]
    assert peak < 100, f"peak RSS {peak:.0f} MiB"
    # A JSON array of 1 GiB, the invalid message after a 1 GiB element: where such an
    # element ends cannot be known without reading it whole, so the rest goes unchecked.
    block = b'["a]b", "\\"[", {"k": [1, 2]}], ' * (MIB // 32)
    parts = [(f"[{BAD_STOP},\n[".encode(), 1), (block, 1024), (f"0], {BAD_STOP}]".encode(), 1)]
    code, out, peak = _peak_mib(parts)
    assert code == 1
    assert out.decode().splitlines() == [
        "<stdin>:1: invalidPayload: payload.project.projectId: Input should be a valid string",
        "<stdin>:2: messageTooLarge: The message is larger than 1048576 bytes",
    ]
    assert peak < 100, f"peak RSS {peak:.0f} MiB"


def test_a_progress_line_on_a_terminal() -> None:
    controller, terminal = pty.openpty()
    process = subprocess.Popen(  # noqa: S603 (this interpreter)
        [*COMMAND, "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=terminal
    )
    os.close(terminal)
    assert process.stdin is not None
    assert process.stdout is not None
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                data = os.read(controller, 4096)
            except OSError:  # the terminal is gone
                return
            if not data:
                return
            shown.extend(data)

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        process.stdin.write(f"{BAD_STOP}\n".encode())
        process.stdin.flush()
        # Once the first message is reported, the command is running: a second later
        # (the progress line waits that long), the next message brings the line up.
        assert _readline(process.stdout, 60).startswith(b"<stdin>:1: invalidPayload: ")
        time.sleep(1.5)
        process.stdin.write(f"{STOP}\n".encode())
        process.stdin.close()
        assert process.wait(60) == 1
    finally:
        process.kill()
        process.wait()
        process.stdout.close()
        reader.join(10)
        os.close(controller)
    text = shown.decode()
    assert "\r\x1b[K<stdin>: 2 messages, 1 invalid, 0.0 MB read\r\x1b[K" in text
    assert text.endswith("2 messages: 1 valid, 1 invalid (invalidPayload 1)\r\n")
