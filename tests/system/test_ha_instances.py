"""HA instances end to end: `render --ha-instance ID` writes java.options.<TAG>.<ID>, the hook
gives it to that instance's JVM (started under dash as Zowe starts it), and `status` lists
the per-instance files it finds in the overrides directory, with or without zowe.yaml,
saying which file each instance's JVM reads."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DASH, argv_runs, run_like_zowe, zowe_env

from jopt.cli.app import cli

HEAP_NOTES = (
    "jopt: note: heap: options-file values override the start script's own -Xms/-Xmx (the rightmost option wins).\n"
    "jopt: note: heap: Zowe 2.12 and later also read components.<id>.heap.init and .max (megabytes) from zowe.yaml; "
    "the options file still wins.\n"
)


def started(sample, stub_java: Path, tmp_path: Path, instance: str) -> list[str]:
    """The argv the gateway's JVM gets when Zowe starts it as HA instance `instance`."""
    argv_file = tmp_path / f"argv.{instance}"
    env = zowe_env(stub_java, argv_file, ZWE_zowe_runtimeDirectory=str(sample.root), ZWE_haInstance_id=instance)
    done = run_like_zowe(sample.component_dir("gateway"), env)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    (argv,) = argv_runs(argv_file)
    return argv


@pytest.mark.skipif(DASH is None, reason="dash is not installed (.ci/run installs it)")
def test_render_for_an_instance_reaches_that_instances_jvm_only(jopt, sample, stub_java, tmp_path):
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("render", "-p", "heap", "--set", "xmx=2g", "gateway").exit_code == 0
    shared = sample.overrides / "java.options.GW"

    result = jopt("render", "-p", "heap", "--set", "xmx=3g", "--ha-instance", "lpar1", "gateway")

    own = sample.overrides / "java.options.GW.lpar1"
    assert result.exit_code == 0
    assert result.stdout == f"gateway: created {own}\n"
    assert result.stderr == HEAP_NOTES
    assert own.read_text() == (
        "# java.options.GW.lpar1: OpenJ9 options file (-Xoptionsfile) for component gateway (tag GW, HA instance lpar1)\n"
        "# Rendered by jopt 0.1.0 from profiles: heap\n"
        "#   heap: xms=256m xmx=3g xmn=(default)\n"
        "# Do not edit; re-render: jopt render --profile heap --set xmx=3g --dialect openj9 --ha-instance lpar1 gateway\n"
        "-Xms256m\n"
        "-Xmx3g\n"
    )
    assert f"-Xoptionsfile={own}" in started(sample, stub_java, tmp_path, "lpar1")
    assert f"-Xoptionsfile={shared}" in started(sample, stub_java, tmp_path, "lpar2")

    status = jopt("status", "gateway")
    assert status.exit_code == 0
    assert status.stdout.splitlines()[-2:] == [
        "gateway: HA instance lpar1 reads java.options.GW.lpar1",
        "gateway: HA instance lpar2 reads java.options.GW",
    ]


def test_the_instance_can_come_from_zwe_hainstance_id(jopt, sample):
    assert jopt("install", "gateway").exit_code == 0
    result = jopt("render", "-p", "heap", "gateway", env={"ZWE_haInstance_id": "lpar2"})
    assert result.exit_code == 0
    assert result.stdout == f"gateway: created {sample.overrides / 'java.options.GW.lpar2'}\n"
    assert not (sample.overrides / "java.options.GW").exists()


def test_status_lists_instance_files_from_the_overrides_directory_without_zowe_yaml(jopt, sample):
    """No zowe.yaml: the instances come from the file names alone. A name no ZWE_haInstance_id
    can match (Zowe makes it lower case) is called out: no JVM reads it."""
    assert jopt("install", "gateway").exit_code == 0
    for name in ("java.options.GW", "java.options.GW.lpar7", "java.argfile.GW.lpar8", "java.options.GW.LPAR9"):
        (sample.overrides / name).write_text("-Xmx1g\n")
    where = ("--runtime", str(sample.root), "--overrides", str(sample.overrides))
    runner = CliRunner()
    me = pwd.getpwuid(os.getuid()).pw_name  # the started task's user: one that can read the files

    result = runner.invoke(cli, ["status", *where, "gateway"], env={"JOPT_ZOWE_YAML": None, "JOPT_RUN_AS": me})

    assert result.exit_code == 0
    assert result.stdout == (
        "COMPONENT  TAG  KIND  HOOK     OPTIONS" + " " * 76 + "TRACE\n"
        "gateway    GW   java  current  java.options.GW,java.options.GW.LPAR9,java.options.GW.lpar7,java.argfile.GW.lpar8  off\n"
        "\n"
        "gateway: java.options.GW.LPAR9: no JVM reads it: Zowe makes ZWE_haInstance_id lower case, a-z 0-9 _ "
        "(this one would be lpar9)\n"
        "gateway: HA instance lpar7 reads java.options.GW.lpar7\n"
        "gateway: HA instance lpar8 reads java.argfile.GW.lpar8\n"
    )
    env = {"JOPT_ZOWE_YAML": None, "JOPT_RUN_AS": me}
    data = json.loads(runner.invoke(cli, ["status", "--json", *where, "gateway"], env=env).stdout)
    (gateway,) = data["components"]
    assert [(i["instance"], i["reads"], i["in_zowe_yaml"]) for i in gateway["ha_instances"]] == [
        ("LPAR9", None, False),
        ("lpar7", str(sample.overrides / "java.options.GW.lpar7"), False),
        ("lpar8", str(sample.overrides / "java.argfile.GW.lpar8"), False),
    ]


def test_status_says_instance_files_are_not_read_without_the_hook(jopt, sample):
    sample.overrides.mkdir(parents=True)
    (sample.overrides / "java.options.GW.lpar1").write_text("-Xmx1g\n")

    result = jopt("status", "gateway")

    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        "gateway: HA instance lpar1 reads no options file; java.options.GW.lpar1: no hook: no JVM reads them",
        "gateway: HA instance lpar2 reads no options file",
    ]
