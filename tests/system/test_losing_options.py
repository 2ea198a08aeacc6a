"""Warnings at the moment of the mistake: render, install --native and status say when an option
the user asked for will lose on the Zowe 3.5-style gateway's command line, and why, and when
the options file's -Xshareclasses replaces Zowe's apiml_shared_classes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli

PROFILE = """\
name: tmpdir
description: where the JVM writes its temporary files, and the API ML connection timeout
jvms: [openj9, hotspot]
parameters:
  dir:
    type: string
    default: /bigtmp
    help: Temporary directory.
example: jopt render --profile tmpdir gateway
"""
TEMPLATE = "-Djava.io.tmpdir={{ dir }}\n-Dapiml.connection.timeout=5000\n-Xmx2g\n"

TMPDIR_LOSES = (
    "jopt: warning: gateway: -Djava.io.tmpdir=/bigtmp in java.options.GW line {line} loses to -Djava.io.tmpdir=/tmp "
    "at start.sh line 77 in native mode; use the hook (jopt install gateway)"
)
TIMEOUT_LOSES = (
    "jopt: warning: gateway: -Dapiml.connection.timeout=5000 in java.options.GW line {line} loses to "
    "-Dapiml.connection.timeout=30000 at start.sh line 56 in native mode; use the hook (jopt install gateway) or "
    "set components.gateway.apiml.connection.timeout"
)


@pytest.fixture
def root(zowe35: Path) -> Path:
    profiles = zowe35 / "workspace" / "jopt" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "tmpdir.yaml").write_text(PROFILE)
    (profiles / "tmpdir.options.j2").write_text(TEMPLATE)
    return zowe35


def jopt(root: Path, *args: str):  # type: ignore[no-untyped-def]
    env = {"JOPT_ZOWE_YAML": str(root / "zowe.yaml"), "NO_COLOR": "1"}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def native(root: Path) -> None:
    """Render once, then point zowe.yaml at the file (native mode)."""
    assert jopt(root, "render", "--profile", "tmpdir", "gateway").exit_code == 0
    done = jopt(root, "install", "gateway", "--native", "--write-config")
    assert done.exit_code == 0, done.output


def test_install_native_warns_which_options_will_lose(root):
    assert jopt(root, "render", "--profile", "tmpdir", "gateway").exit_code == 0
    done = jopt(root, "install", "gateway", "--native", "--write-config")
    assert done.exit_code == 0
    assert done.stderr.splitlines() == [TMPDIR_LOSES.format(line=5), TIMEOUT_LOSES.format(line=6)]


def test_render_in_native_mode_warns_before_the_restart(root):
    native(root)
    done = jopt(root, "render", "--profile", "tmpdir", "--set", "dir=/other", "gateway")
    assert done.exit_code == 0
    assert [line for line in done.stderr.splitlines() if "warning" in line] == [
        TMPDIR_LOSES.format(line=5).replace("/bigtmp", "/other"),
        TIMEOUT_LOSES.format(line=6),
    ]
    assert "gateway: updated" in done.stdout


def test_render_dry_run_warns_too_and_writes_nothing(root):
    native(root)
    before = (root / "workspace" / "jopt" / "java.options.GW").read_bytes()
    done = jopt(root, "render", "--profile", "tmpdir", "--set", "dir=/other", "gateway", "--dry-run")
    assert done.exit_code == 0 and "-Djava.io.tmpdir=/other in java.options.GW line 5 loses to" in done.stderr
    assert (root / "workspace" / "jopt" / "java.options.GW").read_bytes() == before


def test_render_in_hook_mode_no_option_loses_and_the_cache_is_told(root):
    assert jopt(root, "install", "gateway").exit_code == 0
    done = jopt(root, "render", "--profile", "tmpdir", "--profile", "shareclasses", "gateway")
    assert done.exit_code == 0, done.output
    assert "warning" not in done.stderr
    cache = root / "workspace" / "jopt" / "shareclasses"
    (note,) = [line for line in done.stderr.splitlines() if "-Xshareclasses" in line]
    written = (root / "workspace" / "jopt" / "java.options.GW").read_text().splitlines()
    number = next(n for n, line in enumerate(written, 1) if line.startswith("-Xshareclasses"))
    assert note.startswith(f"jopt: note: gateway: -Xshareclasses:name=zowe_gateway,cacheDir={cache},")
    assert (
        f"(java.options.GW line {number}) replaces Zowe's -Xshareclasses:name=apiml_shared_classes,nonfatal,silent "
        "(apiml-common-scripts.sh line 51, on z/OS): OpenJ9 uses only the last -Xshareclasses; "
        f"the JVM will use cache zowe_gateway in {cache} (nonpersistent)"
    ) in note


def test_status_reports_options_that_lose_with_exit_6(root):
    native(root)
    done = jopt(root, "status", "gateway")
    assert done.exit_code == 6
    assert TMPDIR_LOSES.format(line=5).replace("jopt: warning: ", "") in done.stdout
    data = json.loads(jopt(root, "status", "gateway", "--json").stdout)
    (gateway,) = data["components"]
    assert gateway["mode"] == "native"
    assert [line.split(" in java.options.GW")[0] for line in gateway["losing"]] == [
        "gateway: -Djava.io.tmpdir=/bigtmp",
        "gateway: -Dapiml.connection.timeout=5000",
    ]


def test_status_exit_0_when_nothing_loses_and_drift_outranks_losing(root):
    assert jopt(root, "install", "gateway").exit_code == 0
    assert jopt(root, "render", "--profile", "tmpdir", "gateway").exit_code == 0
    assert jopt(root, "status", "gateway").exit_code == 0
    native_root = root
    script = native_root / "components" / "gateway" / "bin" / "start.sh"
    script.write_text(script.read_text() + "\n# edited after install\n")
    assert jopt(root, "status", "gateway").exit_code == 3
