"""verify: requested options (the options file) against the effective ones (a run, a javacore)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli
from jopt.settings import javacore, verify
from jopt.settings.reader import LogError, parse_text
from jopt.settings.verify import MISMATCH, MISSING, OK, PRESENT, UNVERIFIABLE, Check

DATA = Path(__file__).resolve().parents[1] / "data" / "settings"
OPENJ9_DIR = "/global/zowe/workspace/jopt"
OPTIONS_GW = """\
# java.options.GW: OpenJ9 options file for component gateway (tag GW)
-Xshareclasses:name=zowe_gw,cacheDir=/global/zowe/cache,nonfatal
-Xmx1g
-Djopt.probe=one
-Dserver.ssl.keyStorePassword=fixture-keystore-pass
"""

HOTSPOT = """\
VM settings:
    Min. Heap Size: 64.00M
    Max. Heap Size: 292.97M
    Using VM: OpenJDK 64-Bit Server VM

Property settings:
    api.token = ***
    java.vm.name = OpenJDK 64-Bit Server VM
    jopt.probe = one
    lib.path = /a
        /b
    path.separator = :

"""


@pytest.fixture(scope="module")
def hotspot():  # type: ignore[no-untyped-def]
    (run,) = parse_text(HOTSPOT)
    return run


@pytest.fixture(scope="module")
def openj9():  # type: ignore[no-untyped-def]
    (run,) = parse_text((DATA / "openj9-21-zos.log2").read_text())
    return run


@pytest.mark.parametrize(
    ("option", "status", "seen"),
    [
        ("-Djopt.probe=one", OK, "jopt.probe = one"),
        ("-Djopt.probe=two", MISMATCH, "jopt.probe = one"),
        ("-Dnot.there=1", MISSING, ""),
        ("-Dapi.token=abc", PRESENT, "api.token = ***"),
        ("-Dlib.path=/a:/b:", OK, "lib.path = /a:/b"),
        ("-Xmx300000k", OK, "Max. Heap Size: 292.97M"),
        ("-Xmx300m", MISMATCH, "Max. Heap Size: 292.97M"),
        ("-Xms64m", OK, "Min. Heap Size: 64.00M"),
        ("-Xss1m", MISSING, ""),
        ("-XX:+UseG1GC", UNVERIFIABLE, ""),
    ],
)
def test_hotspot_checks(hotspot, option: str, status: str, seen: str) -> None:  # type: ignore[no-untyped-def]
    check = verify.check_option(option, "hotspot", hotspot, None)
    assert (check.status, check.seen) == (status, seen)


def test_secret_value_is_masked_when_compared(hotspot) -> None:  # type: ignore[no-untyped-def]
    (run,) = parse_text(HOTSPOT.replace("api.token = ***", "api.token = abc"))
    check = verify.check_option("-Dapi.token=abc", "hotspot", run, None)
    assert check == Check("-Dapi.token=***", OK, "api.token = ***")
    assert verify.check_option("-Dapi.token=abc", "hotspot", run, None, show=True).seen == "api.token = abc"


def test_a_run_without_property_settings_cannot_verify_a_property() -> None:
    """-XshowSettings:vm (native mode's trace, which must not print passwords into the job
    log) shows no property: a -D option is unverifiable there, not missing."""
    (run,) = parse_text(HOTSPOT[: HOTSPOT.index("Property settings:")])
    check = verify.check_property("-Djopt.probe=one", run, None, show=False)
    assert (check.status, check.note) == (
        UNVERIFIABLE,
        "the log shows no property settings; a javacore (--javacore) lists -D options",
    )


def test_openj9_heap_from_the_options_file_cannot_be_seen(openj9) -> None:  # type: ignore[no-untyped-def]
    check = verify.check_option("-Xmx1g", "openj9", openj9, None)
    assert check.status == UNVERIFIABLE and check.seen == "Max. Heap Size: 512.00M"
    assert "start script's own -Xmx" in check.note
    assert verify.check_option("-Xshareclasses:name=x", "openj9", openj9, None).note.startswith(
        "OpenJ9 does not echo -X options"
    )


def test_openj9_estimated_heap_is_used_when_it_is_all_there_is() -> None:
    (run,) = parse_text("VM settings:\n    Max. Heap Size (Estimated): 1.00G\n    Using VM: Eclipse OpenJ9 VM\n\n")
    assert verify.check_option("-Xmx1g", "openj9", run, None).status == OK
    assert verify.check_option("-Xmx2g", "openj9", run, None).status == UNVERIFIABLE


def test_javacore_user_args() -> None:
    core = javacore.read(DATA / "javacore-openj9-21.txt")
    assert core.when == "2025/05/29 at 09:31:02:517"
    assert core.args[0].startswith("-Xoptionsfile=") and core.args[-1] == "-Dsun.java.launcher.pid=84001"
    assert not any(a.startswith(("vfprintf", "abort", "exit")) for a in core.args)


def test_javacore_in_ebcdic(tmp_path: Path) -> None:
    path = tmp_path / "javacore.txt"
    path.write_bytes((DATA / "javacore-openj9-21.txt").read_text().encode("cp1047"))
    assert javacore.read(path).args == javacore.read(DATA / "javacore-openj9-21.txt").args


def test_not_a_javacore(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("hello\n")
    with pytest.raises(LogError, match="no 2CIUSERARG lines"):
        javacore.read(path)


@pytest.mark.parametrize(
    ("option", "status"),
    [("-Xmx1g", OK), ("-Xmx2g", MISMATCH), ("-Xms32m", OK), ("-Xshareclasses:name=zowe_gw,cacheDir=/global/zowe/cache,nonfatal", OK),
     ("-Xshareclasses:name=other", MISMATCH), ("-Xquickstart", MISSING), ("-Djopt.probe=one", OK), ("-Djopt.probe=2", MISMATCH),
     ("-Dnope=1", MISSING)],
)  # fmt: skip
def test_javacore_is_authoritative(openj9, option: str, status: str) -> None:  # type: ignore[no-untyped-def]
    args = javacore.read(DATA / "javacore-openj9-21.txt").args
    assert verify.check_option(option, "openj9", openj9, args).status == status


def test_only_the_last_option_of_a_family_counts() -> None:
    assert verify.effective_requests(["-Xmx1g", "-Dx=1", "-Xmx2g", "-Dx=2", "-Dy=1"]) == ["-Xmx2g", "-Dx=2", "-Dy=1"]


def test_start_checks(openj9) -> None:  # type: ignore[no-untyped-def]
    expected = Path(OPENJ9_DIR) / "java.options.GW"
    lines = OPTIONS_GW.splitlines()
    assert [c.status for c in verify.check_start(openj9, expected, lines, "openj9")] == [OK, OK]
    changed = verify.check_start(openj9, expected, lines[:-1], "openj9")
    assert changed[0].status == MISMATCH and "changed after this start" in changed[0].note
    other = verify.check_start(openj9, Path("/x/java.options.GW"), lines, "openj9")
    assert other[0].status == MISMATCH
    wrong_jvm = verify.check_start(openj9, expected, lines, "hotspot")
    assert wrong_jvm[1] == Check("JVM for hotspot", MISMATCH, "Eclipse OpenJ9 VM (openj9)", wrong_jvm[1].note)


def test_start_that_failed(openj9) -> None:  # type: ignore[no-untyped-def]
    (run,) = parse_text("#jopt-run time=t component=gateway tag=GW ha= pid=1 hook=v1\n#jopt-trace options-file=none\n"
                        "JVMJ9VM007E Command-line option unrecognised: -Xfoo\nError: Could not create the Java Virtual Machine.\n")  # fmt: skip
    checks = verify.check_start(run, Path("/o/java.options.GW"), [], "openj9")
    assert [c.status for c in checks] == [MISMATCH, MISSING]
    assert checks[0].seen == "JVMJ9VM007E Command-line option unrecognised: -Xfoo"
    assert checks[0].note == "the JVM reported an error at this start (and 1 more error lines)"


# --- the command, on the sample runtime ----------------------------------------------------


def _setup(sample, options: str = OPTIONS_GW) -> Path:  # type: ignore[no-untyped-def]
    sample.overrides.mkdir(parents=True, exist_ok=True)
    (sample.overrides / "java.options.GW").write_text(options)
    log = sample.overrides / "start.log2GW"
    log.write_text((DATA / "openj9-21-zos.log2").read_text().replace(OPENJ9_DIR, str(sample.overrides)))
    return log


def test_cli_verify_passes(sample, jopt) -> None:  # type: ignore[no-untyped-def]
    _setup(sample)
    result = jopt("verify", "gateway")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"gateway (tag GW): {sample.overrides / 'java.options.GW'} (openj9)"
    assert lines[1] == f"  against run 1 of {sample.overrides / 'start.log2GW'}, 2025-05-29T08:30:21Z"
    assert "  ok            -Djopt.probe=one" in result.output
    assert "  present       -Dserver.ssl.keyStorePassword=***" in result.output
    assert "fixture-keystore-pass" not in result.output
    assert "PASSED: 3 ok, 2 cannot verify, 1 present" in result.output
    assert "What -XshowSettings cannot show:" in result.output


def test_cli_verify_with_javacore(sample, jopt) -> None:  # type: ignore[no-untyped-def]
    _setup(sample)
    result = jopt("verify", "gateway", "--javacore", str(DATA / "javacore-openj9-21.txt"), "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["passed"] is True and data["schema"] == "jopt-verify/1"
    assert {c["subject"]: c["status"] for c in data["checks"]} == {
        "hook": OK, "JVM for openj9": OK, "-Xshareclasses:name=zowe_gw,cacheDir=/global/zowe/cache,nonfatal": OK,
        "-Xmx1g": OK, "-Djopt.probe=one": OK, "-Dserver.ssl.keyStorePassword=***": OK,
    }  # fmt: skip
    assert "fixture-keystore-pass" not in result.output


def test_cli_verify_fails_with_exit_6(sample, jopt) -> None:  # type: ignore[no-untyped-def]
    _setup(sample, OPTIONS_GW.replace("probe=one", "probe=two"))
    result = jopt("verify", "gateway")
    assert result.exit_code == 6
    assert "  mismatch      hook" in result.output and "changed after this start" in result.output
    assert "  mismatch      -Djopt.probe=two" in result.output and "jopt.probe = one" in result.output
    assert "FAILED:" in result.output


def test_cli_verify_without_log_or_options_file(sample, jopt) -> None:  # type: ignore[no-untyped-def]
    result = jopt("verify", "gateway")
    log = sample.overrides / "start.log2GW"
    assert (result.exit_code, result.output) == (
        1, f"jopt: error: {log}: no trace log: `jopt trace on gateway`, restart the component, then verify\n"
    )  # fmt: skip
    _setup(sample)
    (sample.overrides / "java.options.GW").unlink()
    result = jopt("verify", "gateway")
    assert result.exit_code == 1 and "no java.options.GW or java.argfile.GW: nothing was requested" in result.output


def test_cli_verify_refuses_a_cut_off_run(sample, jopt) -> None:  # type: ignore[no-untyped-def]
    log = _setup(sample)
    text = log.read_text()
    log.write_text(text[: text.index("    java.home")])
    result = jopt("verify", "gateway")
    assert (
        result.exit_code == 1
        and "the latest run (1) is cut off (truncated: the log ends inside Property settings" in result.output
    )


def test_verify_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["verify", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "--javacore" in result.output
