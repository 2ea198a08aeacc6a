"""The run index: picking runs from a log file's bytes gives what a full parse gives."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_reader import CAPTURE, HOOK_RUN

from jopt.cli.app import cli
from jopt.settings import index as settings_index
from jopt.settings import inputs as settings_input
from jopt.settings.reader import SettingsLog, pick
from jopt.settings.report import run_dict

APP = "2026-11-24 00:00:01.000 <ZWEAGW1:main:1> INFO  o.z.a.g.GatewayApplication Started\n"
WANTED = [[-1], [1], [2], [-2, -1], [3, -3], [9], [-9]]


def hook_log(runs: int, body: str = CAPTURE) -> str:
    return "".join(HOOK_RUN.format(n=n) + body + APP for n in range(1, runs + 1))


def as_json(runs: dict[int, object]) -> dict[int, str]:
    return {w: json.dumps(run_dict(run, True), sort_keys=True) for w, run in runs.items()}  # type: ignore[arg-type]


def assert_same(data: bytes, wanted_lists: list[list[int]] = WANTED, indexable: bool = True) -> SettingsLog:
    """Every `wanted` picked through the index is what a full parse picks; returns the last log."""
    assert (indexed(data, [-1]) is not None) == indexable
    full = SettingsLog(io.BytesIO(data), "x")
    runs = list(full.runs())
    source = full.source()
    log = full
    for wanted in wanted_lists:
        expected, total = pick(iter(runs), wanted)
        log = SettingsLog(io.BytesIO(data), "x")
        found, count = log.pick(wanted)
        assert count == total and as_json(found) == as_json(expected), wanted
        if total:
            assert log.source() == source
    return log


def indexed(data: bytes, wanted: list[int], codec: str | None = None) -> settings_index.RunIndex | None:
    reader = settings_input.LogReader(io.BytesIO(data), codec)
    stream = io.BytesIO(data)
    return settings_index.scan(stream, reader.codec, reader.sniff(), wanted)


# --- the same report -----------------------------------------------------------------------


def _prefixed(text: str, prefix: str) -> str:
    return "".join(prefix + line for line in text.splitlines(True))


def _stamped(text: str) -> str:
    return "".join(f"2025-05-29T09:30:{n % 60:02d}.{n} STDERR {line}" for n, line in enumerate(text.splitlines(True)))


def _job_log(text: str) -> str:
    return "".join(f" 09.30.25 STC01234  {line}".rstrip() + "\n" for line in text.splitlines())


def _odd_spaces(text: str) -> str:
    text = text.replace("Locale settings summary:", "Locale settings summary:\x1c")
    return text.replace("VM settings:", "\xa0VM settings:")


FORMS = {
    "plain": (lambda t: t, "utf-8"),
    "crlf": (lambda t: t.replace("\n", "\r\n"), "utf-8"),
    "cr": (lambda t: t.replace("\n", "\r"), "utf-8"),
    "ebcdic": (lambda t: t, "cp1047"),
    "ebcdic-prefix": (lambda t: _prefixed(t, "ZWE1AG  "), "cp1047"),
    "ebcdic-odd-spaces": (_odd_spaces, "cp1047"),
    "timestamp-prefix": (_stamped, "utf-8"),
    "job-log-columns": (_job_log, "utf-8"),
    "latin1-odd-spaces": (lambda t: _odd_spaces(t.replace("x = y", "x = é")), "iso8859-1"),
    "utf8-odd-spaces": (lambda t: t.replace("x = y", "x = é").replace("VM settings:", "\u2003VM settings:"), "utf-8"),
}


@pytest.mark.parametrize("form", FORMS)
def test_latest_and_numbered_runs_as_a_full_parse_gives_them(form: str) -> None:
    transform, codec = FORMS[form]
    assert_same(transform(hook_log(4)).encode(codec))


def test_truncated_last_run() -> None:
    text = hook_log(3)
    for cut in (text.rindex("    my.password"), text.rindex("    my.password") + 5, len(text) - 1):
        log = assert_same(text[:cut].encode())
        found, _ = log.pick([-1])
        assert found[-1].truncated or "the last line has no line end" in " ".join(found[-1].problems)


def test_logs_without_markers_split_at_repeated_headers() -> None:
    log = assert_same(("old output\n" + CAPTURE * 3 + "Foo settings:\n    x\n\n" + CAPTURE).encode())
    assert log.pick([-1])[1] == 4


def test_repeated_capture_inside_one_marker_run_is_a_run_of_its_own() -> None:
    text = HOOK_RUN.format(n=1) + CAPTURE + CAPTURE.replace("x = y", "x = z") + hook_log(2)
    log = assert_same(text.encode())
    found, total = log.pick([2])
    assert total == 4 and found[2].marker is None and found[2].properties["x"] == "z"


def test_marker_text_inside_other_lines_starts_no_run() -> None:
    noise = (
        "echo #jopt-run time=x\n#jopt-env OLD=#jopt-run time=y\n #jopt-run indented\n#jopt-runner x\n"
        "the VM settings: here\n    see Property settings:\n#jopt-run\n"
    )
    text = hook_log(2).replace(APP, APP + noise)
    log = assert_same(text.encode())
    assert log.pick([-1])[1] == 4  # each bare "#jopt-run" line is a marker, as the parser reads it


def test_lines_before_the_first_run_and_headers_in_odd_places() -> None:
    odd = "    VM settings:\n" + " " * 70 + "Operating System Metrics:  \n"
    odd += "\u3000Property settings:\u3000\nVM settings:\x1c\n"
    assert_same(("noise\n\n" + hook_log(2) + odd + hook_log(1)).encode())


@pytest.mark.parametrize("size", [1, 7, 100, 4096])
def test_chunk_boundaries_anywhere(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(settings_index, "SCAN_CHUNK", size)
    assert_same(hook_log(3).replace("\n", "\r\n").encode())
    assert_same(("x\n" + CAPTURE * 2 + hook_log(2)).encode())


@pytest.mark.parametrize("end", ["", "\n", "\r", "\r\n", "a", "a\r", "\n\r", "\r\r"])
def test_line_count_at_the_end_of_the_file(end: str) -> None:
    assert_same((hook_log(2) + "tail" + end).encode())


def test_empty_log_and_log_without_runs() -> None:
    for data in (b"", b"just output\n", b"\r"):
        log = assert_same(data)
        assert log.pick([-1]) == ({}, 0)


def test_a_line_too_long_to_index_falls_back_to_reading_every_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_input, "MAX_LINE", 100)
    data = (hook_log(2) + "x" * 300 + "\n" + hook_log(1)).encode()
    assert_same(data, indexable=False)


# --- the index itself ----------------------------------------------------------------------


def test_index_counts_runs_and_lines_and_keeps_the_wanted_starts() -> None:
    text = hook_log(5)
    index = indexed(text.encode(), [2, -1])
    assert index is not None
    assert (index.runs, index.lines) == (5, text.count("\n"))
    second = text.index(HOOK_RUN.format(n=2))
    assert index.starts[2] == (second, text[:second].count("\n"))
    assert set(index.starts) == {2, 5}


def test_index_of_ebcdic_with_prefix() -> None:
    text = "".join(f"ZWE1AG  {line}" for line in hook_log(3).splitlines(True))
    index = indexed(text.encode("cp1047"), [-1], "cp1047")
    assert index is not None and index.runs == 3 and index.lines == text.count("\n")


def test_stdin_and_pipes_are_read_line_by_line() -> None:
    class Pipe(io.BytesIO):
        def seekable(self) -> bool:
            return False

    data = hook_log(3).encode()
    found, total = SettingsLog(Pipe(data), "-").pick([-1])
    assert total == 3 and found[-1].index == 3


def test_report_command_on_a_file_matches_the_full_parse(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log(6))
    fast = CliRunner().invoke(cli, ["report", str(log), "--json", "--run", "-2"])
    data = json.loads(fast.output)
    expected, _ = pick(SettingsLog(io.BytesIO(log.read_bytes()), str(log)).runs(), [-2])
    assert data["run"] == run_dict(expected[-2]) and data["source"]["runs"] == 6
    assert data["source"]["lines"] == hook_log(6).count("\n")


def test_picking_the_latest_run_keeps_memory_flat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_index, "SCAN_CHUNK", 1 << 16)

    def peak(runs: int) -> int:
        data = hook_log(runs).encode()
        tracemalloc.start()
        SettingsLog(io.BytesIO(data), "x").pick([-1])
        used = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return used

    assert peak(1500) < peak(150) * 1.2 + (1 << 16)
