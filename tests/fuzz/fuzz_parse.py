"""Coverage-guided fuzz target for both parsers (atheris, libFuzzer).

Every input must parse or raise `ProtocolError`; anything else is a crash, and
libFuzzer writes the input to ``crash-*``. Run it for as long as you like::

    python tests/fuzz/fuzz_parse.py /tmp/fuzz-corpus tests/fuzz/corpus -max_len=4096

The first directory receives the inputs libFuzzer finds interesting; the second is the
seed corpus (golden vectors, and any crash ever found, kept as regression cases).
``tests/fuzz/test_fuzz.py`` runs it briefly as part of the suite.
"""

from __future__ import annotations

import contextlib
import sys

import atheris  # type: ignore[import-untyped,unused-ignore] # no stubs; Linux only

with atheris.instrument_imports():
    from shared_types import ProtocolError, parse_client_message, parse_server_message

_PARSERS = (parse_client_message, parse_server_message)


def test_one_input(data: bytes) -> None:
    """Parse ``data`` both ways, as bytes and as text, with a limit that sometimes bites."""
    max_bytes = 1_048_576 if not data or data[0] % 8 else len(data) // 2
    text = data.decode("utf-8", "surrogateescape")  # keeps bad bytes as lone surrogates
    for parse in _PARSERS:
        for frame in (data, text):
            with contextlib.suppress(ProtocolError):
                parse(frame, max_bytes=max_bytes)


def main(argv: list[str]) -> None:
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
