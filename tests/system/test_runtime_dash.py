"""Hooked start scripts run under dash exactly as Zowe runs them (`cd <dir>` + text | sh).

Every Java fixture component is started twice: unhooked (the baseline) and hooked, and the
argv the stub JVM records is compared word for word.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest
from conftest import DASH, JAVA_COMPONENTS, argv_runs, run_like_zowe, wait_for, zowe_env

pytestmark = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")

TAGS = {
    "api-catalog": "AC",
    "apiml": "AM",
    "caching-service": "CS",
    "discovery": "DS",
    "gateway": "GW",
    "zaas": "ZA",
    "sample-ext": "SE",
}
SECRET = "Fixture S3cret-pw!"
SECRET_ENV = {
    "ZWE_zowe_certificate_keystore_password": SECRET,
    "ZWE_configs_certificate_keystore_password": SECRET,
}
SECRET_PROPERTY_WORDS = ("PASS", "SECRET", "TOKEN", "CREDENTIAL")
JOPT_LOCK = {".lock"}  # the overrides directory's lock file (jopt/storage/lock.py), also jopt's own
MARKER = re.compile(
    r"#jopt-run time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ component=(\S+) tag=(\S+) ha=(\S*) pid=\d+ hook=v2"
)

component_param = pytest.mark.parametrize("component", JAVA_COMPONENTS)


class Runner:
    """Starts one component of the sample like Zowe does, each run with its own argv file."""

    def __init__(self, sample, stub_java: Path, tmp_path: Path, component: str):
        self.sample = sample
        self.stub_java = stub_java
        self.tmp_path = tmp_path
        self.component = component
        self.count = 0

    def __call__(self, **extra: str) -> tuple[list[str], subprocess.CompletedProcess]:
        self.count += 1
        argv_file = self.tmp_path / f"argv.{self.count}"
        env = zowe_env(self.stub_java, argv_file, ZWE_zowe_runtimeDirectory=str(self.sample.root), **extra)
        done = run_like_zowe(self.sample.component_dir(self.component), env)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        runs = argv_runs(argv_file)
        assert len(runs) == 1, runs
        return runs[0], done


@pytest.fixture
def start(sample, stub_java, tmp_path, request) -> Runner:
    return Runner(sample, stub_java, tmp_path, request.node.callspec.params["component"])


def _install(jopt, sample, component: str) -> None:
    done = jopt("install", component)
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{component}: installed {sample.script(component)}\n"), done.output


def _with_before_jar(argv: list[str], *words: str) -> list[str]:
    assert argv[-2] == "-jar"
    return argv[:-2] + list(words) + argv[-2:]


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _pids(data: bytes) -> bytes:
    return re.sub(rb"pid=\d+", b"pid=<pid>", data)


def _pids_lines(lines: list[str]) -> list[str]:
    return [re.sub(r"pid=\d+", "pid=<pid>", line) for line in lines]


def _is_secret_property(key: str) -> bool:
    return any(word in key.upper() for word in SECRET_PROPERTY_WORDS)


def _settings_block(argv: list[str]) -> list[str]:
    """What the stub JVM prints for -XshowSettings, as the filter must leave it."""
    lines = ["VM settings:", "    Max. Heap Size (Estimated): 512.00M", "", "Property settings:"]
    for word in argv:
        if word.startswith("-D") and "=" in word:
            key, _, value = word[2:].partition("=")
            lines.append(f"    {key} = {'***' if _is_secret_property(key) else value}")
    return lines + [""]


def _wait_until(check, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.02)


# --- no options file: the hooked script behaves exactly as shipped -----------------------


@component_param
def test_hooked_without_options_file_runs_like_unhooked(component, sample, jopt, start):
    base_argv, base = start(**SECRET_ENV)
    _install(jopt, sample, component)
    own_files = _tree(sample.overrides)
    top = {p for p in own_files if "/" not in p}
    assert top - JOPT_LOCK == {"backups", "hook", "state.json"}  # hook/: the files v2 hooks source

    argv, done = start(**SECRET_ENV)

    assert argv == base_argv
    assert f"-Dserver.ssl.keyStorePassword={SECRET}" in argv
    assert argv[-2] == "-jar" and not any(w.startswith(("-Xoptionsfile", "@", "-XshowSettings")) for w in argv)
    assert _pids(done.stdout) == _pids(base.stdout)
    assert _pids(done.stderr) == _pids(base.stderr) == b"STUB-JVM-DONE\n"
    assert _tree(sample.overrides) == own_files


@component_param
def test_install_records_the_component_tag(component, sample, jopt):
    _install(jopt, sample, component)
    recorded = json.loads((sample.overrides / "state.json").read_text())
    assert recorded["components"][component]["tag"] == TAGS[component]


# --- options files -----------------------------------------------------------------------


@component_param
def test_options_file_goes_right_before_jar(component, sample, jopt, start):
    base_argv, base = start()
    _install(jopt, sample, component)
    options = sample.overrides / f"java.options.{TAGS[component]}"
    options.write_text("-Xmx1g\n")

    argv, done = start()

    assert argv == _with_before_jar(base_argv, f"-Xoptionsfile={options}")
    assert _pids(done.stdout) == _pids(base.stdout)
    assert done.stderr == b"STUB-JVM-DONE\n"


@component_param
def test_argfile_goes_right_before_jar(component, sample, jopt, start):
    base_argv, _ = start()
    _install(jopt, sample, component)
    argfile = sample.overrides / f"java.argfile.{TAGS[component]}"
    argfile.write_text("-Xmx1g\n")

    argv, _ = start()

    assert argv == _with_before_jar(base_argv, f"@{argfile}")


@component_param
def test_options_file_wins_over_argfile(component, sample, jopt, start):
    base_argv, _ = start()
    _install(jopt, sample, component)
    tag = TAGS[component]
    options = sample.overrides / f"java.options.{tag}"
    options.write_text("-Xmx1g\n")
    (sample.overrides / f"java.argfile.{tag}").write_text("-Xmx2g\n")

    argv, _ = start()

    assert argv == _with_before_jar(base_argv, f"-Xoptionsfile={options}")


@component_param
def test_ha_options_file_wins_for_its_instance(component, sample, jopt, start):
    base_argv, _ = start(ZWE_haInstance_id="lpar1")
    _install(jopt, sample, component)
    tag = TAGS[component]
    (sample.overrides / f"java.options.{tag}").write_text("-Xmx1g\n")
    ha_file = sample.overrides / f"java.options.{tag}.lpar1"
    ha_file.write_text("-Xmx2g\n")

    argv, _ = start(ZWE_haInstance_id="lpar1")

    assert argv == _with_before_jar(base_argv, f"-Xoptionsfile={ha_file}")


@component_param
def test_other_ha_instance_uses_the_plain_options_file(component, sample, jopt, start):
    base_argv, _ = start(ZWE_haInstance_id="lpar2")
    _install(jopt, sample, component)
    tag = TAGS[component]
    plain = sample.overrides / f"java.options.{tag}"
    plain.write_text("-Xmx1g\n")
    (sample.overrides / f"java.options.{tag}.lpar1").write_text("-Xmx2g\n")

    argv, _ = start(ZWE_haInstance_id="lpar2")

    assert argv == _with_before_jar(base_argv, f"-Xoptionsfile={plain}")


@component_param
def test_ha_argfile_wins_over_plain_options_file(component, sample, jopt, start):
    base_argv, _ = start(ZWE_haInstance_id="lpar1")
    _install(jopt, sample, component)
    tag = TAGS[component]
    (sample.overrides / f"java.options.{tag}").write_text("-Xmx1g\n")
    ha_argfile = sample.overrides / f"java.argfile.{tag}.lpar1"
    ha_argfile.write_text("-Xmx2g\n")

    argv, _ = start(ZWE_haInstance_id="lpar1")

    assert argv == _with_before_jar(base_argv, f"@{ha_argfile}")


# --- trace ---------------------------------------------------------------------------------


def _trace_on(how: str, jopt, sample, component: str) -> None:
    switch = sample.overrides / f"trace.{TAGS[component]}"
    if how == "cli":
        done = jopt("trace", "on", component)
        assert done.exit_code == 0, done.output
        assert done.output == f"{component}: trace on ({switch})\n"
    else:
        switch.touch()
    assert switch.is_file()


@component_param
@pytest.mark.parametrize("how", ["cli", "file"])
def test_trace_with_options_file_logs_and_masks_secrets(component, how, sample, jopt, start):
    tag = TAGS[component]
    base_argv, base = start(ZWE_haInstance_id="lpar1", **SECRET_ENV)
    _install(jopt, sample, component)
    options = sample.overrides / f"java.options.{tag}"
    options.write_text(f"-Xmx1g\n-Dsome.plain.name={SECRET}\n")  # only the value-based mask catches this
    _trace_on(how, jopt, sample, component)
    log1 = sample.overrides / f"start.log1{tag}"
    log2 = sample.overrides / f"start.log2{tag}"

    argv, done = start(ZWE_haInstance_id="lpar1", **SECRET_ENV)

    assert argv == _with_before_jar(base_argv, f"-Xoptionsfile={options}", "-XshowSettings")
    assert f"-Dserver.ssl.keyStorePassword={SECRET}" in argv  # the JVM got the real value
    # the job log still gets everything, masked; the logs get a copy
    assert _pids(done.stdout) == _pids(base.stdout)
    assert done.stderr.decode().splitlines() == [*_settings_block(argv), "STUB-JVM-DONE"]
    wait_for(log2, "STUB-JVM-DONE")
    expected_out = _pids(base.stdout).decode().splitlines()
    out = _wait_until(
        lambda: (lines := log1.read_text().splitlines()) and _pids_lines(lines[1:]) == expected_out and lines
    )
    assert out, f"{log1} never got the script's stdout {expected_out}: {log1.read_text()!r}"

    for log in (log1, log2):
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        marker = MARKER.fullmatch(log.read_text().splitlines()[0])
        assert marker is not None, log.read_text()
        assert marker.groups() == (component, tag, "lpar1")

    err = log2.read_text().splitlines()
    env_lines = [line for line in err if line.startswith("#jopt-env ")]
    other = [line for line in err if not line.startswith("#jopt-env ")]
    assert other[1:] == [
        f"#jopt-trace options-file={options}",
        "#jopt-optfile -Xmx1g",
        "#jopt-optfile -Dsome.plain.name=***",
        f"#jopt-trace launch-options=-Xoptionsfile={options} -XshowSettings",
        *_settings_block(argv),
        "STUB-JVM-DONE",
    ]
    assert "    server.ssl.keyStorePassword = ***" in other
    for name in SECRET_ENV:
        assert f"#jopt-env {name}=***" in env_lines
    assert "#jopt-env ZWE_haInstance_id=lpar1" in env_lines
    assert "#jopt-env ZWE_zowe_job_prefix=ZWE1" in env_lines

    for path in sample.overrides.rglob("*"):
        if path.is_file() and path != options:  # the options file is ours, written with the secret
            assert SECRET.encode() not in path.read_bytes(), path
    assert not list(sample.overrides.glob(".trace.*")), "trace FIFOs left behind"


@component_param
def test_trace_without_options_file_adds_only_show_settings(component, sample, jopt, start):
    tag = TAGS[component]
    base_argv, _ = start()
    _install(jopt, sample, component)
    _trace_on("cli", jopt, sample, component)
    log2 = sample.overrides / f"start.log2{tag}"

    argv, _ = start()

    assert argv == _with_before_jar(base_argv, "-XshowSettings")
    text = wait_for(log2, "STUB-JVM-DONE")
    assert "#jopt-trace options-file=none" in text.splitlines()
    assert "#jopt-trace launch-options= -XshowSettings" in text.splitlines()


@component_param
def test_trace_that_cannot_log_says_so_and_starts_normally(component, sample, jopt, start):
    tag = TAGS[component]
    base_argv, base = start()
    _install(jopt, sample, component)
    options = sample.overrides / f"java.options.{tag}"
    options.write_text("-Xmx1g\n")
    _trace_on("cli", jopt, sample, component)
    (sample.overrides / f"start.log1{tag}").mkdir()  # the log cannot be opened

    argv, done = start()

    assert argv == _with_before_jar(base_argv, f"-Xoptionsfile={options}")
    assert _pids(done.stdout) == _pids(base.stdout)
    assert done.stderr.decode().splitlines() == [
        f"jopt: trace.{tag} is set, but its logs or FIFOs cannot be made in {sample.overrides}; "
        "tracing is off for this start",
        "STUB-JVM-DONE",
    ]
    assert not list(sample.overrides.glob(".trace.*"))


@component_param
def test_trace_off_leaves_output_where_it_was(component, sample, jopt, start):
    base_argv, base = start()
    _install(jopt, sample, component)
    _trace_on("cli", jopt, sample, component)
    done = jopt("trace", "off", component)
    assert done.exit_code == 0, done.output

    argv, run = start()

    assert argv == base_argv
    assert _pids(run.stdout) == _pids(base.stdout)
    assert not list(sample.overrides.glob("start.log*"))


# --- syntax and round trip -----------------------------------------------------------------


@component_param
@pytest.mark.parametrize("shell", ["dash", "sh"])
def test_hooked_script_passes_sh_n(component, shell, sample, jopt):
    _install(jopt, sample, component)
    script = sample.script(component)
    executable = shutil.which(shell)
    assert executable is not None
    as_file = subprocess.run([executable, "-n", str(script)], capture_output=True)
    assert (as_file.returncode, as_file.stderr) == (0, b"")
    piped = f"cd {sample.component_dir(component)}\n" + script.read_text()
    as_zowe = subprocess.run([executable, "-n"], input=piped.encode(), capture_output=True)
    assert (as_zowe.returncode, as_zowe.stderr) == (0, b"")


@component_param
def test_uninstall_restores_bytes_and_behaviour(component, sample, jopt, start):
    script = sample.script(component)
    original, mode = script.read_bytes(), stat.S_IMODE(script.stat().st_mode)
    base_argv, _ = start()
    _install(jopt, sample, component)
    assert script.read_bytes() != original
    (sample.overrides / f"java.options.{TAGS[component]}").write_text("-Xmx1g\n")

    done = jopt("uninstall", component)

    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"{component}: uninstalled {script}\n"), done.output
    assert script.read_bytes() == original
    assert stat.S_IMODE(script.stat().st_mode) == mode
    argv, _ = start()
    assert argv == base_argv


# --- the files hook v2 sources ---------------------------------------------------------------


@component_param
def test_without_the_hook_files_the_script_runs_as_shipped(component, sample, jopt, start):
    base_argv, base = start(**SECRET_ENV)
    _install(jopt, sample, component)
    (sample.overrides / f"java.options.{TAGS[component]}").write_text("-Xmx1g\n")
    _trace_on("cli", jopt, sample, component)
    shutil.rmtree(sample.overrides / "hook")
    own_files = _tree(sample.overrides)

    argv, done = start(**SECRET_ENV)

    assert argv == base_argv
    assert (_pids(done.stdout), done.stderr) == (_pids(base.stdout), base.stderr)
    assert _tree(sample.overrides) == own_files  # no log, no FIFO, nothing


def test_without_the_overrides_directory_the_script_runs_as_shipped(sample, jopt, start_gateway):
    base_argv, base = start_gateway()
    _install(jopt, sample, "gateway")
    shutil.rmtree(sample.overrides)

    argv, done = start_gateway()

    assert argv == base_argv
    assert (_pids(done.stdout), done.stderr) == (_pids(base.stdout), base.stderr)
    assert not sample.overrides.exists()


def test_the_sourced_file_cannot_read_the_rest_of_the_piped_script(sample, jopt, start_gateway):
    base_argv, _ = start_gateway()
    _install(jopt, sample, "gateway")
    # a hook file that reads stdin: without `</dev/null` it would eat the script Zowe pipes in
    (sample.overrides / "hook" / "v2.sh").write_text("cat >/dev/null\nread -r jopt_x\nunset jopt_x\n")

    argv, done = start_gateway()

    assert argv == base_argv
    assert done.returncode == 0


def test_a_broken_hook_file_does_not_stop_the_start(sample, jopt, start_gateway):
    base_argv, _ = start_gateway()
    _install(jopt, sample, "gateway")
    (sample.overrides / "hook" / "v2.sh").write_text("if then fi (\n")

    argv, done = start_gateway()

    assert argv == base_argv
    assert done.returncode == 0
    assert b"Syntax error" in done.stderr  # dash says so; `command .` keeps the script going


@pytest.fixture
def start_gateway(sample, stub_java, tmp_path) -> Runner:
    return Runner(sample, stub_java, tmp_path, "gateway")
