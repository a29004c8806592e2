"""The whole comparison of two versions: the findings, the bump due, the exit status."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from shared_types.contract import DIRECTIONS, Direction

from ._diff import Change, compare_documents
from ._rules import BUMPS, Bump, Verdict, bump_made, parse_version, verdict
from ._source import Version

__all__ = ["Finding", "Report", "compare"]

_ARROWS: dict[Direction, str] = {
    "client-to-server": "client→server",
    "server-to-client": "server→client",
}

_MADE = {"down": "the version went down", "none": "no bump made"}


@dataclass(frozen=True)
class Finding:
    """A difference in one direction, with its verdict."""

    direction: Direction
    change: Change
    verdict: Verdict

    def line(self) -> str:
        """The finding as one line of text."""
        change = self.change
        where = f"{change.event} {change.path or '(message)'}"
        if change.kind.startswith("event-"):
            where = f"{change.event} (event)"
        label = "BREAKING" if self.verdict.breaking else "compatible"
        return (
            f"{_ARROWS[self.direction]} {where}: {change.kind} ({change.detail}): "
            f"{label}: {self.verdict.reason}"
        )

    def data(self) -> dict[str, Any]:
        """The finding as JSON data."""
        return {
            "direction": self.direction,
            "event": self.change.event,
            "path": self.change.path,
            "kind": self.change.kind,
            "detail": self.change.detail,
            "relation": self.change.relation,
            "breaking": self.verdict.breaking,
            "wire": self.verdict.wire,
            "reason": self.verdict.reason,
        }


@dataclass(frozen=True)
class Report:
    """Every finding, the bump they need and the bump made, and whether that is enough."""

    old: Version
    new: Version
    findings: tuple[Finding, ...]
    due: Bump
    made: Bump | Literal["down"]

    @property
    def accepted(self) -> bool:
        """Whether the bump made covers the bump due (exit status 0)."""
        if self.made == "down":
            return not self.findings and self.due == "none"
        if self.due in ("major", "minor"):
            return BUMPS.index(self.made) >= BUMPS.index(self.due)
        return True  # documentation: a patch bump is advised, not required

    def verdict_line(self) -> str:
        """The summary: counts, versions, the bump due and made."""
        breaking = sum(finding.verdict.breaking for finding in self.findings)
        wire = sum(f.verdict.wire and not f.verdict.breaking for f in self.findings)
        docs = len(self.findings) - breaking - wire
        counts = (
            f"{len(self.findings)} difference{'' if len(self.findings) == 1 else 's'} "
            f"({breaking} breaking, {wire} compatible wire, {docs} documentation only)"
        )
        versions = f"protocol {self.old.version} -> {self.new.version}"
        if self.due == "none":
            return f"{counts}; {versions}: no bump due"
        target = _next(self.old.version, self.due)
        made = _MADE.get(self.made, f"{self.made} bump made")
        state = "OK" if self.accepted else "NOT ENOUGH"
        advice = "at least " if self.due == "minor" else ""
        return f"{counts}; {versions}: {advice}a {self.due} bump is due ({target}); {made}: {state}"

    def data(self) -> dict[str, Any]:
        """The report as JSON data (what ``--json`` prints)."""
        return {
            "old": {"source": self.old.source, "version": self.old.version},
            "new": {"source": self.new.source, "version": self.new.version},
            "findings": [finding.data() for finding in self.findings],
            "bump": {
                "due": self.due,
                "made": self.made,
                "next": None if self.due == "none" else _next(self.old.version, self.due),
            },
            "breaking": any(finding.verdict.breaking for finding in self.findings),
            "accepted": self.accepted,
            "summary": self.verdict_line(),
        }

    def text(self) -> str:
        """Every finding, one per line."""
        return "".join(f"{finding.line()}\n" for finding in self.findings)

    def json(self) -> str:
        """The report as JSON text."""
        return json.dumps(self.data(), indent=2, ensure_ascii=False) + "\n"


def compare(old: Version, new: Version) -> Report:
    """Compare two versions of the protocol.

    Raises:
        SchemaError: a schema the comparison cannot read.
    """
    findings: list[Finding] = []
    for direction in DIRECTIONS:
        for change in compare_documents(old.documents[direction], new.documents[direction]):
            findings.append(Finding(direction, change, verdict(direction, change.relation)))
    due: Bump = "none"
    if any(finding.verdict.breaking for finding in findings):
        due = "major"
    elif any(finding.verdict.wire for finding in findings):
        due = "minor"
    elif findings:
        due = "patch"
    return Report(old, new, tuple(findings), due, bump_made(old.version, new.version))


def _next(version: str, bump: Bump) -> str:
    major, minor, patch = parse_version(version)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
