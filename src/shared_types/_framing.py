"""Cutting a byte stream into messages, in constant memory: what ``validate`` reads.

An input is read in chunks and cut into `Frame`\\ s, each one message's bytes with the
line and column where it starts. Three layouts:

- ``jsonl``: one message per line (blank lines skipped, a CRLF ending is whitespace);
- ``json``: JSON documents one after the other, each possibly spread over many lines
  (a single pretty-printed message is the common case);
- ``array``: one JSON array whose elements are the messages.

``auto`` picks from the first bytes: ``[`` is an array; a first value that spans lines
is ``json``; anything else is ``jsonl``. No message is held beyond ``max_bytes + 1``
bytes: a longer one yields its first ``max_bytes + 1`` bytes (so the parser reports
``messageTooLarge`` exactly as it does on a frame) and the rest is skipped as it is read.
Problems of the input as a whole (empty, a byte-order mark, not UTF-8 text, a broken
array) are `Problem`\\ s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["CHUNK", "LAYOUTS", "Frame", "Layout", "Note", "Problem", "frames"]

CHUNK: Final = 1 << 20
Layout = Literal["auto", "jsonl", "json", "array"]
LAYOUTS: Final[tuple[Layout, ...]] = ("auto", "jsonl", "json", "array")

_BOM: Final = b"\xef\xbb\xbf"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_WHITESPACE: Final = b" \t\r\n"
_NOT_WHITESPACE: Final = re.compile(rb"[^ \t\r\n]")
_BRACKET: Final = re.compile(rb"[\[\]{}]")
_STRING_STOP: Final = re.compile(rb'["\\]')
# Where a bare scalar (a number, true, garbage) at the top ends.
_SCALAR_END: Final = re.compile(rb'[ \t\r\n,\[\]{}"]')


@dataclass(frozen=True, slots=True)
class Frame:
    """One message: its bytes (at most ``max_bytes + 1``), where it starts (1-based)."""

    line: int
    column: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Note:
    """Something worth knowing about the input that is not a problem."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem of the input itself, at a line (1-based); ``fatal`` stops the input."""

    line: int
    code: str
    message: str
    fatal: bool


Read = Callable[[int], bytes]


def frames(read: Read, layout: Layout, max_bytes: int) -> Iterator[Frame | Problem | Note | None]:
    """Every message of a stream, in order; ``None`` after each chunk read (a tick).

    Args:
        read: Returns up to ``n`` bytes, ``b""`` at the end (``BufferedReader.read1``).
        layout: How messages are laid out; ``auto`` decides from the first bytes.
        max_bytes: Messages longer than this are cut to ``max_bytes + 1`` bytes.
    """
    head = read(CHUNK)
    if head.startswith(_UTF16_BOMS):
        yield Problem(
            1,
            "notUtf8",
            "the input is UTF-16 (it starts with a UTF-16 byte-order "
            "mark); JSON messages must be UTF-8",
            fatal=True,
        )
        return
    if head.startswith(_BOM):
        yield Problem(
            1,
            "byteOrderMark",
            "the input starts with a UTF-8 byte-order mark, which "
            "JSON forbids (RFC 8259, section 8.1); save it without one. The rest is "
            "read as if it were not there",
            fatal=False,
        )
        head = head[len(_BOM) :]
    nul = head.find(b"\0", 0, 4096)
    if nul >= 0:
        yield Problem(
            1,
            "notText",
            f"the input is not UTF-8 text (a NUL byte at offset {nul}); nothing was checked",
            fatal=True,
        )
        return
    stream = _Stream(read, head)
    first = stream.skip_whitespace()
    if first is None:
        yield Problem(1, "emptyInput", "the input holds no message", fatal=True)
        return
    if layout == "auto":
        layout = _guess(stream)
    if layout == "jsonl":
        yield from _lines(stream, max_bytes)
    else:
        yield from _values(stream, max_bytes, in_array=layout == "array")


def _guess(stream: _Stream) -> Layout:
    """The layout of a stream positioned on its first non-blank byte."""
    first = stream.buffer[stream.position : stream.position + 1]
    if first == b"[":
        return "array"
    if first != b"{":
        return "jsonl"
    # Does the first value end on its first line? Scan it, as far as that line goes.
    stream.fill_line()
    buffer, position = stream.buffer, stream.position
    newline = buffer.find(b"\n", position)
    if newline < 0:
        return "jsonl"
    return "jsonl" if _Scanner().feed(buffer[:newline], position) is not None else "json"


