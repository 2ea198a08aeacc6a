"""Parsing -XshowSettings output and hook logs into runs: shapes, tolerance, streaming."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from jopt.settings.reader import LogError, SettingsLog, open_log, parse_text, pick

DATA = Path(__file__).resolve().parents[1] / "data" / "settings"

CAPTURE = """\
VM settings:
    Stack Size: 2.00M
    Max. Heap Size: 300.00M
    Using VM: OpenJDK 64-Bit Server VM

Property settings:
    empty = 
    java.library.path = /usr/java/packages/lib
        /lib
        /usr/lib
    java.vm.name = OpenJDK 64-Bit Server VM
    line.separator = \\n 
    my.password = hunter2
    path.separator = :
    x = y

Locale settings summary:
    Use "-XshowSettings:locale" option for verbose locale settings options
    default locale = English
    tzdata version = 2025a

Security settings summary: 
    See "java -X" for verbose security settings options
    Security provider static configuration: (in order of preference)
        Provider name: SUN
        Provider name: SunJSSE
    Security TLS configuration (SunJSSE provider):
        Enabled Protocols:
            TLSv1.3
            TLSv1.2

openjdk version "17.0.15" 2025-04-15
OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)
OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)
"""

PROPERTIES = {
    "empty": "",
    "java.library.path": "/usr/java/packages/lib:/lib:/usr/lib",
    "java.vm.name": "OpenJDK 64-Bit Server VM",
    "line.separator": "\n",
    "my.password": "hunter2",
    "path.separator": ":",
    "x": "y",
}


def only(text: str):  # type: ignore[no-untyped-def]
    (run,) = parse_text(text)
    return run


def test_capture_sections() -> None:
    run = only(CAPTURE)
    assert run.sections == ["VM settings", "Property settings", "Locale settings summary", "Security settings summary"]
    assert run.vm == {"Stack Size": "2.00M", "Max. Heap Size": "300.00M", "Using VM": "OpenJDK 64-Bit Server VM"}
    assert run.properties == PROPERTIES
    assert run.locale == {"default locale": "English", "tzdata version": "2025a"}
    assert run.security is not None and run.security.providers == ["SUN", "SunJSSE"]
    assert run.security.protocols == ["TLSv1.3", "TLSv1.2"] and run.security.tls_provider == "SunJSSE"
    assert run.banner[0] == 'openjdk version "17.0.15" 2025-04-15' and len(run.banner) == 3
    assert run.complete and run.other.count == 0 and run.marker is None


def test_seed_blog_excerpt_parses() -> None:
    with open_log(DATA / "seed-blog-openj9-21.txt") as log:
        (run,) = log.runs()
    assert run.vm == {"Min. Heap Size": "32.00M", "Max. Heap Size": "512.00M", "Using VM": "IBM J9 VM"}
    assert run.properties["XcompilationThreads3"] == "" and run.properties["Xjit:count"] == "0"
    assert run.properties["java.home"] == "/Z31B/usr/lpp/java/J21.0_64"
    assert run.properties["xcom.ibm.java.diagnostics.healthcenter.headless.output.directory"] == "/u/tmp/zowec"
    assert run.locale["default locale"] == "English (United States)"
    assert run.security is not None
    assert run.security.providers == ["OpenJCEPlus", "IBMZSecurity", "SUN", "SunRsaSign"]
    assert run.security.protocols == ["TLSv1.3", "TLSv1.2"]
    assert run.warnings.groups() == [{
        "source": "sun.security.ssl.SSLLogger log", "level": "WARNING",
        "message": "No AlgorithmParameters for …", "count": 2, "subjects": ["sect163k1", "sect163r1"],
    }]  # fmt: skip
    assert run.banner[0].startswith("JRE 21 z/OS") and run.banner[-1].startswith("JCL - ")
    assert run.elided == ["Property settings", "Locale settings", "Security settings summary"]
    assert run.complete and run.other.count == 0


def test_openj9_hook_log() -> None:
    with open_log(DATA / "openj9-21-zos.log2") as log:
        (run,) = log.runs()
    assert run.marker == {
        "time": "2025-05-29T08:30:21Z",
        "component": "gateway",
        "tag": "GW",
        "ha": "lpar1",
        "pid": "84001",
        "hook": "v1",
    }
    assert run.trace["options-file"] == "/global/zowe/workspace/jopt/java.options.GW"
    assert run.trace["launch-options"].endswith("-XshowSettings")
    assert run.optfile_lines[2] == "-Xmx1g"
    assert run.environment["ZWE_BANNER"] == "line one\nline two"
    assert run.environment["ZWE_zowe_certificate_keystore_password"] == "***"
    full = run.properties["java.fullversion"].split("\n")
    assert full[0].startswith("JRE 21 z/OS") and full[1] == "OpenJ9   - f45de8e9eb0" and len(full) == 5
    assert run.properties["java.vm.info"] == run.properties["java.fullversion"]
    assert (
        run.properties["java.library.path"]
        == "/usr/lpp/java/J21.0_64/lib/compressedrefs:/usr/lpp/java/J21.0_64/lib:/usr/lib"
    )
    assert run.properties["java.home"] == "/usr/lpp/java/J21.0_64"
    assert len(run.security.providers) == 13  # type: ignore[union-attr]
    assert run.warnings.total == 3
    assert run.other.lines[0].endswith("Starting GatewayApplication")
    assert run.complete


def test_jdk21_linux_metrics_and_estimated_heap() -> None:
    run = only((DATA / "jdk21-linux.txt").read_text())
    assert run.vm["Max. Heap Size (Estimated)"] == "1.94G"
    assert run.system["List of Effective Processors, 4 total"] == "0 1 2 3"
    assert run.system["List of Processors"] == "N/A"
    assert run.properties["java.class.path"] == ""
    assert run.complete and run.other.count == 0


def test_jdk25_full_security() -> None:
    run = only((DATA / "jdk25-security.txt").read_text())
    sec = run.security
    assert sec is not None and sec.title == "Security settings"
    assert sec.properties["jdk.tls.disabledAlgorithms"].startswith("SSLv3, TLSv1, TLSv1.1,")
    assert sec.properties["jdk.sasl.disabledMechanisms"] == ""
    assert sec.providers == ["SUN", "SunPKCS11"]
    assert sec.provider_info["SUN"].endswith("JavaLoginConfig Configuration)")
    assert sec.services == {
        "SUN": ["AlgorithmParameterGenerator.DSA", "MessageDigest.SHA-224", "MessageDigest.SHA-256"],
        "SunPKCS11": [],
    }
    assert sec.protocols == ["TLSv1.3", "TLSv1.2"] and len(sec.ciphers) == 4 and sec.tls_provider == ""
    assert run.complete and run.other.count == 0


def test_system_settings_title_is_the_system_section() -> None:
    run = only("System settings:\n    Provider: cgroupv2\n\n")
    assert run.system == {"Provider": "cgroupv2"} and run.sections == ["System settings"]


def test_unknown_section_is_kept() -> None:
    run = only(CAPTURE.replace("openjdk version", "Foo settings:\n    bar = 1\n    baz\n\nopenjdk version"))
    assert run.unknown == {"Foo settings": ["bar = 1", "baz"]}
    assert run.sections[-1] == "Foo settings" and run.complete


def test_interleaved_output_is_set_aside() -> None:
    noisy = CAPTURE.replace(
        "    x = y\n",
        "    x = y\nMay 29, 2025 9:30:25 AM sun.security.ssl.SSLLogger log\nWARNING: No AlgorithmParameters for sect163k1\n"
        "WARNING: A terminally deprecated method in java.lang.System has been called\n",
    ).replace("Locale settings summary:", "[main] INFO starting\n\nLocale settings summary:")
    run = only(noisy)
    assert run.properties == PROPERTIES
    assert run.warnings.total == 2
    assert run.other.lines == ["[main] INFO starting"]
    assert run.locale == {"default locale": "English", "tzdata version": "2025a"}


@pytest.mark.parametrize(
    ("transform", "codec"),
    [
        (lambda t: t.replace("\n", "\r\n"), "utf-8"),
        (lambda t: t, "cp1047"),
        (
            lambda t: "".join(
                f"2025-05-29T09:30:{n % 60:02d}.{n} STDERR {line}\n" for n, line in enumerate(t.splitlines())
            ),
            "utf-8",
        ),
        (lambda t: "".join(f" 09.30.25 STC01234  {line}".rstrip() + "\n" for line in t.splitlines()), "utf-8"),
        (lambda t: "\n".join(line.strip() for line in t.splitlines()) + "\n", "utf-8"),
    ],
    ids=["crlf", "ebcdic", "timestamp-prefix", "job-log-columns", "lost-indentation"],
)
def test_tolerated_forms_parse_the_same(transform, codec: str) -> None:  # type: ignore[no-untyped-def]
    data = transform(CAPTURE).encode(codec)
    (run,) = SettingsLog(io.BytesIO(data), "x").runs()
    assert run.properties == PROPERTIES
    assert run.vm["Max. Heap Size"] == "300.00M"
    assert run.security is not None and run.security.protocols == ["TLSv1.3", "TLSv1.2"]
    assert run.complete and run.other.count == 0


def test_bare_captures_split_into_runs_at_a_repeated_header() -> None:
    runs = parse_text(CAPTURE + CAPTURE.replace("x = y", "x = z"))
    assert [r.properties["x"] for r in runs] == ["y", "z"]
    assert [r.index for r in runs] == [1, 2]


HOOK_RUN = """\
#jopt-run time=2026-11-24T00:00:0{n}Z component=gateway tag=GW ha= pid=12{n} hook=v1
#jopt-trace options-file=/o/java.argfile.GW
#jopt-optfile -Dx=y
#jopt-env HOME=/u/zowe
#jopt-trace launch-options=@/o/java.argfile.GW -XshowSettings
"""


def test_hook_runs_split_on_markers_and_lines_before_are_skipped() -> None:
    text = "old output\n" + HOOK_RUN.format(n=1) + CAPTURE + "app line\n" + HOOK_RUN.format(n=2) + CAPTURE
    runs = parse_text(text)
    assert [r.marker["pid"] for r in runs] == ["121", "122"]  # type: ignore[index]
    assert runs[0].other.lines == ["app line"] and runs[0].first_line == 2
    assert runs[1].environment == {"HOME": "/u/zowe"} and runs[1].optfile_lines == ["-Dx=y"]


def test_run_that_failed_to_start_has_errors_and_no_settings() -> None:
    text = HOOK_RUN.format(n=1) + "Unrecognized option: -Xfoo\nError: Could not create the Java Virtual Machine.\n"
    text += "Error: A fatal exception has occurred. Program will exit.\n" + HOOK_RUN.format(n=2) + CAPTURE
    first, second = parse_text(text)
    assert first.errors[0] == "Unrecognized option: -Xfoo" and len(first.errors) == 3
    assert not first.complete and first.problems == [
        "no -XshowSettings output; the JVM did not start (Unrecognized option: -Xfoo)"
    ]
    assert second.complete


def test_truncated_last_run() -> None:
    cut = CAPTURE[: CAPTURE.index("    my.password")]
    text = HOOK_RUN.format(n=1) + CAPTURE + HOOK_RUN.format(n=2) + cut
    first, second = parse_text(text)
    assert first.complete
    assert second.truncated and not second.complete
    assert second.problems == [f"truncated: the log ends inside Property settings (line {text.count(chr(10))})"]
    assert second.properties["java.library.path"] == "/usr/java/packages/lib:/lib:/usr/lib"


def test_cut_in_the_middle_of_a_line() -> None:
    (run,) = SettingsLog(io.BytesIO(CAPTURE[:200].encode()), "x").runs()
    assert run.truncated
    assert "the last line has no line end" in run.problems[-1]


def test_hook_run_with_no_settings_yet() -> None:
    (run,) = parse_text(HOOK_RUN.format(n=1))
    assert run.problems == ["no -XshowSettings output yet (the JVM may still be starting)"]


def test_log_without_runs_has_none() -> None:
    assert parse_text("just some output\nand more\n") == []


def test_pick_keeps_the_wanted_runs() -> None:
    runs = parse_text(CAPTURE * 5)
    found, total = pick(iter(runs), [2, -1, -2])
    assert total == 5 and found[2].index == 2 and found[-1].index == 5 and found[-2].index == 4
    assert pick(iter(runs), [9]) == ({}, 5)


def test_missing_log_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(LogError, match=r"nope\.log: log file not found"), open_log(tmp_path / "nope.log"):
        pass


def _peak(runs: int) -> int:
    data = ((HOOK_RUN.format(n=1) + CAPTURE + "app output line\n" * 20) * runs).encode()
    stream = io.BytesIO(data)
    tracemalloc.start()
    count = sum(1 for _ in SettingsLog(stream, "x").runs())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == runs
    return peak


def test_memory_stays_flat_however_many_runs() -> None:
    small, large = _peak(150), _peak(900)  # both well past the first 64 KiB chunk
    assert large < small * 1.2


def test_the_launchers_caused_by_line_is_an_error_not_a_property_continuation() -> None:
    """`java -XshowSettings:properties -jar x.jar` whose main class is missing: the last
    property keeps its value; both error lines are the run's errors."""
    text = (
        "Property settings:\n    java.home = /j\n    zz = last\n\n"
        "Error: Could not find or load main class jopt.NoSuchMain\n"
        "Caused by: java.lang.ClassNotFoundException: jopt.NoSuchMain\n"
    )
    (run,) = parse_text(text)
    assert run.properties["zz"] == "last"
    assert run.errors == [
        "Error: Could not find or load main class jopt.NoSuchMain",
        "Caused by: java.lang.ClassNotFoundException: jopt.NoSuchMain",
    ]
