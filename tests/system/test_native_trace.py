"""Native mode with trace on puts no secret into the job log.

In native mode the component's output goes straight to the job log (no hook, nothing jopt
could mask), so `trace on` makes `install --native --write-config` set
`components.<id>.jvm.XshowSettings: ":vm"`: Zowe exports it as ZWE_configs_jvm_XshowSettings,
the apiml fixture's `bin/parse_jvm_args.sh` (Zowe's mechanism) turns it into
`-XshowSettings:vm`, and the VM settings hold no property. The stub JVM prints as the real
launcher does; the machine's real JVM shows the difference between `:vm` and all settings.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml
from conftest import DASH, argv_runs, run_like_zowe, zowe_env

SECRET = "N4tive pw"

needs_dash = pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")


def zowe_jvm_env(sample) -> dict[str, str]:
    """What Zowe exports for `components.apiml.jvm.<NAME>: <VALUE>`: ZWE_configs_jvm_<NAME>=<VALUE>."""
    data = yaml.safe_load(sample.zowe_yaml.read_text())
    settings = ((data.get("components") or {}).get("apiml") or {}).get("jvm") or {}
    return {f"ZWE_configs_jvm_{name}": str(value) for name, value in settings.items()}


@needs_dash
def test_native_trace_leaves_no_secret_in_the_job_log(sample, jopt, stub_java, tmp_path):
    options = sample.overrides / "java.options.AM"
    sample.overrides.mkdir(parents=True)
    options.write_text("-Xmx1g\n")
    assert jopt("trace", "on", "apiml").exit_code == 0
    done = jopt("install", "apiml", "--native", "--write-config")
    assert done.exit_code == 0, done.output
    assert '      XshowSettings: ":vm"\n' in sample.zowe_yaml.read_text()

    argv_file = tmp_path / "argv"
    env = zowe_env(
        stub_java,
        argv_file,
        ZWE_zowe_runtimeDirectory=str(sample.root),
        ZWE_zowe_certificate_keystore_password=SECRET,
        **zowe_jvm_env(sample),
    )
    started = run_like_zowe(sample.component_dir("apiml"), env)

    assert started.returncode == 0, started.stderr
    (argv,) = argv_runs(argv_file)
    assert argv[-4:-2] == [f"-Xoptionsfile={options}", "-XshowSettings:vm"]
    assert f"-Dserver.ssl.keyStorePassword={SECRET}" in argv  # on the command line, as the script passes it
    job_log = started.stdout + started.stderr
    assert b"VM settings:" in started.stderr  # the trace is there ...
    assert SECRET.encode() not in job_log  # ... and the password is not


def test_an_older_plain_show_settings_is_replaced(sample, jopt):
    options = sample.overrides / "java.options.AM"
    sample.overrides.mkdir(parents=True)
    options.write_text("-Xmx1g\n")
    assert jopt("install", "apiml", "--native", "--write-config").exit_code == 0
    text = sample.zowe_yaml.read_text()
    sample.zowe_yaml.write_text(text.replace('      Xoptionsfile: "', '      XshowSettings: ""\n      Xoptionsfile: "'))
    assert jopt("trace", "on", "apiml").exit_code == 0

    done = jopt("install", "apiml", "--native", "--write-config")

    assert done.exit_code == 0, done.output
    assert "replaced components.apiml.jvm.XshowSettings" in done.output
    assert '      XshowSettings: ":vm"\n' in sample.zowe_yaml.read_text()
    assert 'XshowSettings: ""' not in sample.zowe_yaml.read_text()


@pytest.mark.skipif(shutil.which("java") is None, reason="needs a JDK")
def test_real_jvm_shows_properties_with_all_settings_and_none_with_vm():
    java = shutil.which("java")
    assert java is not None
    secret = f"-Dserver.ssl.keyStorePassword={SECRET}"
    every = subprocess.run([java, "-XshowSettings", secret, "-version"], capture_output=True, timeout=120)
    vm = subprocess.run([java, "-XshowSettings:vm", secret, "-version"], capture_output=True, timeout=120)
    assert SECRET.encode() in every.stderr  # what plain -XshowSettings would put into the job log
    assert b"VM settings:" in vm.stderr
    assert SECRET.encode() not in vm.stdout + vm.stderr


def test_status_calls_an_older_plain_show_settings_drift(sample, jopt):
    sample.overrides.mkdir(parents=True)
    (sample.overrides / "java.options.AM").write_text("-Xmx1g\n")
    assert jopt("install", "apiml", "--native", "--write-config").exit_code == 0
    text = sample.zowe_yaml.read_text()
    sample.zowe_yaml.write_text(text.replace('      Xoptionsfile: "', '      XshowSettings: ""\n      Xoptionsfile: "'))

    done = jopt("status", "apiml")

    assert done.exit_code == 3
    assert (
        "apiml: drift: zowe.yaml gives it -XshowSettings, which prints every system property (passwords included) "
        "into the job log\n  fix: jopt install apiml --native --write-config (sets -XshowSettings:vm)"
    ) in done.output


def test_install_without_trace_takes_an_older_plain_show_settings_out(sample, jopt):
    sample.overrides.mkdir(parents=True)
    (sample.overrides / "java.options.AM").write_text("-Xmx1g\n")
    assert jopt("install", "apiml", "--native", "--write-config").exit_code == 0
    text = sample.zowe_yaml.read_text()
    sample.zowe_yaml.write_text(text.replace('      Xoptionsfile: "', '      XshowSettings: ""\n      Xoptionsfile: "'))

    done = jopt("install", "apiml", "--native", "--write-config")

    assert done.exit_code == 0, done.output
    assert sample.zowe_yaml.read_text() == text
    assert jopt("status", "apiml").exit_code == 0
