"""The CLI face of the hook engine: exact messages, exit codes, help and JSON."""

import json
import subprocess
import sys
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from jopt import __version__
from jopt.cli.app import COMMANDS, cli


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"jopt {__version__}\n")


def test_main_answers_version_as_click_does():
    """jopt.cli.main, which the `jopt` command and `python -m jopt` run, in a fresh interpreter."""
    probe = (
        "import sys; sys.argv = ['jopt', '--version']\n"
        "from jopt.cli import main\n"
        "try:\n    main()\nexcept SystemExit as done:\n    print(done.code)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out == f"jopt {__version__}\n0\n"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_examples(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_top_level_help_documents_exit_codes():
    out = CliRunner().invoke(cli, ["--help"]).output
    for line in ["0  all good", "1  refused or failed", "3  drift", "4  damage", "5  another jopt holds the lock",
                 "6  verify: requested options did not take effect;", "status: an options file has options that will not"]:  # fmt: skip
        assert line in out


def test_status_lists_components_and_exit_0(jopt):
    result = jopt("status")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["COMPONENT", "TAG", "KIND", "HOOK", "OPTIONS", "TRACE"]
    assert lines[6].split() == ["gateway", "GW", "java", "none", "-", "off"]
    assert "\x1b[" not in result.output


def test_status_json(jopt, sample):
    result = jopt("status", "--json")
    data = json.loads(result.output)
    assert data["overrides"] == str(sample.overrides)
    gateway = next(c for c in data["components"] if c["component"] == "gateway")
    assert gateway == {
        "component": "gateway",
        "source": "runtime",
        "tag": "GW",
        "kind": "java",
        "script": str(sample.script("gateway")),
        "hook": "none",
        "detail": "",
        "options_files": [],
        "trace": False,
        "drift": None,
        "fix": None,
        "native_capable": False,
        "mode": "none",
        "zowe_yaml_points": False,
        "losing": [],
        "effect_notes": [],
        "ha_instances": [
            {"instance": i, "files": [], "reads": None, "in_zowe_yaml": True, "problem": None, "readable": True}
            for i in ("lpar1", "lpar2")
        ],
        "damage": [],
        "trace_switch": False,
        "go_native": None,
    }
    apiml = next(c for c in data["components"] if c["component"] == "apiml")
    assert (apiml["native_capable"], apiml["mode"], apiml["zowe_yaml_points"]) == (True, "none", False)
    kinds = {c["component"]: c["kind"] for c in data["components"]}
    assert kinds["zss"] == "not-java" and kinds["no-start"] == "no-start-script"
    assert kinds["sample-ext"] == "java"


def test_unknown_component_lists_known_ones(jopt, sample):
    before = sample.scripts()
    result = jopt("install", "gatewy")
    assert result.exit_code == 1
    assert result.output == (
        "jopt: error: unknown component gatewy (known: api-catalog, apiml, app-server, caching-service, "
        "discovery, gateway, no-start, sample-ext, zaas, zss)\n"
    )
    assert sample.scripts() == before


@pytest.mark.parametrize("name", ["../gateway", "gate;rm", "$(id)"])
def test_component_names_with_path_or_shell_characters_are_refused(jopt, name):
    result = jopt("install", name)
    assert result.exit_code == 1
    assert result.output == f"jopt: error: {name!r} is not a component name (letters, digits, . _ -)\n"


def test_install_non_java_component_is_refused_naming_the_file(jopt, sample):
    result = jopt("install", "zss")
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {sample.script('zss')}: no Java launch (no java command naming a jar or a main class): "
        "not a Java component\n"
    )


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
def test_install_refuses_a_result_that_fails_sh_n_and_leaves_every_file(jopt, sample, monkeypatch, dry_run):
    """A real `sh -n` on a result with an `if` left open (an inject gone wrong, for the test)."""
    from jopt.script import hook

    real = hook.inject

    def inject(text, params, known=None):
        done = real(text, params, known)
        return done.with_lines(("if true; then", *done.lines)) if params.component == "zaas" else done

    monkeypatch.setattr(hook, "inject", inject)
    before = {p: p.read_bytes() for p in sorted(sample.root.rglob("*")) if p.is_file()}
    result = jopt("install", "gateway", "zaas", *dry_run)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"jopt: error: {sample.script('zaas')}: result would fail `sh -n` (")
    assert result.stderr.endswith("); nothing written\n") and result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in sorted(sample.root.rglob("*")) if p.is_file() and p.name != ".lock"} == {
        p: b for p, b in before.items()
    }
    assert not (sample.overrides / "backups").exists()


def test_install_dry_run_prints_diff_and_writes_nothing(jopt, sample):
    before = sample.scripts()
    result = jopt("install", "gateway", "--dry-run")
    assert result.exit_code == 0
    assert f"--- a{sample.script('gateway')}" in result.output
    assert "+    ${JOPT_OPTIONS} \\\n" in result.output
    assert result.output.endswith("dry run: nothing written\n")
    assert sample.scripts() == before and not sample.overrides.exists()


def test_install_all_skips_non_java_and_is_idempotent(jopt, sample):
    first = jopt("install", "--all")
    assert first.exit_code == 0
    assert first.output.endswith("skipped (not Java or no start script): app-server, no-start, zss\n")
    assert first.output.count(": installed ") == 7
    second = jopt("install", "--all")
    assert second.output.count(": unchanged ") == 7 and "backup:" not in second.output


def test_install_with_tag(jopt, sample):
    assert jopt("install", "zaas", "--tag", "ZAAS1").exit_code == 0
    assert "tag=ZAAS1" in sample.script("zaas").read_text()
    status = json.loads(jopt("status", "zaas", "--json").output)["components"][0]
    assert (status["tag"], status["hook"]) == ("ZAAS1", "current")


@pytest.mark.parametrize("tag", ["gw", "TOOLONGTAG", "G/W", "A$"])
def test_bad_tags_are_refused(jopt, sample, tag):
    before = sample.scripts()
    result = jopt("install", "gateway", "--tag", tag)
    assert result.exit_code == 1
    assert result.output == f"jopt: error: tag {tag!r} is not 1 to 8 characters of A-Z and 0-9\n"
    assert sample.scripts() == before


def test_uninstall_all_round_trip(jopt, sample):
    before = sample.scripts()
    jopt("install", "--all")
    result = jopt("uninstall", "--all")
    assert result.exit_code == 0 and result.output.count(": uninstalled ") == 7
    assert sample.scripts() == before
    assert jopt("uninstall", "--all").output == "nothing to do: no component matched\n"


def test_names_and_all_together_is_a_usage_error(jopt):
    result = jopt("install", "gateway", "--all")
    assert result.exit_code == 2
    assert "name components or give --all, not both" in result.output


def test_status_of_a_script_as_installed_does_not_scan_it_again(jopt, sample, monkeypatch):
    """Bytes equal to what install wrote are Java (install hooks nothing else); other bytes are scanned."""
    from jopt.app import status

    assert jopt("install", "gateway").exit_code == 0
    scanned = []
    real = status.find_launches
    monkeypatch.setattr(status, "find_launches", lambda lines: scanned.append(len(lines)) or real(lines))
    kinds = {c["component"]: c["kind"] for c in json.loads(jopt("status", "--json").output)["components"]}
    assert kinds["gateway"] == "java" and kinds["discovery"] == "java"
    assert len(scanned) == len(kinds) - 2  # every script but gateway's; no-start has none
    script = sample.script("gateway")
    script.write_bytes(script.read_bytes() + b"# edited\n")
    scanned.clear()
    jopt("status", "--json")
    assert len(scanned) == len(kinds) - 1


def test_status_exit_codes_for_drift_and_damage(jopt, sample):
    jopt("install", "gateway")
    script = sample.script("gateway")
    hooked = script.read_bytes()
    script.write_bytes(hooked.replace(b"JOPT_OPTIONS=\n", b"JOPT_OPTIONS=/x\n", 1))
    damaged = jopt("status")
    assert damaged.exit_code == 4
    assert "gateway: damaged: line" in damaged.output and "hook line edited by hand" in damaged.output
    original = next((sample.overrides / "backups" / "gateway").iterdir()).read_bytes()
    script.write_bytes(original)  # maintenance put the vendor file back
    drift = jopt("status")
    assert drift.exit_code == 3
    assert (
        "gateway: drift: hook is gone (script replaced, e.g. by maintenance)\n  fix: jopt install gateway"
        in drift.output
    )
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("status").exit_code == 0


