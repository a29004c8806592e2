"""The ``shared-types`` command: generate the artifacts, validate message files.

``main(argv) -> int`` is the whole command, testable in-process; the console script
and ``python -m shared_types`` call it. Exit codes: 0 success, 1 invalid messages
or (with ``--check``) stale artifacts, 2 usage or I/O errors. Never a traceback for
a user's mistake.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from . import _compat as compat
from ._codec import DEFAULT_MAX_BYTES
from ._framing import LAYOUTS
from ._generate import KINDS, Config, ConfigError, generate, load_config, parse_path_option
from ._validate import Options, validate
from ._version import PROTOCOL_VERSION, __version__

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_INVALID: Final = 1
EXIT_USAGE: Final = 2

_DESCRIPTION = f"""\
The dashboard's WebSocket protocol (wire version {PROTOCOL_VERSION}) for Python.

  generate   write the JSON Schema, the npm package's TypeScript, the AsyncAPI
             document and the protocol reference from the models
             (--check: write nothing, fail if the files are stale)
  validate   check messages (JSON Lines, JSON documents or a JSON array) against
             the protocol, exactly as the Python parsers do, streaming
  compat     compare two protocol versions: what breaks old dashboards, which
             PROTOCOL_VERSION bump is due

exit codes: 0 success; 1 invalid messages, or stale files with --check;
            2 usage errors, unreadable inputs, files generate will not overwrite
"""

_GENERATE_EPILOG = f"""\
kinds (--only, --path):
{chr(10).join(f"  {kind:<11} {location}" for kind, location in KINDS.items())}

Relative --path values are under --out. Defaults come from [tool.shared-types] in
the nearest pyproject.toml (out, relative to that file; only; paths), e.g.:

  [tool.shared-types]
  out = "frontend"
  only = ["schema", "typescript"]
  paths = {{ typescript = "src/protocol" }}

A file that exists without the generated header is never overwritten; only the
files that change are written, and named.
"""

_VALIDATE_EPILOG = """\
Each problem is one line on stdout as soon as it is found: FILE:LINE: CODE: PATH:
MESSAGE (PATH left out when the problem concerns the whole message), or with
--format json one JSON object per line (file, line, code, path, message). A summary
by code goes to stderr, with a progress line while a terminal waits.

Input layouts (--input): jsonl (JSON Lines), one message per line; json, JSON
documents one after the other, each possibly over many lines; array, one JSON array
of messages; auto (default): an input starting with '[' is an array, one whose first
value spans lines is json, anything else jsonl. Memory stays bounded by --max-bytes
whatever the input size. "-" reads stdin.

examples:
  shared-types validate --direction server captured.jsonl
  some-producer | shared-types validate -
  shared-types validate --format json --max-errors 100 big.jsonl
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own spelling: prints usage, exits 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _path_option(text: str) -> tuple[str, Path]:
    try:
        return parse_path_option(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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

    generate_ = commands.add_parser(
        "generate",
        help="write (or --check) the JSON Schema, the TypeScript, AsyncAPI and the reference",
        description="Write the generated artifacts (JSON Schema, the npm package's sources "
        "in typescript/, the AsyncAPI document, the protocol reference) under DIR, from "
        "the Python models.",
        epilog=_GENERATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    generate_.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        help="the directory to write under (default: out of [tool.shared-types]; "
        "required without it)",
    )
    generate_.add_argument(
        "--only",
        metavar="KIND",
        action="append",
        choices=tuple(KINDS),
        help=f"only this kind of file ({', '.join(KINDS)}); repeatable",
    )
    generate_.add_argument(
        "--path",
        metavar="KIND=PATH",
        action="append",
        type=_path_option,
        help="write this kind at PATH (a folder, or the file for a one-file kind); repeatable",
    )
    generate_.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list every file that is missing or differs and exit 1 if any",
    )

    validate_ = commands.add_parser(
        "validate",
        help="validate messages in files or stdin",
        description="Validate protocol messages, as parse_client_message and "
        "parse_server_message do, one message at a time.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate_.add_argument(
        "--direction",
        choices=("client", "server", "auto"),
        default="auto",
        help="client: client-to-server messages; server: server-to-client; auto (default): "
        "each message by its event name",
    )
    validate_.add_argument(
        "--input",
        choices=LAYOUTS,
        default="auto",
        help="how messages are laid out (default auto: see below)",
    )
    validate_.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="how problems are written: text (default) or json, one object per line",
    )
    validate_.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"reject messages larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    validate_.add_argument(
        "--max-errors",
        type=_positive,
        metavar="N",
        help="stop after N invalid messages or input problems",
    )
    validate_.add_argument("files", nargs="+", metavar="FILE", help='inputs; "-" for stdin')
    compat.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:  # --help, --version, usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "generate":
            return _generate(args, arguments)
        if args.command == "compat":
            return compat.run(args)
        options = Options(
            direction=args.direction,
            layout=args.input,
            output=args.format,
            max_bytes=args.max_bytes,
            max_errors=args.max_errors,
        )
        return validate(args.files, options)
    except BrokenPipeError:  # `shared-types validate big.jsonl | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _generate(args: argparse.Namespace, arguments: Sequence[str]) -> int:
    from .export import generated_files  # noqa: PLC0415 (validate does not need the exporters)

    try:
        config = load_config(Path.cwd())
    except ConfigError as exc:
        print(f"shared-types: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    paths = {**config.paths, **dict(args.path or ())}  # each option replaces its setting
    merged = Config(
        out=args.out if args.out is not None else config.out,
        only=tuple(args.only) if args.only else config.only,
        paths=paths,
        source=config.source,
    )
    return generate(merged, generated_files(), check=args.check, argv=arguments)
