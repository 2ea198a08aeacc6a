"""Secrets: with trace on, a keystore password in the environment and on the java command
line never reaches a log, a report, a status, a backup's name or an error message; the
logs are 0600 and jopt's directory is created 0700 (or the JOPT_DIR_MODE asked for).

tests/system/test_runtime_dash.py proves the trace logs themselves are masked for every fixture
component; this module follows the value further, through everything jopt prints.
"""

from __future__ import annotations

import json
import stat
import time

import pytest
from conftest import DASH, argv_runs, run_like_zowe, zowe_env

pytestmark = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")

SECRET = "Ks-pw 7$ecret!"  # spaces, `$`, `!`: every quoting path gets a chance to leak it
OTHER_SECRET = "trust-Pa55word"
SECRET_ENV = {"ZWE_zowe_certificate_keystore_password": SECRET}


@pytest.fixture
def traced(sample, jopt, stub_java, tmp_path):
    """The gateway hooked, an options file holding a secret property, trace on, started twice."""
    assert jopt("install", "gateway").exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.write_text(f"-Xmx1g\n-Djavax.net.ssl.trustStorePassword={OTHER_SECRET}\n")
    assert jopt("trace", "on", "gateway").exit_code == 0
    for run in (1, 2):
        argv_file = tmp_path / f"argv.{run}"
        env = zowe_env(stub_java, argv_file, ZWE_zowe_runtimeDirectory=str(sample.root), **SECRET_ENV)
        done = run_like_zowe(sample.component_dir("gateway"), env)
        assert done.returncode == 0, done.stderr
        (argv,) = argv_runs(argv_file)
        assert f"-Dserver.ssl.keyStorePassword={SECRET}" in argv  # the JVM did get the real value
        assert f"-Djavax.net.ssl.trustStorePassword={OTHER_SECRET}" not in argv  # it is in the options file
        _wait_for_runs(sample.overrides / "start.log2GW", run)
    return sample