def test_damaged_hook_refused_with_file_and_line_and_bytes_kept(jopt, sample):
    jopt("install", "gateway")
    script = sample.script("gateway")
    text = script.read_text().replace("# <<< jopt hook v2 <<<\n", "")
    script.write_text(text)
    for command in ("install", "uninstall"):
        result = jopt(command, "gateway")
        assert result.exit_code == 1
        assert result.output.startswith(f"jopt: error: {script}: damaged hook: 1 begin and 0 end markers (lines ")
        assert script.read_text() == text


def test_hand_made_hook_needs_adopt(jopt, sample):
    script = sample.script("discovery")
    text = script.read_text().replace('  -jar "${JAR_FILE}" &', '  ${COLIN} \\\n  -jar "${JAR_FILE}" &')
    lines = text.split("\n")
    lines[1:1] = [
        'fn="/u/jopt/java.options.DS"',
        'if [ -f "${fn}" ]; then',
        'COLIN="-Xoptionsfile=${fn}"',
        "else",
        'COLIN=""',
        "fi",
    ]
    script.write_text("\n".join(lines))
    result = jopt("install", "discovery")
    assert result.exit_code == 1
    assert "hand-made -Xoptionsfile hook; `jopt install discovery --adopt` replaces it" in result.output
    adopted = jopt("install", "discovery", "--adopt")
    assert adopted.exit_code == 0 and "discovery: adopted " in adopted.output
    new = script.read_text()
    assert "COLIN" not in new and "${JOPT_OPTIONS}" in new


def test_restore_refused_prints_diff_and_exit_1(jopt, sample):
    jopt("install", "gateway")
    script = sample.script("gateway")
    script.write_text(script.read_text() + "# maintenance\n")
    result = jopt("restore", "gateway")
    assert result.exit_code == 1
    assert "-# maintenance\n" in result.output
    assert "beyond the hook; restoring would drop those changes" in result.output


def test_trace_switch(jopt, sample):
    assert jopt("install", "gateway").exit_code == 0
    assert jopt("trace", "on", "gateway").output == f"gateway: trace on ({sample.overrides / 'trace.GW'})\n"
    assert (sample.overrides / "trace.GW").exists()
    assert jopt("trace", "off", "gateway").exit_code == 0
    assert not (sample.overrides / "trace.GW").exists()


def test_missing_runtime_configuration(tmp_path):
    result = CliRunner().invoke(cli, ["status"], env={"JOPT_ZOWE_YAML": "", "JOPT_RUNTIME": ""})
    assert result.exit_code == 1
    assert (
        result.output
        == "jopt: error: no Zowe runtime: give --zowe-yaml or --runtime (or JOPT_ZOWE_YAML / JOPT_RUNTIME)\n"
    )


def test_malformed_zowe_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "zowe.yaml"
    bad.write_text("zowe:\n  runtimeDirectory: /x\n  bad: [unclosed\n")
    result = CliRunner().invoke(cli, ["status", "--zowe-yaml", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"jopt: error: {bad}:4: malformed zowe.yaml: ")


def test_runtime_and_overrides_flags_and_env(sample, tmp_path):
    runner = CliRunner()
    env = {"JOPT_RUNTIME": str(sample.root), "JOPT_OVERRIDES": str(tmp_path / "ov"), "JOPT_ZOWE_YAML": ""}
    result = runner.invoke(cli, ["status", "--json"], env=env)
    data = json.loads(result.output)
    assert data["runtime"] == str(sample.root) and data["overrides"] == str(tmp_path / "ov")
    assert "sample-ext" not in [c["component"] for c in data["components"]]
    with_ext = runner.invoke(cli, ["status", "--json", "--extensions", str(sample.root / "extensions")], env=env)
    assert "sample-ext" in [c["component"] for c in json.loads(with_ext.output)["components"]]


@contextmanager
def read_only(path):
    done = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(path), str(path)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_read_only_file_system_is_refused_and_nothing_changes(jopt, sample):
    before = sample.scripts()
    with read_only(sample.root / "components" / "zaas"):
        result = jopt("install", "gateway", "zaas")
    assert result.exit_code == 1
    assert result.output == f"jopt: error: {sample.script('zaas')}: read-only file system\n"
    assert sample.scripts() == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_shown_in_the_readme(command):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"jopt {command}" in readme
