"""Zowe's start-up messages in job logs and trace logs (samples: tests/data/joblogs, sources in its README)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import ebcdic  # noqa: F401  (registers cp1047)
import pytest

from jopt.settings import startup
from jopt.settings.startup import Options, Ready, Start

DATA = Path(__file__).resolve().parent.parent / "data" / "joblogs"
THREE = [("discovery", 72.318, "ZWE1AD"), ("gateway", 61.402, "ZWE1AG"), ("api-catalog", 58.911, "ZWE1AC")]


def read(data: bytes, source: str = "log") -> list[Start]:
    _, lines = startup.lines_of(io.BytesIO(data))
    return startup.scan(lines, source)


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.splitlines(), start=1))


def summary(starts: list[Start]) -> list[tuple[str | None, float | None, str | None]]:
    return [(s.component, s.seconds, s.job) for s in starts]


@pytest.mark.parametrize(
    "name", ["zwe1sv-three-services.txt", "zwe1sv-three-services-asa.txt", "zwe1sv-three-services-asa.ebcdic"]
)
def test_three_api_ml_services_from_a_saved_job_log(name: str) -> None:
    starts = read((DATA / name).read_bytes())
    assert summary(starts) == THREE  # the JES message log's +ZWEAM000I copies are not counted again
    gateway = starts[1]
    assert gateway.started_at == "2026-05-04 09:11:31"
    assert gateway.launched_at == "2026-05-04 09:11:05"
    assert gateway.apiml_ready_at == "2026-05-04 09:12:41.530"
    assert gateway.ready == [Ready("Gateway Service", 61.402, "2026-05-04 09:12:33.118", gateway.line)]


def test_the_ebcdic_sample_is_the_asa_sample_in_ibm_1047() -> None:
    text = (DATA / "zwe1sv-three-services-asa.txt").read_text()
    assert (DATA / "zwe1sv-three-services-asa.ebcdic").read_bytes() == text.encode("cp1047")


def test_ebcdic_with_nel_line_ends_and_crlf_read_the_same() -> None:
    text = (DATA / "zwe1sv-three-services.txt").read_text()
    assert summary(read(text.replace("\n", "\x85").encode("cp1047"))) == THREE
    assert summary(read(text.replace("\n", "\r\n").encode())) == THREE


def test_v3_colours_double_parentheses_and_a_record_jes_wrapped() -> None:
    starts = read((DATA / "zwe1sv-v3-colour.txt").read_bytes())
    assert summary(starts) == [
        ("discovery", 50.118, "ZWE1AD"),
        ("gateway", 41.027, "ZWE1AG"),
        ("api-catalog", 44.302, "ZWE1AC"),
    ]
    assert starts[1].ready[0].at == "2026-05-05 08:02:51.006"  # the time of the line before the wrap


def test_single_service_apiml_is_one_start_with_four_services() -> None:
    (start,) = read((DATA / "zwe1sv-v33-single-service.txt").read_bytes())
    assert (start.component, start.seconds, start.launched_at) == ("apiml", 52.426, "2026-05-06 07:30:08")
    assert [r.service for r in start.ready] == [
        "Discovery Service",
        "Gateway Service",
        "API Catalog Service",
        "Caching Service",
    ]


def test_explorer_services_from_zwee0000i() -> None:
    starts = read((DATA / "zwe1sv-v2-explorer.txt").read_bytes())
    assert summary(starts) == [("files-api", 49.36, "ZWE1EF"), ("jobs-api", 52.871, "ZWE1EJ")]


def test_older_has_been_started_wording() -> None:
    line = "2020-08-10 06:45:43.711 <ZWEAGW1:main:66498> ZWESVUSR INFO  (o.z.a.p.s.ServiceStartupEventHandler) ZWEAM000I Gateway Service has been started in 1345.037 seconds"
    (start,) = startup.scan(numbered(line), "log")
    assert (start.component, start.seconds, start.job, start.pid) == ("gateway", 1345.037, "ZWEAGW1", "66498")


def test_a_restarted_jvm_is_a_second_start() -> None:
    text = (
        "2026-05-04 09:12:33.118 <ZWE1AG:main:100> U INFO  (h) ZWEAM000I Gateway Service started in 61.402 seconds\n"
        "2026-05-04 09:20:00.000 <ZWE1AG:main:200> U INFO  (h) ZWEAM000I Gateway Service started in 55.000 seconds\n"
    )
    assert [(s.pid, s.seconds) for s in startup.scan(numbered(text), "log")] == [("100", 61.402), ("200", 55.0)]


def test_a_message_line_not_following_a_head_is_not_a_start() -> None:
    text = "09.12.33 STC04512  +ZWEAM000I Gateway Service started in 61.402 seconds\n"
    assert startup.scan(numbered(text), "log") == []


# --- trace logs ---------------------------------------------------------------------------------

MARK1 = "#jopt-run time=2026-05-04T09:11:20Z component=gateway tag=GW ha= pid=4242 hook=v1"
MARK2 = "#jopt-run time=2026-05-05T08:01:50Z component=gateway tag=GW ha= pid=4343 hook=v1"
READY = "{} <ZWE1AG:main:{}> ZWESVUSR INFO  ((o.z.a.p.s.ServiceStartupEventHandler)) ZWEAM000I Gateway Service started in {} seconds"


def test_trace_stdout_starts_follow_the_hook_markers() -> None:
    text = "\n".join([MARK1, READY.format("2026-05-04 09:12:33.118", 1, "61.402"), MARK2, "no message yet"])
    starts = startup.scan(numbered(text), "start.log1GW")
    assert [(s.component, s.seconds, s.pid) for s in starts] == [("gateway", 61.402, "4242"), ("gateway", None, "4343")]
    assert starts[0].run == {
        "time": "2026-05-04T09:11:20Z",
        "component": "gateway",
        "tag": "GW",
        "ha": "",
        "pid": "4242",
        "hook": "v1",
    }


def test_run_options_from_the_trace_stderr() -> None:
    text = "\n".join([
        MARK1, "#jopt-trace options-file=none", "#jopt-trace launch-options= -XshowSettings",
        MARK2, "#jopt-trace options-file=/zowe/jopt/java.options.GW",
        "#jopt-optfile # Rendered by jopt 0.1.0 from profiles: shareclasses, heap",
        "#jopt-optfile -Xshareclasses:name=zowe_gateway", "#jopt-optfile -Xmx512m",
    ])  # fmt: skip
    found = startup.run_options(numbered(text))
    assert found[MARK1[len("#jopt-run ") :]] == Options(None, ())
    second = found[MARK2[len("#jopt-run ") :]]
    assert (second.name, second.profiles, second.options) == (
        "java.options.GW",
        ["shareclasses", "heap"],
        ["-Xshareclasses:name=zowe_gateway", "-Xmx512m"],
    )
    file_text = (
        "# Rendered by jopt 0.1.0 from profiles: shareclasses, heap\n-Xshareclasses:name=zowe_gateway\n-Xmx512m\n"
    )
    assert second.digest == hashlib.sha256(file_text.encode()).hexdigest()[:12]  # the file's own sha256
    marker = startup.scan(numbered(MARK2), "x")[0].run
    assert marker is not None and startup.marker_key(marker) == MARK2[len("#jopt-run ") :]


HEAP = Options("/o/java.options.GW", ("# Rendered by jopt 0.1.0 from profiles: heap", "-Xmx512m"))
BOTH = Options("/o/java.options.GW", ("# Rendered by jopt 0.1.0 from profiles: shareclasses, heap", "-Xshareclasses:name=zowe_gateway", "-Xmx512m"))  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after", "cause"),
    [
        (HEAP, BOTH, "since java.options.GW changed (shareclasses added)"),
        (BOTH, HEAP, "since java.options.GW changed (shareclasses removed)"),
        (HEAP, HEAP, f"same java.options.GW ({HEAP.digest})"),
        (Options(None, ()), HEAP, "since java.options.GW was added (heap)"),
        (HEAP, Options(None, ()), "since java.options.GW was removed"),
        (Options(None, ()), Options(None, ()), "no options file either time"),
        (HEAP, HEAP._replace(lines=(HEAP.lines[0], "-Xmx1g")), "since java.options.GW changed (-Xmx512m -> -Xmx1g)"),
        (HEAP, HEAP._replace(lines=(HEAP.lines[0], "-Xmx512m", "-Dpw.password=s3cret")),
         "since java.options.GW changed (+-Dpw.password=***)"),
        (None, HEAP, None),
    ],
)  # fmt: skip
def test_cause_of_a_change(before: Options | None, after: Options | None, cause: str | None) -> None:
    assert startup.cause(before, after) == cause


def test_change_between_two_traced_starts_in_the_documented_words() -> None:
    before = Start(
        "start.log1GW",
        1,
        "gateway",
        ready=[Ready("Gateway Service", 61.402, "2026-05-04 09:12:33.118", 2)],
        options=HEAP,
    )
    after = Start(
        "start.log1GW",
        3,
        "gateway",
        ready=[Ready("Gateway Service", 41.027, "2026-05-05 08:02:51.006", 4)],
        options=BOTH,
    )
    assert startup.change(before, after) == {
        "component": "gateway", "before": 61.402, "after": 41.027, "percent": -33,
        "cause": "since java.options.GW changed (shareclasses added)",
        "text": "gateway: 61.4 s -> 41.0 s (-33%) since java.options.GW changed (shareclasses added)",
    }  # fmt: skip


def test_listing_text_of_two_job_logs() -> None:
    starts = read((DATA / "zwe1sv-three-services.txt").read_bytes()) + read(
        (DATA / "zwe1sv-v3-colour.txt").read_bytes()
    )
    doc = startup.document(starts, [])
    assert startup.listing_text(doc) == (
        "COMPONENT    STARTED              READY IN  JOB     OPTIONS\n"
        "discovery    2026-05-04 09:11:05    72.3 s  ZWE1AD  -\n"
        "discovery    2026-05-05 08:01:54    50.1 s  ZWE1AD  -\n"
        "gateway      2026-05-04 09:11:31    61.4 s  ZWE1AG  -\n"
        "gateway      2026-05-05 08:02:09    41.0 s  ZWE1AG  -\n"
        "api-catalog  2026-05-04 09:11:40    58.9 s  ZWE1AC  -\n"
        "api-catalog  2026-05-05 08:02:09    44.3 s  ZWE1AC  -\n"
        "\n"
        "API ML ready at 2026-05-04 09:12:41.530 (ZWEAM001I, gateway)\n"
        "API ML ready at 2026-05-05 08:02:55.012 (ZWEAM001I, gateway)\n"
        "discovery: 72.3 s -> 50.1 s (-31%)\n"
        "gateway: 61.4 s -> 41.0 s (-33%)\n"
        "api-catalog: 58.9 s -> 44.3 s (-25%)\n"
    )


def test_last_keeps_the_newest_starts_of_each_component() -> None:
    starts = read((DATA / "zwe1sv-three-services.txt").read_bytes()) + read(
        (DATA / "zwe1sv-v3-colour.txt").read_bytes()
    )
    doc = startup.document(starts, [], last=1)
    assert [(s["component"], s["seconds"]) for s in doc["starts"]] == [
        ("discovery", 50.118),
        ("gateway", 41.027),
        ("api-catalog", 44.302),
    ]
    assert len(doc["changes"]) == 3  # the change is still the last two starts'


def test_report_line_of_a_run() -> None:
    start = Start("start.log1GW", 1, "gateway", ready=[Ready("Gateway Service", 61.402, "2026-05-04 09:12:33.118", 2)])
    found = startup.summary(start)
    assert found is not None
    assert startup.run_line(found) == "ready in 61.4 s (Gateway Service, ready at 2026-05-04 09:12:33.118)"
    assert startup.summary(Start("start.log1GW", 1, "gateway")) is None  # never got ready


def test_secret_looking_properties_of_an_options_file_are_masked_in_the_listing() -> None:
    options = Options("/o/java.options.GW", ("-Djavax.net.ssl.keyStorePassword=s3cret", "-Xmx512m"))
    start = Start("start.log1GW", 1, "gateway", ready=[Ready("Gateway Service", 1.0, "2026-05-04 09:12:33.118", 2)])
    start.options = options
    shown = startup.start_dict(start)["options"]
    assert shown["options"] == ["-Djavax.net.ssl.keyStorePassword=***", "-Xmx512m"]
    assert "s3cret" not in startup.listing_text(startup.document([start], []))
