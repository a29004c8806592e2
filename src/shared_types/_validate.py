"""``shared-types validate``: check message streams against the protocol, as they are read.

Each input is cut into messages by `._framing` (constant memory, one message at a time)
and each message goes to ``parse_client_message`` or ``parse_server_message``. Every
problem is written as soon as it is found, as text (``FILE:LINE: CODE: PATH: MESSAGE``)
or as one JSON object per line; a summary by code closes the run on stderr.
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final, Literal, cast

from ._codec import parse_client_message, parse_server_message
from ._errors import ProtocolError
from ._framing import Frame, Layout, Note, Problem, frames
from .websocket import CLIENT_TO_SERVER_EVENTS, SERVER_TO_CLIENT_EVENTS

__all__ = ["Options", "validate"]

Direction = Literal["client", "server", "auto"]
OutputFormat = Literal["text", "json"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2

_Parse = Callable[..., Any]
# pydantic-core's JSON errors end with where they are, counted from the message's start.
_AT: Final = re.compile(r" at line (\d+) column (\d+)$")
_PROGRESS_AFTER: Final = 1.0  # seconds before a progress line appears
_PROGRESS_EVERY: Final = 0.5


@dataclass(frozen=True, slots=True)
class Options:
    """What ``validate`` was asked to do."""

    direction: Direction = "auto"
    layout: Layout = "auto"
    output: OutputFormat = "text"
    max_bytes: int = 1_048_576
    max_errors: int | None = None


class _LimitReachedError(Exception):
    """``--max-errors`` reached."""


class _Run:
    """The counts and the output of one run over every input."""

    def __init__(self, options: Options, out: IO[str], err: IO[str]) -> None:
        self.options = options
        self.out = out
        self.err = err
        self.messages = 0
        self.invalid = 0
        self.problems = 0  # invalid messages and input problems, for --max-errors
        self.by_code: Counter[str] = Counter()
        self.parse = _parser(options.direction)
        self.progress = _Progress(err) if err.isatty() else None

    # ----------------------------------------------------------------- one input

    def check(self, name: str, read: Callable[[int], bytes]) -> None:
        options, parse, max_bytes = self.options, self.parse, self.options.max_bytes
        progress = self.progress
        counted = _Counted(read)
        for item in frames(counted.read, options.layout, max_bytes):
            if type(item) is Frame:
                self.messages += 1
                try:
                    parse(item.data, max_bytes=max_bytes)
                except ProtocolError as error:
                    self.invalid += 1
                    self._report_error(name, item, error)
            elif item is None:
                pass
            elif type(item) is Problem:
                self._report_problem(name, item)
                if item.fatal:
                    return
            elif type(item) is Note:
                self._clear_progress()
                self.err.write(f"shared-types: {name}:{item.line}: note: {item.message}\n")
            if progress is not None:
                progress.show(name, self.messages, self.invalid, counted.size)

    def _report_error(self, name: str, frame: Frame, error: ProtocolError) -> None:
        code = error.code
        self.by_code[code] += 1
        multiline = b"\n" in frame.data
        found = [
            (*_where(frame, detail.path, detail.message, multiline=multiline), detail.path)
            for detail in error.errors
        ] or [(frame.line, error.message, "")]
        for line, message, path in found:
            self._write(name, line, code, path, message)
        if error.omitted:
            self._write(name, frame.line, code, "", f"and {error.omitted} more problems")
        self._count_problem()

    def _report_problem(self, name: str, problem: Problem) -> None:
        self.by_code[problem.code] += 1
        self._write(name, problem.line, problem.code, "", problem.message)
        self._count_problem()

    def _count_problem(self) -> None:
        self.problems += 1
        if self.options.max_errors is not None and self.problems >= self.options.max_errors:
            raise _LimitReachedError

    def _write(self, name: str, line: int, code: str, path: str, message: str) -> None:
        self._clear_progress()
        if self.options.output == "json":
            record = {"file": name, "line": line, "code": code, "path": path or None}
            record["message"] = message
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            where = f"{path}: " if path else ""
            self.out.write(f"{name}:{line}: {code}: {where}{message}\n")
        self.out.flush()  # each problem as it is found, even into a pipe

    def _clear_progress(self) -> None:
        if self.progress is not None:
            self.progress.clear()

    # ----------------------------------------------------------------- summary

    def summary(self, files: int, unreadable: int, *, stopped: bool) -> str:
        plural = _plural
        text = f"{plural(files, 'file')}, {plural(self.messages, 'message')}: "
        text += f"{self.messages - self.invalid:,} valid, {self.invalid:,} invalid"
        if self.by_code:
            codes = ", ".join(f"{code} {count:,}" for code, count in sorted(self.by_code.items()))
            text += f" ({codes})"
        if unreadable:
            text += f"; {plural(unreadable, 'file')} unreadable"
        if stopped:
            text += f"; stopped after {plural(self.problems, 'error')} (--max-errors)"
        return f"shared-types: {text}"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class _Counted:
    """A reader that counts the bytes it hands over (for the progress line)."""

    __slots__ = ("_read", "size")

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self._read = read
        self.size = 0

    def read(self, size: int) -> bytes:
        data = self._read(size)
        self.size += len(data)
        return data


class _Progress:
    """One line on a terminal's stderr, rewritten in place while a large input is read."""

    def __init__(self, err: IO[str]) -> None:
        self.err = err
        self.start = time.monotonic()
        self.next = self.start + _PROGRESS_AFTER
        self.shown = False

    def show(self, name: str, messages: int, invalid: int, size: int) -> None:
        now = time.monotonic()
        if now < self.next:
            return
        self.next = now + _PROGRESS_EVERY
        self.err.write(
            f"\r\x1b[K{name}: {messages:,} messages, {invalid:,} invalid, {size / 1e6:,.1f} MB read"
        )
        self.err.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self.shown = False