class _Stream:
    """A read position over chunks; keeps the current chunk and the line count."""

    __slots__ = ("_counted", "buffer", "done", "line", "line_start", "offset", "position", "read")

    def __init__(self, read: Read, head: bytes) -> None:
        self.read = read
        self.buffer = head
        self.position = 0
        self._counted = 0  # buffer[:_counted] is counted in line and line_start
        self.offset = 0  # absolute offset of buffer[0]
        self.line = 1  # the line of buffer[counted]...
        self.line_start = 0  # absolute offset where that line starts
        self.done = False  # known only when a read returns nothing

    def next_chunk(self) -> bool:
        """Drop the current chunk (counting its lines) and read the next; False at the end."""
        self._count(len(self.buffer))
        self.offset += len(self.buffer)
        self.buffer = b"" if self.done else self.read(CHUNK)
        self.position = 0
        self._counted = 0
        if not self.buffer:
            self.done = True
            return False
        return True

    def _count(self, upto: int) -> None:
        counted = self._counted
        if upto <= counted:
            return
        lines = self.buffer.count(b"\n", counted, upto)
        if lines:
            self.line += lines
            self.line_start = self.offset + self.buffer.rfind(b"\n", counted, upto) + 1
        self._counted = upto

    def fill_line(self) -> None:
        """Read on until the current line is whole, or a chunk long, or the input ends.

        A pipe hands over what the producer wrote so far: the layout is not guessed
        from half a line.
        """
        while not self.done and len(self.buffer) - self.position < CHUNK:
            if self.buffer.find(b"\n", self.position) >= 0:
                return
            more = self.read(CHUNK)
            if not more:
                self.done = True
                return
            self.buffer += more

    def where(self, position: int) -> tuple[int, int]:
        """The (line, column) of a position in the current chunk, both 1-based."""
        self._count(position)
        return self.line, self.offset + position - self.line_start + 1

    def skip_whitespace(self) -> int | None:
        """Move to the next non-blank byte and return it; None at the end of the input."""
        while True:
            found = _NOT_WHITESPACE.search(self.buffer, self.position)
            if found:
                self.position = found.start()
                return self.buffer[self.position]
            if not self.next_chunk():
                return None


class _Parts:
    """The bytes of one message, kept up to ``limit`` bytes."""

    __slots__ = ("limit", "parts", "size")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> None:
        room = self.limit - self.size
        if room > 0:
            self.parts.append(data[:room] if len(data) > room else data)
            self.size += min(len(data), room)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def _lines(stream: _Stream, max_bytes: int) -> Iterator[Frame | Problem | Note | None]:
    limit = max_bytes + 1
    number, _ = stream.where(stream.position)
    pending = _Parts(limit)
    pending_line = 0
    buffer = stream.buffer[stream.position :]
    crlf_noted = False
    while True:
        lines = buffer.split(b"\n")
        tail = lines.pop()
        if lines:
            if pending.size:
                pending.add(lines[0])
                lines[0] = pending.take()
                number = pending_line
            if not crlf_noted and lines[0].endswith(b"\r"):
                crlf_noted = True
                yield Note(number, "CRLF line endings (read as LF)")
            for line in lines:
                if line.strip(_WHITESPACE):
                    yield Frame(number, 1, line if len(line) <= limit else line[:limit])
                number += 1
        if tail:
            if not pending.size:
                pending_line = number
            pending.add(tail)
        yield None
        buffer = stream.read(CHUNK) if not stream.done else b""
        if not buffer:
            break
    if pending.size:
        last = pending.take()
        if last.strip(_WHITESPACE):
            yield Frame(pending_line, 1, last)


