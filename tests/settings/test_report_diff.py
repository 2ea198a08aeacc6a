"""Diffs of two runs: what changed after a migration or a maintenance."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jopt.cli.app import cli
from jopt.settings import report
from jopt.settings.reader import parse_text
from jopt.settings.report_diff import diff_runs, list_diff, mapping_diff
from jopt.settings.report_text import diff_text

BEFORE = """\
VM settings:
    Max. Heap Size: 512.00M
    Using VM: OpenJDK 64-Bit Server VM

Property settings:
    java.runtime.version = 17.0.14+7
    java.vm.name = OpenJDK 64-Bit Server VM
    jopt.probe = one
    old.prop = gone
    same = same

Security settings summary: 
    Security provider static configuration: (in order of preference)
        Provider name: SUN
        Provider name: SunRsaSign
        Provider name: SunPCSC
    Security TLS configuration (SunJSSE provider):
        Enabled Protocols:
            TLSv1.3
            TLSv1.2
            TLSv1.1

"""

AFTER = (
    BEFORE.replace("512.00M", "1.00G")
    .replace("17.0.14+7", "17.0.15+6")
    .replace("jopt.probe = one", "jopt.probe = two")
    .replace("    old.prop = gone\n", "    new.prop = here\n")
    .replace("        Provider name: SunPCSC\n", "")
    .replace(
        "        Provider name: SUN\n        Provider name: SunRsaSign\n",
        "        Provider name: SunRsaSign\n        Provider name: SUN\n",
    )
    .replace("            TLSv1.1\n", "")
)


def dicts(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [report.run_dict(run) for run in parse_text(text)]


def test_mapping_and_list_diffs() -> None:
    assert mapping_diff({"a": "1", "b": "2"}, {"b": "3", "c": "4"}) == {
        "added": {"c": "4"}, "removed": {"a": "1"}, "changed": {"b": {"from": "2", "to": "3"}},
    }  # fmt: skip
    assert list_diff(["A", "B", "C"], ["B", "A", "D"]) == {"added": ["D"], "removed": ["C"], "order_changed": True}


def test_diff_of_two_runs() -> None:
    a, b = dicts(BEFORE + AFTER)
    diff = diff_runs({"file": "log"}, a, {"file": "log"}, b)
    assert diff["schema"] == "jopt-report-diff/1" and diff["same"] is False
    assert diff["jvm"] == {"version": {"from": "17.0.14+7", "to": "17.0.15+6"}}
    assert diff["heap"] == {"max": {"from": "512.00M", "to": "1.00G"}}
    assert diff["properties"] == {
        "added": {"new.prop": "here"},
        "removed": {"old.prop": "gone"},
        "changed": {
            "java.runtime.version": {"from": "17.0.14+7", "to": "17.0.15+6"},
            "jopt.probe": {"from": "one", "to": "two"},
        },
    }
    assert diff["security_providers"] == {"added": [], "removed": ["SunPCSC"], "order_changed": True}
    assert diff["tls_protocols"] == {"added": [], "removed": ["TLSv1.1"], "order_changed": False}


def test_diff_text() -> None:
    a, b = dicts(BEFORE + AFTER)
    text = diff_text(diff_runs({"file": "log"}, a, {"file": "log"}, b))
    assert text == (
        "from log run 1\n"
        "  to log run 2\n"
        "JVM         version 17.0.14+7 -> 17.0.15+6\n"
        "Heap        max 512.00M -> 1.00G\n"
        "Properties  2 changed, 1 added, 1 removed\n"
        "  ~ java.runtime.version: 17.0.14+7 -> 17.0.15+6\n"
        "  ~ jopt.probe: one -> two\n"
        "  + new.prop = here\n"
        "  - old.prop = gone\n"
        "Providers   - SunPCSC; order changed\n"
        "TLS         - TLSv1.1\n"
    )


def test_same_runs() -> None:
    a, b = dicts(BEFORE + BEFORE)
    diff = diff_runs({"file": "x"}, a, {"file": "x"}, b)
    assert diff["same"] is True and diff_text(diff).endswith("No differences.\n")


def test_cli_diff_of_the_last_two_runs_and_of_two_files(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(BEFORE + BEFORE + AFTER)
    result = CliRunner().invoke(cli, ["report", str(log), "--diff"])
    assert result.exit_code == 0 and result.output.startswith(f"from {log} run 2\n  to {log} run 3\n")
    chosen = json.loads(
        CliRunner().invoke(cli, ["report", str(log), "--diff", "--run", "1", "--run", "2", "--json"]).output
    )
    assert chosen["same"] is True
    before, after = tmp_path / "before.log", tmp_path / "after.log"
    before.write_text(BEFORE)
    after.write_text(AFTER)
    files = json.loads(CliRunner().invoke(cli, ["report", str(before), str(after), "--diff", "--json"]).output)
    assert files["a"]["file"] == str(before) and files["b"]["file"] == str(after)
    assert files["properties"]["changed"]["jopt.probe"] == {"from": "one", "to": "two"}


def test_cli_diff_needs_two_runs(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(BEFORE)
    result = CliRunner().invoke(cli, ["report", str(log), "--diff"])
    assert (result.exit_code, result.output) == (1, f"jopt: error: {log}: 2 runs wanted: the log has 1 run(s)\n")
