"""Where each run of a log file starts, found from its bytes, so one run is parsed alone.

A log grows by one run per traced start; `jopt report` wants the latest, from logs of a
gigabyte and more. So the file is read in large binary chunks and searched as bytes for
the only lines that decide where runs start: the hook's `#jopt-run` markers and the settings headers (a header the run has
already seen starts a new one). Each hit is checked against the parser's own rules on
its line alone (`settings_lines.hook_line` and `header`, after the prefix), so the index
agrees with a full parse: run count, line numbers and byte offsets.

The encoding and the line prefix are those `LogReader` found in the head of the file. A
line of `settings_input.MAX_LINE` bytes or more gives up (the reader cuts such lines where
its chunks fall): the caller then parses every line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from jopt.settings import inputs as settings_input
from jopt.settings import lines as lines_
from jopt.settings.inputs import EBCDIC, Prefix

SCAN_CHUNK = 4 << 20
MARKER = "#jopt-run"
_NEAR = 64  # header lines are short: their line ends are looked for this near first
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # the ASCII characters str.strip removes


@dataclass
class RunIndex:
    """How many runs and lines a log holds, and where the runs asked for start."""

    runs: int = 0
    lines: int = 0
    starts: dict[int, tuple[int, int]] = field(default_factory=dict)  # run -> (byte offset, lines before it)


class _Codes:
    """What the scan looks for, in the bytes of one encoding."""

    def __init__(self, codec: str):
        self.codec = codec
        self.ascii = codec != EBCDIC
        self.lf, self.cr, self.space = "\n".encode(codec), "\r".encode(codec), " ".encode(codec)
        self.ends = (self.lf, self.cr) + (("\x85".encode(codec),) if codec == EBCDIC else ())
        self.marker = MARKER.encode(codec)
        self.after_marker = (b"", self.space) + self.ends  # it ends its line or a space follows
        #: needle -> what follows it on a header line: every known header holds one of them
        self.needles = {
            " settings".encode(codec): (":".encode(codec), " summary:".encode(codec)),
            " Metrics:".encode(codec): (b"",),
        }
        self.headers = {f"{title}:".encode(codec): kind for title, kind in lines_.KNOWN_HEADERS.items()}


class _Chunk:
    """Whole lines of the file read at once: `data[:end]`, which starts at file offset `offset`."""

    def __init__(self, data: bytes, end: int, offset: int, codes: _Codes):
        self.data, self.end, self.offset, self.codes = data, end, offset, codes
        self.ends = tuple(e for e in codes.ends if e in data)  # the line-end bytes found here

    def count_lines(self, start: int, stop: int) -> int:
        """Line ends in data[start:stop] (a CRLF is one); `start` and `stop` are line starts."""
        data, codes = self.data, self.codes
        count = sum(data.count(e, start, stop) for e in self.ends)
        if codes.cr in self.ends and codes.lf in self.ends:
            count -= data.count(codes.cr + codes.lf, start, stop)
        return count

    def line_start(self, pos: int) -> int:
        low = max(0, pos - _NEAR)
        found = max([self.data.rfind(e, low, pos) for e in self.ends], default=-1)
        if found < 0 and low > 0:
            found = max([self.data.rfind(e, 0, pos) for e in self.ends], default=-1)
        return found + 1

    def line_end(self, pos: int) -> int:
        high = min(self.end, pos + _NEAR)
        found = [i for i in (self.data.find(e, pos, high) for e in self.ends) if i >= 0]
        if not found and high < self.end:
            found = [i for i in (self.data.find(e, pos, self.end) for e in self.ends) if i >= 0]
        return min(found, default=self.end)

    def has_long_line(self) -> bool:
        """Whether MAX_LINE bytes go by without a line end."""
        pos, most = 0, settings_input.MAX_LINE
        while pos + most <= self.end:
            last = max([self.data.rfind(e, pos, pos + most) for e in self.ends], default=-1)
            if last < 0:
                return True
            pos = last + 1
        return False

    def finds(self, needle: bytes) -> Iterator[int]:
        data, end = self.data, self.end
        pos = data.find(needle, 0, end)
        while pos >= 0:
            yield pos
            pos = data.find(needle, pos + 1, end)


class _LongLine(Exception):
    pass


def _chunks(stream: BinaryIO, codes: _Codes, size: int) -> Iterator[_Chunk]:
    """The file in chunks that end at a line end (the last one at the end of the file)."""
    carry, offset = b"", 0
    while True:
        read = stream.read(size)
        data = carry + read if carry else read
        if not read:
            if data:
                yield _Chunk(data, len(data), offset, codes)
            return
        search = len(data) - 1 if data.endswith(codes.cr) else len(data)  # a CR may be half a CRLF
        cut = max(data.rfind(e, 0, search) for e in codes.ends) + 1
        if cut == 0:
            if len(data) >= settings_input.MAX_LINE:
                raise _LongLine
            carry = data
            continue
        yield _Chunk(data, cut, offset, codes)
        offset += cut
        carry = data[cut:]


def _line_event(line: bytes, codes: _Codes, prefix: Prefix | None) -> str | None:
    """ "run" for a marker line, the section kind for a known header, else None: the parser's rules."""
    text = line.decode(codes.codec, errors="replace")
    if prefix is not None:
        text = prefix.strip(text)
    hook = lines_.hook_line(text)
    if hook is not None:
        return "run" if hook[0] == "run" else None
    head = lines_.header(text.strip())
    return head[1] or None if head is not None else None


