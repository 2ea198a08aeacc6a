"""jopt.app.startup: job logs and the hook's trace logs found, read and joined run by run.

(Named apart from tests/settings/test_startup.py: pytest needs test file names to differ.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jopt.app import startup
from jopt.app.site import Site
from jopt.settings.reader import LogError
from jopt.zowe.locations import resolve

DATA = Path(__file__).resolve().parent.parent / "data" / "joblogs"
MARK = "#jopt-run time={} component=gateway tag=GW ha= pid={} hook=v1"
READY = "{} <ZWE1AG:main:{}> ZWESVUSR INFO  ((o.z.a.p.s.ServiceStartupEventHandler)) ZWEAM000I Gateway Service started in {} seconds"
HEAP = ["# java.options.GW: OpenJ9 options file", "# Rendered by jopt 0.1.0 from profiles: heap", "-Xmx512m"]
BOTH = ["# java.options.GW: OpenJ9 options file", "# Rendered by jopt 0.1.0 from profiles: shareclasses, heap",
        "-Xshareclasses:name=zowe_gateway", "-Xmx512m"]  # fmt: skip


@pytest.fixture
def site(sample) -> Site:  # type: ignore[no-untyped-def]
    sample.overrides.mkdir(parents=True)
    return Site.open(resolve(sample.zowe_yaml))


def traced_run(time: str, pid: str, ready: str | None, seconds: str, optfile: list[str]) -> tuple[str, str]:
    marker = MARK.format(time, pid)
    out = [marker, "some stdout"] + ([READY.format(ready, pid, seconds)] if ready else [])
    err = [marker, "#jopt-trace options-file=/zowe/jopt/java.options.GW"] + [f"#jopt-optfile {x}" for x in optfile]
    return "\n".join(out) + "\n", "\n".join(err + ["#jopt-env HOME=/u/zwesvusr"]) + "\n"


def write_traces(overrides: Path, *runs: tuple[str, str]) -> None:
    (overrides / "start.log1GW").write_text("".join(out for out, _ in runs))
    (overrides / "start.log2GW").write_text("".join(err for _, err in runs))


def test_two_traced_starts_show_the_change_and_what_changed(site: Site, sample) -> None:  # type: ignore[no-untyped-def]
    write_traces(
        sample.overrides,
        traced_run("2026-05-04T09:11:20Z", "4242", "2026-05-04 09:12:33.118", "61.402", HEAP),
        traced_run("2026-05-05T08:01:50Z", "4343", "2026-05-05 08:02:51.006", "41.027", BOTH),
    )
    doc = startup.from_traces(site, "gateway", 10)
    assert [(s["component"], s["seconds"], s["options"]["profiles"]) for s in doc["starts"]] == [
        ("gateway", 61.402, ["heap"]), ("gateway", 41.027, ["shareclasses", "heap"])
    ]  # fmt: skip
    assert [c["text"] for c in doc["changes"]] == [
        "gateway: 61.4 s -> 41.0 s (-33%) since java.options.GW changed (shareclasses added)"
    ]
    assert doc["sources"] == [
        {"file": str(sample.overrides / "start.log1GW"), "kind": "trace", "encoding": "utf-8", "lines": 6}
    ]


def test_a_run_that_never_got_ready_is_left_out(site: Site, sample) -> None:  # type: ignore[no-untyped-def]
    write_traces(
        sample.overrides,
        traced_run("2026-05-04T09:11:20Z", "4242", "2026-05-04 09:12:33.118", "61.402", HEAP),
        traced_run("2026-05-05T08:01:50Z", "4343", None, "", BOTH),
    )
    doc = startup.from_traces(site, None, 10)
    assert [s["seconds"] for s in doc["starts"]] == [61.402] and doc["changes"] == []


def test_no_trace_log_says_how_to_get_one(site: Site, sample) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LogError) as raised:
        startup.from_traces(site, "gateway", 10)
    assert str(raised.value) == (
        f"no trace log of gateway in {sample.overrides}: `jopt trace on gateway`, restart it, then run this again; "
        "or give a saved job log with --joblog FILE"
    )


def test_for_report_finds_the_runs_ready_message_beside_its_log(site: Site, sample) -> None:  # type: ignore[no-untyped-def]
    write_traces(
        sample.overrides,
        traced_run("2026-05-04T09:11:20Z", "4242", "2026-05-04 09:12:33.118", "61.402", HEAP),
        traced_run("2026-05-05T08:01:50Z", "4343", "2026-05-05 08:02:51.006", "41.027", BOTH),
    )
    hook = {"time": "2026-05-04T09:11:20Z", "component": "gateway", "tag": "GW", "ha": "", "pid": "4242", "hook": "v1"}
    found = startup.for_report(sample.overrides / "start.log2GW", hook)
    assert found is not None and (found["seconds"], found["ready_at"]) == (61.402, "2026-05-04 09:12:33.118")
    assert startup.for_report(sample.overrides / "start.log2GW", {**hook, "pid": "1"}) is None
    assert startup.for_report(sample.overrides / "start.log2GW", None) is None
    assert startup.for_report(sample.overrides / "other.log", hook) is None


def test_joblogs_in_the_order_given(tmp_path: Path) -> None:
    doc = startup.from_joblogs([DATA / "zwe1sv-three-services.txt", DATA / "zwe1sv-v3-colour.txt"], "gateway", 10)
    assert [(s["seconds"], s["source"]) for s in doc["starts"]] == [
        (61.402, "zwe1sv-three-services.txt"), (41.027, "zwe1sv-v3-colour.txt")
    ]  # fmt: skip
    assert doc["changes"][0]["text"] == "gateway: 61.4 s -> 41.0 s (-33%)"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "{p}: not found"),
        (lambda p: p.mkdir(), "{p}: is a directory, expected a log file"),
        (
            lambda p: p.write_text("IEF403I ZWE1SV - STARTED\n"),
            "no Zowe start-up message (ZWEAM000I, ZWEE0000I) in {p}",
        ),
    ],
)
def test_joblog_problems_are_one_line_errors(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ZWE1SV.txt"
    make(path)
    with pytest.raises(LogError) as raised:
        startup.from_joblogs([path], None, 10)
    assert str(raised.value) == message.format(p=path)


def test_a_component_not_in_the_joblog_names_the_ones_that_are() -> None:
    with pytest.raises(LogError) as raised:
        startup.from_joblogs([DATA / "zwe1sv-three-services.txt"], "zaas", 10)
    assert str(raised.value) == (
        f"no start of zaas in {DATA / 'zwe1sv-three-services.txt'} (it has starts of api-catalog, discovery, gateway)"
    )