class _Scanner:
    """Where a JSON value ends, fed chunk by chunk: the depth and string state only.

    It jumps from bracket to bracket: between two, the quotes say whether the second is
    inside a string (their count's parity, when no backslash is there; a careful walk
    when one is). So a message costs a few C-level searches per bracket, and the state
    is three numbers, whatever the input.
    """

    __slots__ = ("depth", "escape", "in_string")

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escape = False  # a backslash ended the last stretch: the next byte is escaped

    def feed(self, buffer: bytes, position: int) -> int | None:
        """Scan from ``position``; the offset just past the value's end, or None if not yet.

        The value must start with ``{``, ``[`` or ``"`` (bare scalars end elsewhere).
        """
        size = len(buffer)
        if self.depth == 0 and not self.in_string and position < size:  # the first byte
            self.in_string = buffer[position] == 0x22
            self.depth = 0 if self.in_string else 1
            position += 1
        if self.in_string and self.depth == 0:  # a string alone: its closing quote ends it
            return self._walk(buffer, position, size)
        while True:
            found = _BRACKET.search(buffer, position)
            end = size if found is None else found.start()
            if self.escape or buffer.find(b"\\", position, end) >= 0:
                self._walk(buffer, position, end)
            elif buffer.count(b'"', position, end) & 1:
                self.in_string = not self.in_string
            if found is None:
                return None
            position = end + 1
            if self.escape:  # the bracket itself was escaped, inside a string
                self.escape = False
                continue
            if self.in_string:
                continue
            if buffer[end] in (0x7B, 0x5B):  # { [
                self.depth += 1
            else:  # } ]
                self.depth -= 1
                if self.depth == 0:
                    return position

    def _walk(self, buffer: bytes, position: int, end: int) -> int | None:
        """Follow strings and escapes up to ``end`` (only where a backslash is).

        Returns where a string alone (at depth 0) ended, if it did.
        """
        if self.escape:
            if position >= end:
                return None
            self.escape = False
            position += 1
        while position < end:
            if not self.in_string:
                quote = buffer.find(b'"', position, end)
                if quote < 0:
                    return None
                self.in_string = True
                position = quote + 1
                continue
            stop = _STRING_STOP.search(buffer, position, end)
            if stop is None:
                return None
            at = stop.start()
            if buffer[at] == 0x5C:  # a backslash: the next byte is escaped
                if at + 1 >= end:
                    self.escape = True
                    return None
                position = at + 2
                continue
            self.in_string = False
            position = at + 1
            if self.depth == 0:  # a string alone has ended
                return position
        return None


def _values(
    stream: _Stream, max_bytes: int, *, in_array: bool
) -> Iterator[Frame | Problem | Note | None]:
    """The values of a ``json`` stream, or the elements of one ``array``."""
    if in_array:
        if stream.buffer[stream.position : stream.position + 1] != b"[":
            line, column = stream.where(stream.position)
            yield _broken(line, column, "expected a JSON array of messages ('[')")
            return
        stream.position += 1
    expect_value = True  # in an array: a value may come (after '[' or ',')
    closed = False
    count = 0
    while (byte := stream.skip_whitespace()) is not None:
        line, column = stream.where(stream.position)
        if closed:
            yield _broken(line, column, "content after the end of the array")
            return
        if in_array and byte in (0x2C, 0x5D) and (not expect_value or (byte == 0x5D and not count)):
            stream.position += 1  # , ]
            expect_value = byte == 0x2C
            closed = byte == 0x5D
            continue
        if not expect_value or byte in (0x2C, 0x5D, 0x7D):  # } , ] out of place
            expected = ("a message" if expect_value else "',' or ']'") if in_array else "a value"
            yield _broken(line, column, f"expected {expected}, found '{chr(byte)}'")
            return
        data, ended = yield from _value(stream, max_bytes + 1, container=byte in (0x7B, 0x5B, 0x22))
        yield Frame(line, column, data)
        if not ended:
            yield Note(line, _CUT_SHORT)
            return
        count += 1
        expect_value = not in_array
    if in_array and not closed:
        line, column = stream.where(stream.position)
        yield _broken(line, column, "the array is not closed (']' missing)")
    elif not count:
        yield Problem(1, "emptyInput", "the array holds no message", fatal=True)


_CUT_SHORT: Final = (
    "this message is larger than --max-bytes: the rest of the input is not checked (where it "
    "ends cannot be found without reading it whole; raise --max-bytes, or use JSON Lines)"
)


def _value(
    stream: _Stream, limit: int, *, container: bool
) -> Generator[None, None, tuple[bytes, bool]]:
    """Read the value at the stream's position, up to its first ``limit`` bytes.

    Returns them and whether the value's end was reached (or the input's); ticks
    after each chunk. A value longer than ``limit`` is left unfinished: in a
    document or an array, following it to its end could cost far more than the limit
    says (a hostile value can hold a bracket every other byte).
    """
    message = _Parts(limit)
    scanner = _Scanner()
    while True:
        buffer, position = stream.buffer, stream.position
        if container:  # an object, an array or a string: up to where it closes
            end = scanner.feed(buffer, position)
        else:  # a bare scalar (true, 12, garbage): up to a delimiter
            found = _SCALAR_END.search(buffer, position)
            end = None if found is None else found.start()
        if end is not None:
            message.add(buffer[position:end])
            stream.position = end
            return message.take(), True
        message.add(buffer[position:])
        if message.size >= limit:
            return message.take(), False
        if not stream.next_chunk():
            return message.take(), True
        yield None


def _broken(line: int, column: int, what: str) -> Problem:
    return Problem(
        line,
        "invalidJson",
        f"Invalid JSON: {what} at line {line} column {column}; "
        "the rest of the input is not checked",
        fatal=True,
    )