def _events(chunk: _Chunk, prefix: Prefix | None) -> list[tuple[int, str]]:
    """(line start, "run" or section kind) of the marker and header lines of a chunk, in order."""
    if prefix is None:
        found = _plain_markers(chunk)
        for needle, follows in chunk.codes.needles.items():
            found += _plain_headers(chunk, needle, follows)
        found.sort()  # each line is found once: it holds a marker, or one header
        return found
    found = _checked_markers(chunk, prefix)
    for needle, follows in chunk.codes.needles.items():
        found += _checked_headers(chunk, needle, follows, prefix)
    return sorted(set(found))  # a line holding two needles is one event


def _plain_markers(chunk: _Chunk) -> list[tuple[int, str]]:
    """Marker lines of a log without prefix: the marker starts the line."""
    data, end, marker, after = chunk.data, chunk.end, chunk.codes.marker, chunk.codes.after_marker
    ends, size, found = chunk.codes.ends, len(marker), []
    pos = data.find(marker, 0, end)
    while pos >= 0:
        if (pos == 0 or data[pos - 1 : pos] in ends) and data[pos + size : pos + size + 1] in after:
            found.append((pos, "run"))
        pos = data.find(marker, pos + 1, end)
    return found


def _plain_headers(chunk: _Chunk, needle: bytes, follows: tuple[bytes, ...]) -> list[tuple[int, str]]:
    """Known headers of a log without prefix, told by their bytes.

    The usual line (LF or CRLF line ends, the header alone, maybe spaces after it) is taken on
    sight; any other line holding the needle goes through `_header_line`.
    """
    codes, data, end = chunk.codes, chunk.data, chunk.end
    lf, cr, space, headers = codes.lf, codes.cr, codes.space, codes.headers
    find, rfind, startswith = data.find, data.rfind, data.startswith
    usual, crs, size, found = chunk.ends in ((lf,), (lf, cr)), cr in chunk.ends, len(needle), []
    pos = find(needle, 0, end)
    while pos >= 0:
        if startswith(follows, pos + size):
            start, kind = rfind(lf, pos - _NEAR if pos > _NEAR else 0, pos) + 1, None
            if usual and (start or pos <= _NEAR) and not (crs and rfind(cr, start, pos) >= 0):
                stop = pos + size + (len(follows[0]) if startswith(follows[0], pos + size) else len(follows[-1]))
                after = stop
                while data[after : after + 1] == space:
                    after += 1
                if data[after : after + 1] == lf or (crs and data[after : after + 2] == cr + lf):
                    kind = headers.get(data[start:stop])
            if kind is None:
                start, kind = _header_line(chunk, pos)
            if kind is not None:
                found.append((start, kind))
        pos = find(needle, pos + 1, end)
    return found


def _header_line(chunk: _Chunk, pos: int) -> tuple[int, str | None]:
    """(line start, section kind or None) for the line holding data[pos] (no prefix)."""
    start, stop = chunk.line_start(pos), chunk.line_end(pos)
    line, codes = chunk.data[start:stop], chunk.codes
    core = line.strip(_ASCII_SPACE) if codes.ascii else b""
    kind = codes.headers.get(core)
    if kind is None and (not codes.ascii or (core and (core[0] > 127 or core[-1] > 127))):  # str.strip may remove more
        kind = _line_event(line, codes, None)
    return start, None if kind == "run" else kind  # markers are found on their own