def _wait_for_runs(log, count: int, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """The log filter writes in the background: wait until `count` runs have ended in the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and log.read_text(errors="replace").count("STUB-JVM-DONE\n") >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{log} did not get {count} runs within {timeout}s")


def _leaks(text: str) -> list[str]:
    return [s for s in (SECRET, OTHER_SECRET, "7$ecret", "Pa55word") if s in text]


def test_trace_logs_are_0600_and_hold_no_secret(traced):
    for name in ("start.log1GW", "start.log2GW"):
        log = traced.overrides / name
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert _leaks(log.read_text()) == []
    err = (traced.overrides / "start.log2GW").read_text().splitlines()
    assert "#jopt-env ZWE_zowe_certificate_keystore_password=***" in err
    assert "#jopt-optfile -Djavax.net.ssl.trustStorePassword=***" in err
    assert "    server.ssl.keyStorePassword = ***" in err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("report", "gateway"), 0),
        (("report", "gateway", "--json"), 0),
        (("report", "gateway", "--yaml"), 0),
        (("report", "gateway", "--properties"), 0),
        (("report", "gateway", "--all-runs"), 0),
        (("report", "gateway", "--all-runs", "--json"), 0),
        (("report", "gateway", "--diff"), 0),
        (("report", "gateway", "--diff", "--json"), 0),
        (("verify", "gateway"), 6),  # the stub JVM ignores -Xmx1g: verify says so
        (("verify", "gateway", "--json"), 6),
        (("status",), 4),  # damage: the options file holds a secret in clear (named, never shown)
        (("status", "--json"), 4),
    ],
)
def test_nothing_jopt_prints_holds_a_secret(traced, jopt, args, code):
    done = jopt(*args)
    assert done.exit_code == code, done.output
    assert done.output.strip()
    assert _leaks(done.output) == []


def test_reports_mask_what_the_log_holds_even_unmasked(traced, jopt):
    """A log written without the hook's filter (e.g. copied from elsewhere): report masks it too."""
    raw = traced.overrides / "raw.log"
    raw.write_text(
        "VM settings:\n    Max. Heap Size (Estimated): 1.00G\n\nProperty settings:\n"
        f"    server.ssl.keyStorePassword = {SECRET}\n    javax.net.ssl.trustStorePassword = {OTHER_SECRET}\n"
        "    java.version = 21.0.5\n\n"
    )
    for args in ((), ("--json",), ("--yaml",), ("--properties",)):
        done = jopt("report", str(raw), *args)
        assert done.exit_code == 0, done.output
        assert _leaks(done.output) == [], args
    shown = jopt("report", str(raw), "--json", "--show-secrets")
    assert json.loads(shown.output)["run"]["properties"]["server.ssl.keyStorePassword"] == SECRET  # the mask is real


def test_error_messages_hold_no_secret(traced, jopt):
    errors = [
        jopt("report", "gateway", "--run", "9"),  # no such run
        jopt("report", "gateway", "--diff", "--run", "1", "--run", "7"),
        jopt("verify", "gateway", "--javacore", str(traced.overrides / "nope.txt")),
    ]
    for done in errors:
        assert done.exit_code == 1, done.output
        assert done.output.startswith("jopt: error: ")
        assert _leaks(done.output) == []
    (traced.overrides / "start.log2GW").write_bytes((traced.overrides / "start.log2GW").read_bytes()[:-200])
    cut = jopt("report", "gateway", "--strict")  # cut off inside a run: reported, and an error with --strict
    assert cut.exit_code == 1, cut.output
    assert cut.stderr.startswith("jopt: error: ")
    assert _leaks(cut.output) == []


def test_no_file_name_and_no_jopt_file_holds_a_secret(traced, jopt):
    assert jopt("uninstall", "gateway").exit_code == 0  # a second backup, of the hooked script
    options = traced.overrides / "java.options.GW"
    for path in traced.overrides.rglob("*"):
        assert _leaks(str(path.relative_to(traced.root))) == []
        if path.is_file() and path != options:  # the options file is the user's own text
            assert _leaks(path.read_text(errors="replace")) == [], path
    assert sorted(p.name.split(".")[0] for p in (traced.overrides / "backups" / "gateway").iterdir()) == [
        "start",
        "start",
    ]


def test_jopt_files_are_private(traced):
    overrides = traced.overrides
    assert stat.S_IMODE(overrides.stat().st_mode) == 0o700
    for path in (overrides / ".lock", overrides / "state.json", overrides / "trace.GW"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in (overrides / "backups").rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


@pytest.mark.parametrize(("asked", "mode"), [(None, 0o700), ("0750", 0o750), ("755", 0o755), ("0700", 0o700)])
def test_overrides_directory_is_created_with_the_mode_asked_for(sample, jopt, asked, mode):
    env = {"JOPT_DIR_MODE": asked} if asked else {}
    done = jopt("install", "gateway", env=env)
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(sample.overrides.stat().st_mode) == mode
    assert stat.S_IMODE((sample.overrides / "state.json").stat().st_mode) == 0o600


def test_dir_mode_applies_only_when_jopt_creates_the_directory(sample, jopt):
    sample.overrides.mkdir(parents=True, mode=0o711)
    sample.overrides.chmod(0o711)
    assert jopt("install", "gateway", env={"JOPT_DIR_MODE": "0750"}).exit_code == 0
    assert stat.S_IMODE(sample.overrides.stat().st_mode) == 0o711


@pytest.mark.parametrize("asked", ["0777", "0770", "0600", "rwx", "01777", "0702"])
def test_dir_mode_that_is_unsafe_or_unusable_is_refused(sample, jopt, asked):
    done = jopt("trace", "on", "gateway", env={"JOPT_DIR_MODE": asked})
    assert done.exit_code == 1
    assert done.output == (
        f"jopt: error: JOPT_DIR_MODE={asked}: give an octal mode with rwx for the owner and no write for group "
        "or others (e.g. 0700, 0750, 0755): the JVM runs what the options files there say\n"
    )
    assert not sample.overrides.exists()


def test_explain_holds_no_secret(traced, jopt):
    """Neither the options file's secret property nor a password in zowe.yaml reaches explain's
    text or JSON, in any mode (the start script's password variables stay as written)."""
    zowe_yaml = traced.zowe_yaml
    lines = zowe_yaml.read_text().splitlines()
    assert any("password:" in line for line in lines)
    zowe_yaml.write_text(
        "\n".join(
            line.split("password:")[0] + f'password: "{SECRET}"' if "password:" in line else line for line in lines
        )
        + "\n"
    )
    for mode in ("hook", "native", "both"):
        for args in ((), ("--json",)):
            done = jopt("explain", "gateway", "--mode", mode, *args)
            assert done.exit_code == 0, done.output
            assert _leaks(done.output) == [], (mode, args)
            assert ("-Djavax.net.ssl.trustStorePassword=***" in done.output) is (mode != "native")
    native = jopt("explain", "gateway", "--mode", "native")
    assert "start.sh has no ${CUSTOM_JVM_OPTS} on its java command: zowe.yaml cannot pass" in native.output