def _where(frame: Frame, path: str, message: str, *, multiline: bool) -> tuple[int, str]:
    """The line in the input a problem is at, and its message in the input's coordinates."""
    at = _AT.search(message)
    if at is not None:
        line, column = int(at[1]), int(at[2])
        if line == 1:
            column += frame.column - 1
        line += frame.line - 1
        return line, f"{message[: at.start()]} at line {line} column {column}"
    if multiline and path:
        return frame.line + _line_of(frame.data, path), message
    return frame.line, message


def validate(files: Sequence[str], options: Options) -> int:
    """Check every input and print what is wrong; returns the exit code."""
    run = _Run(options, sys.stdout, sys.stderr)
    unreadable = 0
    stopped = False
    for name in files:
        shown = "<stdin>" if name == "-" else name
        try:
            if name == "-":
                stdin = cast("io.BufferedReader", sys.stdin.buffer)  # read1: what is there
                run.check(shown, stdin.read1)
            else:
                with open(name, "rb") as stream:
                    run.check(shown, stream.read1)
        except _LimitReachedError:
            stopped = True
            break
        except OSError as exc:
            run._clear_progress()
            print(
                f"shared-types: error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr
            )
            unreadable += 1
    run._clear_progress()
    sys.stdout.flush()
    print(run.summary(len(files) - unreadable, unreadable, stopped=stopped), file=sys.stderr)
    if unreadable:
        return EXIT_USAGE
    return EXIT_INVALID if run.problems else EXIT_OK


# --------------------------------------------------------------------------- direction


def _parser(direction: Direction) -> _Parse:
    if direction == "client":
        return parse_client_message
    if direction == "server":
        return parse_server_message
    return _parse_either


_PREFIX: Final = b'{"event":"'


def _parse_either(frame: bytes, *, max_bytes: int) -> None:
    """Parse a frame in the direction its event name says (client when it says neither)."""
    parse = _by_prefix(frame) or _by_document(frame)
    try:
        parse(frame, max_bytes=max_bytes)
    except ProtocolError as error:
        # The prefix can be fooled by a later duplicate "event" key (the last one wins).
        if error.code != "unknownEvent" or (other := _by_document(frame)) is parse:
            raise
        other(frame, max_bytes=max_bytes)


def _by_prefix(frame: bytes) -> _Parse | None:
    # What encode() and JSON.stringify() write starts with the event: no JSON parse.
    if not frame.startswith(_PREFIX):
        return None
    end = frame.find(b'"', len(_PREFIX))
    name = frame[len(_PREFIX) : end]
    if end < 0 or b"\\" in name:
        return None
    event = name.decode("utf-8", "replace")
    if event in SERVER_TO_CLIENT_EVENTS:
        return parse_server_message
    if event in CLIENT_TO_SERVER_EVENTS:
        return parse_client_message
    return None


def _by_document(frame: bytes) -> _Parse:
    try:
        document = json.loads(frame)
    except (ValueError, RecursionError):
        return parse_client_message  # it reports the JSON error either way
    if isinstance(document, dict) and document.get("event") in SERVER_TO_CLIENT_EVENTS:
        return parse_server_message
    return parse_client_message


# --------------------------------------------------------------------------- locating a path

_WS: Final = re.compile(rb"[ \t\r\n]*")
_STRING: Final = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR: Final = re.compile(rb"[^ \t\r\n,\]}]*")
_NESTING: Final = re.compile(rb'[\[\]{}"]')


def _line_of(data: bytes, path: str) -> int:
    """How many lines into a (valid JSON) message the value at a dotted path starts.

    Only for problems in messages spread over lines; it goes as deep as the path
    exists (a missing member is reported at its object), and takes the last of
    duplicate keys, as the parser does.
    """
    position = _WS.match(data, 0).end()  # type: ignore[union-attr] # always matches
    for part in path.split("."):
        found = _member(data, position, part)
        if found is None:
            break
        position = found
    return data.count(b"\n", 0, position)


def _member(data: bytes, position: int, part: str) -> int | None:
    """Where the member ``part`` of the object or array at ``position`` starts."""
    opening = data[position : position + 1]
    if opening not in (b"{", b"["):
        return None
    found = None
    index = 0
    position += 1
    while True:
        position = _WS.match(data, position).end()  # type: ignore[union-attr]
        if data[position : position + 1] in (b"}", b"]", b""):
            return found
        if opening == b"{":
            key = _STRING.match(data, position)
            if key is None:
                return found
            name = json.loads(key[0])
            position = _WS.match(data, key.end()).end() + 1  # type: ignore[union-attr] # the ':'
            position = _WS.match(data, position).end()  # type: ignore[union-attr]
            if name == part:
                found = position
        elif str(index) == part:
            return position
        index += 1
        position = _skip(data, position)
        position = _WS.match(data, position).end()  # type: ignore[union-attr]
        if data[position : position + 1] == b",":
            position += 1


def _skip(data: bytes, position: int) -> int:
    """The end of the JSON value that starts at ``position``."""
    first = data[position : position + 1]
    if first == b'"':
        string = _STRING.match(data, position)
        return string.end() if string else len(data)
    if first not in (b"{", b"["):
        return _SCALAR.match(data, position).end()  # type: ignore[union-attr] # always matches
    depth = 0
    while True:
        found = _NESTING.search(data, position)
        if found is None:
            return len(data)
        position = found.end()
        byte = found[0]
        if byte == b'"':
            string = _STRING.match(data, found.start())
            position = string.end() if string else len(data)
        elif byte in (b"{", b"["):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return position
