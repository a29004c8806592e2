"""``shared-types compat``: its arguments, and the run that prints and exits."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Final

from ._report import compare
from ._shape import SchemaError
from ._source import CompatError, from_models, from_revision, load

__all__ = ["add_command", "run"]

EXIT_OK: Final = 0
EXIT_BREAKING: Final = 1
EXIT_USAGE: Final = 2

_EPILOG = """\
OLD and NEW are each a directory of generated schemas (a release's json-schema/,
or a checkout holding json-schema/) or a git revision of the repository in the
current directory (its ./json-schema/ at that revision). NEW defaults to the
installed models. --against REV is OLD=REV (a revision), NEW=the models.

Each difference is one line:
  DIRECTION EVENT PATH: KIND (DETAIL): BREAKING|compatible: REASON
then a summary on stderr with the bump of PROTOCOL_VERSION that is due.

exit codes: 0 compatible (or breaking with a major bump; a compatible wire change
with at least a minor bump); 1 a bump is missing; 2 usage errors, unreadable input

examples:
  shared-types compat json-schema/released/1.0.0
  shared-types compat --against origin/main --json
  shared-types compat v1.0.0 v1.1.0
"""


def add_command(commands: Any) -> None:
    """Add ``compat`` to the subcommands of the ``shared-types`` parser."""
    compat = commands.add_parser(
        "compat",
        help="compare two protocol versions: what breaks old dashboards, which bump is due",
        description="Compare two versions of the protocol, direction by direction, "
        "and say which changes break old dashboards and which version bump is due.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compat.add_argument("old", nargs="?", metavar="OLD", help="the old version")
    compat.add_argument("new", nargs="?", metavar="NEW", help="the new version (default: models)")
    compat.add_argument(
        "--against", metavar="REV", help="compare the models with the schemas committed at REV"
    )
    compat.add_argument("--json", action="store_true", help="print the findings as JSON")


def run(args: argparse.Namespace) -> int:
    """Run ``compat`` with parsed arguments; returns the exit status."""
    if (args.against is None) == (args.old is None) or (args.against and args.new):
        print(
            "shared-types compat: error: give OLD [NEW], or --against REV",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        old = from_revision(args.against) if args.against else load(args.old)
        new = load(args.new) if args.new else from_models()
        report = compare(old, new)
    except (CompatError, SchemaError) as exc:
        print(f"shared-types: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except RecursionError:
        print("shared-types: error: a schema is nested too deeply to compare", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        sys.stdout.write(report.json())
    else:
        sys.stdout.write(report.text())
        print(f"shared-types: {report.verdict_line()}", file=sys.stderr)
    return EXIT_OK if report.accepted else EXIT_BREAKING
