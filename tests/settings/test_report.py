"""Reports: the schema, redaction, the text summary and the `jopt report` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jopt.cli.app import cli
from jopt.settings import report
from jopt.settings.reader import parse_text
from jopt.settings.report_text import report_text

DATA = Path(__file__).resolve().parents[1] / "data" / "settings"
OPENJ9_LOG = DATA / "openj9-21-zos.log2"

RUN = """\
#jopt-run time=2026-11-24T00:00:0{n}Z component=gateway tag=GW ha= pid=12{n} hook=v1
#jopt-trace options-file=/o/java.argfile.GW
#jopt-optfile -Djopt.probe={value}
#jopt-optfile -Dapi.token=abc123
#jopt-env HOME=/u/zowe
#jopt-env MY_SECRET=s3cret
#jopt-trace launch-options=@/o/java.argfile.GW -XshowSettings
VM settings:
    Max. Heap Size: {heap}
    Using VM: OpenJDK 64-Bit Server VM

Property settings:
    api.token = abc123
    java.version = 17.0.15
    java.vm.name = OpenJDK 64-Bit Server VM
    jopt.probe = {value}
    keystore.path = /a
        /b

"""


def hook_log(*values: str) -> str:
    return "".join(RUN.format(n=n, value=v, heap=f"{n}00.00M") for n, v in enumerate(values, start=1))


def cli_run(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["report", *args], input=input, env=env, catch_exceptions=False)


# --- the report dict ----------------------------------------------------------------------


def test_run_dict_has_every_documented_field() -> None:
    (run,) = parse_text(hook_log("one"))
    data = report.run_dict(run)
    assert tuple(data) == report.RUN_FIELDS
    documented = set(re.findall(r"^    (\w+) ", report.__doc__ or "", re.M))
    assert set(report.RUN_FIELDS) <= documented


def test_document_carries_schema_and_source() -> None:
    (run,) = parse_text(hook_log("one"))
    doc = report.document({"file": "x", "runs": 1}, [run])
    assert doc["schema"] == "jopt-report/1" and doc["redacted"] is True and doc["run"]["index"] == 1


def test_redaction_by_default() -> None:
    (run,) = parse_text(hook_log("one"))
    data = report.run_dict(run)
    assert data["properties"]["api.token"] == "***"
    assert data["environment"] == {"HOME": "/u/zowe", "MY_SECRET": "***"}
    assert data["options_file_lines"] == ["-Djopt.probe=one", "-Dapi.token=***"]
    assert data["properties"]["jopt.probe"] == "one"


def test_show_secrets_turns_redaction_off() -> None:
    (run,) = parse_text(hook_log("one"))
    data = report.run_dict(run, show_secrets=True)
    assert data["properties"]["api.token"] == "abc123"
    assert data["environment"]["MY_SECRET"] == "s3cret"
    assert data["options_file_lines"][1] == "-Dapi.token=abc123"


def test_jvm_and_heap() -> None:
    (run,) = parse_text(hook_log("one"))
    data = report.run_dict(run)
    assert data["jvm"]["kind"] == "hotspot" and data["jvm"]["version"] == "17.0.15"
    assert data["heap"]["max"] == {"text": "100.00M", "bytes": 100 * 1024 * 1024}
    assert data["heap"]["min"] is None
    assert data["properties"]["keystore.path"] == "/a:/b"


def test_openj9_jvm_kind_and_build_lines() -> None:
    with report.open_log(OPENJ9_LOG) as log:
        (run,) = log.runs()
    jvm = report.run_dict(run)["jvm"]
    assert jvm["kind"] == "openj9" and jvm["name"] == "Eclipse OpenJ9 VM"
    assert jvm["build"][1] == "OpenJ9   - f45de8e9eb0"


def test_locate_log(tmp_path: Path) -> None:
    overrides, logs = tmp_path / "o", tmp_path / "l"
    overrides.mkdir(), logs.mkdir()
    (logs / "start.log2GW").write_text("x")
    assert report.locate_log("start.log2GW", [overrides, logs], {}) == logs / "start.log2GW"
    (overrides / "start.log2GW").write_text("x")
    assert report.locate_log("gateway", [overrides, logs], {"gateway": "GW"}) == overrides / "start.log2GW"
    assert report.locate_log("start.log2XX", [overrides, None], {}) is None


# --- text ---------------------------------------------------------------------------------


def test_text_summary() -> None:
    (run,) = parse_text(hook_log("one"))
    text = report_text(report.document({"file": "start.log2GW", "runs": 1}, [run]))
    assert text.splitlines()[:6] == [
        "start.log2GW: run 1 of 1 (lines 1-19)",
        "  started   2026-11-24T00:00:01Z  gateway (tag GW)  pid 121  hook v1",
        "  options   /o/java.argfile.GW  (2 lines)",
        "  launch    @/o/java.argfile.GW -XshowSettings",
        "JVM         OpenJDK 64-Bit Server VM 17.0.15 (hotspot)",
        "Heap        max 100.00M",
    ]
    assert "  from the options file:\n  jopt.probe = one\n  api.token = ***\n" in text
    assert "secret-looking values shown as ***" in text


def test_text_of_the_seed_excerpt() -> None:
    result = cli_run(str(DATA / "seed-blog-openj9-21.txt"))
    assert result.exit_code == 0
    assert "Heap        min 32.00M  max 512.00M" in result.output
    assert "Security    4 providers: OpenJCEPlus, IBMZSecurity, SUN, SunRsaSign" in result.output
    assert "  TLS       TLSv1.3, TLSv1.2 (SunJSSE)" in result.output
    assert (
        "  2x WARNING sun.security.ssl.SSLLogger log: No AlgorithmParameters for … (sect163k1, sect163r1)"
        in result.output
    )


# --- the command --------------------------------------------------------------------------


def test_report_latest_run_by_default(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log("one", "two"))
    result = cli_run(str(log))
    assert result.exit_code == 0
    assert f"{log}: run 2 of 2" in result.output and "  jopt.probe = two" in result.output


def test_report_run_n_and_json(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log("one", "two"))
    data = json.loads(cli_run(str(log), "--run", "1", "--json").output)
    assert data["run"]["properties"]["jopt.probe"] == "one"
    assert data["source"] == {"file": str(log), "encoding": "utf-8", "prefix": None, "lines": 38, "runs": 2}


def test_report_yaml_is_the_json_data(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log("one"))
    assert yaml.safe_load(cli_run(str(log), "--yaml").output) == json.loads(cli_run(str(log), "--json").output)


def test_report_all_runs(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log("one", "two", "three"))
    lines = cli_run(str(log), "--all-runs").output.splitlines()
    assert lines[0].split() == ["RUN", "STARTED", "PID", "STATE", "JVM", "VERSION", "MAX", "HEAP", "PROPS", "WARN"]
    assert lines[3].split() == ["3", "2026-11-24T00:00:03Z", "123", "ok", "17.0.15", "300.00M", "5", "0"]
    data = json.loads(cli_run(str(log), "--all-runs", "--json").output)
    assert [r["properties"]["jopt.probe"] for r in data["runs"]] == ["one", "two", "three"]
    assert data["source"]["runs"] == 3 and data["schema"] == "jopt-report/1"
    assert yaml.safe_load(cli_run(str(log), "--all-runs", "--yaml").output) == data


def test_report_show_secrets(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log("one"))
    assert json.loads(cli_run(str(log), "--json").output)["run"]["properties"]["api.token"] == "***"
    assert (
        json.loads(cli_run(str(log), "--json", "--show-secrets").output)["run"]["properties"]["api.token"] == "abc123"
    )


def test_report_from_stdin() -> None:
    result = cli_run("-", input=hook_log("one"))
    assert result.exit_code == 0 and "<stdin>: run 1 of 1" in result.output


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    result = cli_run(str(tmp_path / "nope.log"))
    assert (result.exit_code, result.output) == (1, f"jopt: error: {tmp_path / 'nope.log'}: log file not found\n")


def test_log_without_settings_is_a_one_line_error(tmp_path: Path) -> None:
    log = tmp_path / "start.log1GW"
    log.write_text("Starting gateway-service\npid=123\n")
    result = cli_run(str(log))
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {log}: no -XshowSettings output and no jopt run marker in this file "
        "(trace logs are start.log2<TAG>; start.log1<TAG> holds only stdout)\n"
    )


def test_truncated_log_is_reported_incomplete_and_strict_fails(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    text = hook_log("one", "two")
    log.write_text(text[: text.rindex("    jopt.probe")])
    result = cli_run(str(log))
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        f"{log}: run 2 of 2 (lines 20-34)",
        "  started   2026-11-24T00:00:02Z  gateway (tag GW)  pid 122  hook v1",
        "Warning     incomplete run (truncated: the log ends inside Property settings (line 34)): shown is what it has",
    ]
    assert "Problem     truncated: the log ends inside Property settings" in result.output
    data = json.loads(cli_run(str(log), "--json").output)
    assert (data["run"]["complete"], data["run"]["truncated"]) == (False, True)
    assert data["run"]["properties"]["java.version"] == "17.0.15"
    strict = CliRunner().invoke(cli, ["report", str(log), "--strict"], catch_exceptions=False)
    assert strict.exit_code == 1
    assert strict.stdout == result.output
    assert strict.stderr == (
        f"jopt: error: {log}: run 2 is incomplete (truncated: the log ends inside Property settings (line 34)); --strict\n"
    )


def test_a_run_without_any_settings_is_one_line_unless_partial(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(RUN.format(n=1, value="x", heap="1M").split("VM settings:")[0])
    result = cli_run(str(log))
    assert (result.exit_code, result.output) == (
        1,
        f"jopt: error: {log}: run 1: no -XshowSettings output yet (the JVM may still be starting); "
        "--partial reports it anyway\n",
    )
    partial = cli_run(str(log), "--partial")
    assert partial.exit_code == 0 and "Warning     incomplete run (no -XshowSettings output yet" in partial.output
    assert cli_run(str(log), "--partial", "--strict").exit_code == 1


#: Captures as people paste them: the recipe's own (the blog post's excerpt as it was pasted,
#: without the blank line after it) and the shapes of OpenJ9/J9 captures published in issues.
CUT_SHORT = [
    (
        "seed-blog-openj9-21.txt",
        "truncated: the log ends inside Security settings summary (line 41)",
        {"java.home": "/Z31B/usr/lpp/java/J21.0_64"},
    ),
    (
        "openj9-11-properties-no-header.txt",
        "truncated: the log ends inside Property settings (line 26)",
        {"awt.toolkit": "sun.awt.X11.XToolkit", "java.vm.name": "Eclipse OpenJ9 VM", "user.name": "build"},
    ),
    ("openj9-8-vm-cut.txt", "truncated: the log ends inside VM settings (line 4)", {}),
    (
        "ibm-j9-8-locale-cut.txt",
        "truncated: the log ends inside Locale settings (line 15)",
        {"java.vm.name": "IBM J9 VM", "file.encoding": "IBM-1047"},
    ),
]


@pytest.mark.parametrize(("name", "why", "properties"), CUT_SHORT, ids=[c[0] for c in CUT_SHORT])
def test_cut_short_captures_are_reported_incomplete(tmp_path: Path, name: str, why: str, properties: dict) -> None:
    log = tmp_path / name
    log.write_text((DATA / name).read_text().rstrip("\n"))  # as pasted: no line end after the last line
    result = cli_run(str(log))
    assert result.exit_code == 0, result.output
    assert f"Warning     incomplete run ({why}): shown is what it has" in result.output
    data = json.loads(cli_run(str(log), "--json").output)["run"]
    assert data["complete"] is False and data["truncated"] is True
    assert data["jvm"]["kind"] == "openj9"
    assert properties.items() <= data["properties"].items()
    assert cli_run(str(log), "--strict").exit_code == 1


def test_properties_pasted_without_their_header_are_read(tmp_path: Path) -> None:
    data = json.loads(cli_run(str(DATA / "openj9-11-properties-no-header.txt"), "--json").output)["run"]
    assert data["sections"] == ["Property settings"]
    assert data["properties"]["com.ibm.oti.vm.bootstrap.library.path"] == (
        "/opt/sdk/openj9-11/lib/compressedrefs:/opt/sdk/openj9-11/lib"
    )
    assert data["properties"]["java.fullversion"].startswith("11.0.6+10\nJRE 11 Linux amd64-64-Bit")
    assert 'no "Property settings:" header above the property lines: read as if it were there' in data["problems"]


def test_a_file_with_no_settings_at_all_is_one_clear_line(tmp_path: Path) -> None:
    log = tmp_path / "console.txt"
    log.write_text("IEF695I START ZWE1AG\nsome application output\n")
    result = cli_run(str(log))
    assert (result.exit_code, result.output) == (
        1,
        f"jopt: error: {log}: no -XshowSettings output and no jopt run marker in this file "
        "(trace logs are start.log2<TAG>; start.log1<TAG> holds only stdout)\n",
    )


def test_no_such_run(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    log.write_text(hook_log("one"))
    result = cli_run(str(log), "--run", "4")
    assert (result.exit_code, result.output) == (1, f"jopt: error: {log}: no run 4: the log has 1 run(s)\n")


@pytest.mark.parametrize("args", [["a", "b"], ["a", "--run", "1", "--run", "2"], ["a", "--all-runs", "--run", "1"]])
def test_bad_combinations_are_usage_errors(args: list[str]) -> None:
    assert cli_run(*args).exit_code == 2


def test_bare_name_and_component_name_are_looked_up_in_the_overrides(sample) -> None:  # type: ignore[no-untyped-def]
    sample.overrides.mkdir(parents=True)
    (sample.overrides / "start.log2GW").write_text(hook_log("one"))
    env = {"JOPT_ZOWE_YAML": str(sample.zowe_yaml)}
    for name in ("start.log2GW", "gateway"):
        result = cli_run(name, env=env)
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"{sample.overrides / 'start.log2GW'}: run 1 of 1")
    missing = cli_run("start.log2ZZ", env=env)
    assert missing.exit_code == 1
    assert missing.output.startswith("jopt: error: start.log2ZZ: not found here nor in ")


def test_bare_name_without_locations_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("JOPT_ZOWE_YAML", "JOPT_RUNTIME", "JOPT_OVERRIDES"):
        monkeypatch.delenv(name, raising=False)
    result = cli_run("start.log2GW")
    assert result.exit_code == 1
    assert (
        result.output.startswith("jopt: error: no Zowe runtime")
        and "(needed to look up a bare log name)" in result.output
    )


def test_ebcdic_log_with_prefix(tmp_path: Path) -> None:
    log = tmp_path / "start.log2GW"
    text = "".join(f"ZWE1AG  {line}\n" for line in hook_log("one").splitlines())
    log.write_bytes(text.encode("cp1047"))
    data = json.loads(cli_run(str(log), "--json").output)
    assert data["source"]["encoding"] == "cp1047" and data["source"]["prefix"] == "ZWE1AG  "
    assert data["run"]["properties"]["jopt.probe"] == "one"


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "--show-secrets" in result.output


def test_data_files_are_documented() -> None:
    readme = (DATA / "README.md").read_text()
    for path in DATA.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme
