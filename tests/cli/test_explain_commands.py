"""`jopt explain`: the rows, the marks, the warnings and the JSON document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli


@pytest.fixture
def run(zowe35: Path):  # type: ignore[no-untyped-def]
    overrides = zowe35 / "workspace" / "jopt"
    overrides.mkdir(parents=True)
    (overrides / "java.options.GW").write_text("-Xmx2g\n-Dapiml.connection.timeout=5000\n-Dmy.own=1\n")

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        env = {"JOPT_ZOWE_YAML": str(zowe35 / "zowe.yaml"), "NO_COLOR": "1"}
        return CliRunner().invoke(cli, ["explain", *args], env=env, catch_exceptions=False)

    return invoke


def test_text_rows_marks_and_warnings(run, zowe35):
    result = run("gateway", "--mode", "native", "--changed")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "gateway (tag GW): native mode, openj9 on z/OS"
    assert lines[1] == f"  start script  {zowe35}/components/gateway/bin/start.sh"
    assert lines[2:4] == [
        f"  sources       {zowe35}/components/gateway/bin/apiml-common-scripts.sh",
        f"  sources       {zowe35}/components/gateway/bin/parse_jvm_args.sh",
    ]
    text = "\n".join(lines)
    assert "\n+ -Xmx                           -Xmx2g" in text
    assert (
        "\n    overrides                    -Xmx1024m                                    start.sh line 45 (as written "
        in text
    )
    assert "\n  -Dapiml.connection.timeout     -Dapiml.connection.timeout=30000             start.sh line 56" in text
    assert (
        "\n!   overrides                    -Dapiml.connection.timeout=5000              java.options.GW line 2" in text
    )
    assert "\n  -Dmy.own                       -Dmy.own=1" in text
    assert "-Dfile.encoding" not in text  # --changed: only families with more than one option or jopt's
    assert lines[-1] == (
        "warning: gateway: -Dapiml.connection.timeout=5000 in java.options.GW line 2 loses to "
        "-Dapiml.connection.timeout=30000 at start.sh line 56 in native mode; use the hook (jopt install gateway) "
        "or set components.gateway.apiml.connection.timeout"
    )
    assert lines[-2] == (
        "Shared classes: cache apiml_shared_classes in /tmp/javasharedresources (nonpersistent), "
        "from apiml-common-scripts.sh line 51"
    )


def test_every_family_without_changed(run):
    result = run("gateway", "--mode", "hook")
    assert result.exit_code == 0
    assert (
        "\n  -Dfile.encoding                -Dfile.encoding=COMPAT                       start.sh line 75\n"
        in result.output
    )
    assert "warning:" not in result.output


def test_json_document(run):
    result = run("gateway", "--mode", "native", "--json", "--platform", "other")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schema"] == "jopt-explain/1"
    assert (data["component"], data["mode"], data["platform"], data["shared_cache"]) == (
        "gateway",
        "native",
        "other",
        None,
    )
    assert [x["option"] for x in data["losing"]] == ["-Dapiml.connection.timeout=5000"]
    rows = {r["family"]: r for r in data["rows"]}
    xmx = rows["-Xmx"]
    assert xmx["rule"] == "last" and xmx["winner"] == 1
    assert [(a["value"], a["file"], a["line"]) for a in xmx["args"]] == [
        ("-Xmx1024m", "start.sh", 45),
        ("-Xmx2g", "java.options.GW", 1),
    ]
    assert xmx["args"][0]["zowe_keys"] == ["components.gateway.heap.max"]


def test_an_unknown_component_is_one_line(run):
    result = run("nosuch")
    assert result.exit_code == 1
    assert result.output == "jopt: error: unknown component nosuch (known: gateway)\n"
