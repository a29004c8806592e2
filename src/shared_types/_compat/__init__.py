"""The protocol compatibility check behind ``shared-types compat`` (private).

`_shape` reads a JSON Schema node as the set of values it accepts, `_diff` lists the
differences of two versions with how the accepted set moved, `_rules` turns that into
a verdict for whoever reads the direction and the bump it needs, `_source` loads a
version from a directory, a git revision or the models, `_report` puts it together
and `_command` is the subcommand.
"""

from __future__ import annotations

from ._command import add_command, run
from ._report import Finding, Report, compare
from ._rules import RULES
from ._source import CompatError, Version, from_directory, from_models, from_revision, load

__all__ = [
    "RULES",
    "CompatError",
    "Finding",
    "Report",
    "Version",
    "add_command",
    "compare",
    "from_directory",
    "from_models",
    "from_revision",
    "load",
    "run",
]