def _checked_markers(chunk: _Chunk, prefix: Prefix | None) -> list[tuple[int, str]]:
    """Marker lines of any log: each line holding the marker is decoded and checked."""
    data, codes, size = chunk.data, chunk.codes, len(chunk.codes.marker)
    hits = (p for p in chunk.finds(codes.marker) if data[p + size : p + size + 1] in codes.after_marker)
    lines = ((start, data[start : chunk.line_end(start)]) for start in {chunk.line_start(p) for p in hits})
    return [(start, "run") for start, line in lines if _line_event(line, codes, prefix) == "run"]


def _checked_headers(
    chunk: _Chunk, needle: bytes, follows: tuple[bytes, ...], prefix: Prefix | None
) -> list[tuple[int, str]]:
    """Known headers of any log: each line holding a needle is decoded and checked."""
    data, size = chunk.data, len(needle)
    starts = {chunk.line_start(p) for p in chunk.finds(needle) if data.startswith(follows, p + size)}
    found = []
    for start in starts:
        kind = _line_event(data[start : chunk.line_end(start)], chunk.codes, prefix)
        if kind is not None and kind != "run":
            found.append((start, kind))
    return found


class _Runs:
    """Counts runs from the events in file order, as `settings.iter_runs` does, and keeps
    where the wanted ones start."""

    def __init__(self, wanted: Sequence[int]):
        self.positive = {w for w in wanted if w > 0}
        self.kept: dict[int, int] = {}  # run -> byte offset, for positive positions
        self.tail: deque[tuple[int, int]] = deque(maxlen=max([-w for w in wanted if w < 0], default=1))
        self.runs = 0
        self.current = 0  # where the run being read starts
        self.counts = False  # it is a run (a marker or settings), not the lines before the first
        self.kinds: set[str] = set()
        self.lines_at: dict[int, int] = {0: 0}  # offset -> lines before it, for the offsets kept

    def read(self, events: list[tuple[int, str]], base: int) -> None:
        """Events of a chunk (line start in it, "run" or kind); the chunk starts at offset `base`."""
        kinds = self.kinds
        for start, event in events:
            if event != "run" and event not in kinds:
                kinds.add(event)
                self.counts = True
                continue
            if self.counts:
                self._finished()
            self.current, self.counts = base + start, True
            kinds = self.kinds = set() if event == "run" else {event}

    def _finished(self) -> None:
        self.runs += 1
        if self.runs in self.positive:
            self.kept[self.runs] = self.current
        self.tail.append((self.runs, self.current))

    def count_lines(self, chunk: _Chunk, lines: int) -> int:
        """Lines before each kept offset in this chunk; the lines after the chunk."""
        kept = {self.current, *self.kept.values(), *(offset for _, offset in self.tail)}
        self.lines_at = {offset: n for offset, n in self.lines_at.items() if offset in kept}
        pos = 0
        for offset in sorted(o - chunk.offset for o in kept if chunk.offset <= o < chunk.offset + chunk.end):
            lines += chunk.count_lines(pos, offset)
            self.lines_at[chunk.offset + offset] = lines
            pos = offset
        return lines + chunk.count_lines(pos, chunk.end)

    def index(self, lines: int) -> RunIndex:
        if self.counts:
            self._finished()
        starts = {**self.kept, **dict(self.tail)}
        return RunIndex(self.runs, lines, {run: (offset, self.lines_at[offset]) for run, offset in starts.items()})


def scan(stream: BinaryIO, codec: str, prefix: Prefix | None, wanted: Sequence[int]) -> RunIndex | None:
    """The run index of a log read from the start of `stream`; None if a line is too long to tell.

    `wanted`: the runs whose start to keep, 1-based (negative: from the end).
    """
    codes = _Codes(codec)
    runs = _Runs(wanted)
    lines, last = 0, b""
    try:
        for chunk in _chunks(stream, codes, SCAN_CHUNK):
            if chunk.has_long_line():
                return None
            runs.read(_events(chunk, prefix), chunk.offset)
            lines = runs.count_lines(chunk, lines)
            last = chunk.data[max(0, chunk.end - 2) : chunk.end]
    except _LongLine:
        return None
    return runs.index(lines + _unended(last, codes))


def _unended(tail: bytes, codes: _Codes) -> int:
    """What the count of line ends misses or adds at the end of the file (as LogReader reads it)."""
    if tail.endswith(codes.cr):  # a last CR ends no line; text before it is a cut-off line
        return -1 if tail[:-1] in (b"",) + codes.ends else 0
    return 1 if tail and tail[-1:] not in codes.ends else 0
