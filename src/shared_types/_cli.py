"""The ``shared-types`` command: generate the artifacts, validate message files.

``main(argv) -> int`` is the whole command, testable in-process; the console script
and ``python -m shared_types`` call it. Exit codes: 0 success, 1 invalid messages
or (with ``--check``) stale artifacts, 2 usage or I/O errors. Never a traceback for
a user's mistake.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final

from . import _compat as compat
from ._codec import DEFAULT_MAX_BYTES, parse_client_message, parse_server_message
from ._errors import ProtocolError
from ._version import PROTOCOL_VERSION, __version__
from .websocket import CLIENT_TO_SERVER_EVENTS, SERVER_TO_CLIENT_EVENTS

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2

_Parse = Callable[..., Any]

_DESCRIPTION = f"""\
The dashboard's WebSocket protocol (wire version {PROTOCOL_VERSION}) for Python.

  generate   write json-schema/, typescript/, asyncapi/ and docs/reference.md from
             the models
             (--check: write nothing, fail if the committed files are stale)
  validate   check message files (one JSON message, or JSON Lines) against the
             protocol, exactly as the Python parsers do
  compat     compare two protocol versions: what breaks old dashboards, which
             PROTOCOL_VERSION bump is due

exit codes: 0 success; 1 invalid messages, or stale files with --check;
            2 usage errors and unreadable files
"""

_VALIDATE_EPILOG = """\
Each invalid message is reported as FILE:LINE: CODE: PATH: MESSAGE (PATH left out
when the problem concerns the whole message); a one-line summary goes to stderr.

A file holding a single JSON value (even spread over many lines) is one message;
otherwise every non-blank line is a message (JSON Lines). "-" reads stdin.

examples:
  shared-types validate --direction server captured.jsonl
  some-producer | shared-types validate -
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own spelling: prints usage, exits 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="shared-types",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"shared-types {__version__} (wire protocol {PROTOCOL_VERSION})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    generate = commands.add_parser(
        "generate",
        help="write (or --check) json-schema/, typescript/ and docs/reference.md",
        description="Write json-schema/*.schema.json, the npm package's generated sources "
        "in typescript/ and "
        "docs/reference.md under DIR, generated from the Python models.",
    )
    generate.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=Path(),
        help="the directory to write under (default: the current directory)",
    )
    generate.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list every file that is missing or differs and exit 1 if any",
    )

    validate = commands.add_parser(
        "validate",
        help="validate message files",
        description="Validate protocol messages in files, as parse_client_message and "
        "parse_server_message do.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "--direction",
        choices=("client", "server", "auto"),
        default="auto",
        help="client: client-to-server messages; server: server-to-client; auto (default): "
        "each message by its event name",
    )
    validate.add_argument(
        "--format",
        choices=("auto", "json", "jsonl"),
        default="auto",
        help="json: each file is one message; jsonl: one message per line; "
        "auto (default): see below",
    )
    validate.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"reject messages larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help='message files; "-" for stdin')
    compat.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).
    """
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "generate":
            return _generate(args.out, check=args.check)
        if args.command == "compat":
            return compat.run(args)
        return _validate(args.files, args.direction, args.format, args.max_bytes)
    except BrokenPipeError:  # `shared-types validate big.jsonl | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


# --------------------------------------------------------------------------- generate


def _generate(out: Path, *, check: bool) -> int:
    from .export import generated_files  # noqa: PLC0415 (validate does not need the exporters)

    files = generated_files()
    if check:
        stale = []
        for relative, text in files.items():
            path = out / relative
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                stale.append(f"missing: {path}")
                continue
            except OSError as exc:
                return _fail(f"cannot read {path}: {exc.strerror or exc}")
            if current != text.encode("utf-8"):
                stale.append(f"differs: {path}")
        for line in stale:
            print(line)
        if stale:
            print(
                f"shared-types: {len(stale)} of {len(files)} generated files are stale; "
                "run `shared-types generate` and commit the result",
                file=sys.stderr,
            )
            return EXIT_INVALID
        print(f"shared-types: {len(files)} generated files are up to date", file=sys.stderr)
        return EXIT_OK
    for relative, text in files.items():
        path = out / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        except OSError as exc:
            return _fail(f"cannot write {path}: {exc.strerror or exc}")
        print(f"wrote {path}")
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"shared-types: error: {message}", file=sys.stderr)
    return EXIT_USAGE


# --------------------------------------------------------------------------- validate


class _Validator:
    __slots__ = ("direction", "invalid", "max_bytes", "out", "total")

    def __init__(self, direction: str, max_bytes: int, out: IO[str]) -> None:
        self.direction = direction
        self.max_bytes = max_bytes
        self.out = out
        self.total = 0
        self.invalid = 0

    def check(self, name: str, line: int, frame: bytes) -> None:
        self.total += 1
        try:
            self._parse(frame)
        except ProtocolError as error:
            self.invalid += 1
            write = self.out.write
            code = error.code
            details = error.errors or ()
            if not details:
                write(f"{name}:{line}: {code}: {error.message}\n")
            for detail in details:
                where = f"{detail.path}: " if detail.path else ""
                write(f"{name}:{line}: {code}: {where}{detail.message}\n")
            if error.omitted:
                write(f"{name}:{line}: {code}: and {error.omitted} more problems\n")

    def _parse(self, frame: bytes) -> None:
        if self.direction == "client":
            parse_client_message(frame, max_bytes=self.max_bytes)
        elif self.direction == "server":
            parse_server_message(frame, max_bytes=self.max_bytes)
        else:
            _parse_either(frame, self.max_bytes)


_PREFIX: Final = b'{"event":"'


def _parse_either(frame: bytes, max_bytes: int) -> None:
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


def _validate(files: Sequence[str], direction: str, format_: str, max_bytes: int) -> int:
    validator = _Validator(direction, max_bytes, sys.stdout)
    unreadable = 0
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            print(
                f"shared-types: error: cannot read {name}: {exc.strerror or exc}", file=sys.stderr
            )
            unreadable += 1
            continue
        shown = "<stdin>" if name == "-" else name
        for line, frame in _messages(data, format_):
            validator.check(shown, line, frame)
    sys.stdout.flush()
    counted = len(files) - unreadable
    where = f"{counted} file" + ("" if counted == 1 else "s")
    messages = "message" if validator.total == 1 else "messages"
    if validator.invalid:
        summary = f"{validator.invalid} of {validator.total} {messages} invalid in {where}"
    else:
        summary = f"{validator.total} {messages} valid in {where}"
    if unreadable:
        summary += f"; {unreadable} file{'' if unreadable == 1 else 's'} unreadable"
    print(f"shared-types: {summary}", file=sys.stderr)
    if unreadable:
        return EXIT_USAGE
    return EXIT_INVALID if validator.invalid else EXIT_OK


def _messages(data: bytes, format_: str) -> Iterator[tuple[int, bytes]]:
    """Each message of a file with its (1-based) line number."""
    if format_ == "json" or (format_ == "auto" and _is_one_message(data)):
        stripped = data.lstrip()
        if stripped:
            yield data.count(b"\n", 0, len(data) - len(stripped)) + 1, data
        return
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            yield number, line


def _is_one_message(data: bytes) -> bool:
    if b"\n" not in data.strip():
        return True
    try:
        json.loads(data)  # fails fast on JSON Lines: right after the first line
    except (ValueError, RecursionError):
        return False
    return True
