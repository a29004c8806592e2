"""A short, bounded run of the atheris fuzz target, and its corpus as regression cases."""

from __future__ import annotations

import contextlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from shared_types import ProtocolError, parse_client_message, parse_server_message

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TARGET = HERE / "fuzz_parse.py"
RUNS = 50_000


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda path: path.name)
def test_every_corpus_input_parses_or_is_rejected(path: Path) -> None:
    data = path.read_bytes()
    for parse in (parse_client_message, parse_server_message):
        for frame in (data, data.decode("utf-8", "surrogateescape")):
            with contextlib.suppress(ProtocolError):
                parse(frame)


@pytest.mark.skipif(
    importlib.util.find_spec("atheris") is None,
    reason="atheris is not installed (pip install atheris; Linux wheels only)",
)
def test_a_bounded_fuzz_run_finds_no_crash(tmp_path: Path) -> None:
    found = tmp_path / "found"
    found.mkdir()
    result = subprocess.run(  # noqa: S603 (our own interpreter and target)
        [
            sys.executable,
            str(TARGET),
            str(found),
            str(CORPUS),
            f"-runs={RUNS}",
            "-max_len=4096",
            "-seed=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    crashes = sorted(path.name for path in tmp_path.iterdir() if path.is_file())
    report = (
        f"the fuzzer found {crashes}: copy them into tests/fuzz/corpus/ as regression cases\n"
        + result.stderr[-3000:]
    )
    assert not crashes, report
    assert result.returncode == 0, report
    assert f"Done {RUNS} runs" in result.stderr
