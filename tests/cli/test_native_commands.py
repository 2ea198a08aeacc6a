"""`install --native` / `uninstall --native` through the CLI: exact output, exact zowe.yaml
bytes, refusals that change nothing, and what status, trace and render say."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli


@pytest.fixture
def options(sample):
    """The apiml options file, which native mode needs before it writes zowe.yaml."""
    sample.overrides.mkdir(parents=True)
    path = sample.overrides / "java.options.AM"
    path.write_text("-Xmx1g\n")
    return path


def state(sample) -> dict:
    return json.loads((sample.overrides / "state.json").read_text())


def zowe_backups(sample) -> list:
    folder = sample.overrides / "backups" / "zowe.yaml"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_install_native_prints_the_settings_and_edits_nothing(jopt, sample):
    before, config = sample.scripts(), sample.zowe_yaml.read_bytes()

    result = jopt("install", "apiml", "--native")

    assert result.exit_code == 0
    assert result.stdout == (
        "apiml: native mode: start.sh is not edited; put this in zowe.yaml (merge it into the components section there):\n"
        "\n"
        "components:\n"
        "  apiml:\n"
        "    jvm:\n"
        f'      Xoptionsfile: "={sample.overrides}/java.options.AM"\n'
        "\n"
        f"Or let jopt edit {sample.zowe_yaml}: jopt install apiml --native --write-config\n"
    )
    assert result.stderr == (
        f"jopt: note: {sample.overrides}/java.options.AM does not exist yet: with native mode the JVM is always "
        "given -Xoptionsfile, and it does not start when that file is missing; create it (jopt render --profile "
        "shareclasses apiml, or an empty file) before you restart apiml\n"
    )
    assert sample.scripts() == before and sample.zowe_yaml.read_bytes() == config
    record = state(sample)["components"]["apiml"]
    assert (record["mode"], record["config"], record["trace"], record["hook_version"]) == ("native", None, False, 0)
    assert record["original_sha256"] == record["installed_sha256"]


def test_write_config_dry_run_shows_the_exact_diff_and_writes_nothing(jopt, sample, options):
    config = sample.zowe_yaml.read_bytes()

    result = jopt("install", "apiml", "--native", "--write-config", "--dry-run")

    assert result.exit_code == 0
    assert result.output == (
        f"--- a{sample.zowe_yaml}\n"
        f"+++ b{sample.zowe_yaml}\n"
        "@@ -112,6 +112,8 @@\n"
        "     heap:\n"
        "       init: 64\n"
        "       max: 1024\n"
        "+    jvm:\n"
        f'+      Xoptionsfile: "={options}"\n'
        "   app-server:\n"
        "     enabled: true\n"
        "     port: 7556\n"
        f"apiml: native: would change {sample.zowe_yaml} (would set components.apiml.jvm.Xoptionsfile)\n"
        "dry run: nothing written\n"
    )
    assert sample.zowe_yaml.read_bytes() == config
    assert not (sample.overrides / "state.json").exists() and not zowe_backups(sample)


def test_write_config_round_trip(jopt, sample, options):
    scripts, original = sample.scripts(), sample.zowe_yaml.read_bytes()

    first = jopt("install", "apiml", "--native", "--write-config")

    (backup,) = zowe_backups(sample)
    assert first.exit_code == 0
    assert first.output == (
        f"apiml: native: updated {sample.zowe_yaml} (set components.apiml.jvm.Xoptionsfile)\n  backup: {backup}\n"
    )
    assert backup.read_bytes() == original
    new = sample.zowe_yaml.read_text()
    assert new == original.decode().replace(
        "      max: 1024\n  app-server:\n",
        f'      max: 1024\n    jvm:\n      Xoptionsfile: "={options}"\n  app-server:\n',
    )
    assert state(sample)["components"]["apiml"]["config"] == str(sample.zowe_yaml)

    written = sample.zowe_yaml.stat()
    second = jopt("install", "apiml", "--native", "--write-config")
    assert second.output == f"apiml: native: unchanged {sample.zowe_yaml}\n"
    assert sample.zowe_yaml.stat().st_mtime_ns == written.st_mtime_ns and len(zowe_backups(sample)) == 1

    undone = jopt("uninstall", "apiml", "--native", "--write-config")

    assert undone.exit_code == 0
    assert undone.output.startswith(
        f"apiml: native: updated {sample.zowe_yaml} (removed components.apiml.jvm.Xoptionsfile)\n"
    )
    assert sample.zowe_yaml.read_bytes() == original
    assert sample.scripts() == scripts
    assert "apiml" not in state(sample)["components"]


def test_refuses_when_the_key_holds_another_value(jopt, sample, options):
    text = sample.zowe_yaml.read_text().replace(
        "      max: 1024\n  app-server:\n",
        '      max: 1024\n    jvm:\n      Xoptionsfile: "=/site/apiml.options"\n  app-server:\n',
    )
    sample.zowe_yaml.write_text(text)

    result = jopt("install", "apiml", "--native", "--write-config")

    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {sample.zowe_yaml}:116: components.apiml.jvm.Xoptionsfile already holds "
        f'"=/site/apiml.options", not "={options}"; jopt will not overwrite it: remove that line, '
        "or point it at jopt's options file yourself\n"
    )
    assert sample.zowe_yaml.read_text() == text
    assert not zowe_backups(sample) and not (sample.overrides / "state.json").exists()


def test_malformed_zowe_yaml_names_file_and_line(jopt, sample):
    text = sample.zowe_yaml.read_text().replace("    port: 7554\n    heap:", "    port: 7554\n   heap:", 1)
    sample.zowe_yaml.write_text(text)
    result = jopt("install", "apiml", "--native", "--write-config")
    assert result.exit_code == 1
    assert result.output == f"jopt: error: {sample.zowe_yaml}:112: malformed zowe.yaml: did not find expected key\n"
    assert sample.zowe_yaml.read_text() == text


def test_write_config_refuses_without_the_options_file(jopt, sample):
    config = sample.zowe_yaml.read_bytes()
    result = jopt("install", "apiml", "--native", "--write-config")
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {sample.overrides}/java.options.AM does not exist: with native mode the JVM is always given "
        "-Xoptionsfile, and it does not start when that file is missing; create it first (jopt render --profile "
        "shareclasses apiml, or an empty file)\n"
    )
    assert sample.zowe_yaml.read_bytes() == config


def test_not_native_capable_is_refused_naming_the_script(jopt, sample):
    result = jopt("install", "gateway", "--native")
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {sample.script('gateway')}: does not take JVM options from zowe.yaml (it neither sources "
        "parse_jvm_args.sh nor has ${CUSTOM_JVM_OPTS} on its launch line); use the hook: jopt install gateway\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("install", "apiml", "--write-config"), "--write-config goes with --native"),
        (("uninstall", "apiml", "--write-config"), "--write-config goes with --native"),
        (("install", "apiml", "--native", "--adopt"), "--adopt is for the hook; it does not go with --native"),
    ],
)
def test_flag_combinations_are_usage_errors(jopt, args, message):
    result = jopt(*args)
    assert result.exit_code == 2 and f"Error: {message}\n" in result.output


def test_write_config_needs_a_zowe_yaml(sample):
    env = {"JOPT_RUNTIME": str(sample.root), "JOPT_OVERRIDES": str(sample.overrides)}
    result = CliRunner().invoke(cli, ["install", "apiml", "--native", "--write-config"], env=env)
    assert result.exit_code == 1
    assert (
        result.output
        == "jopt: error: --write-config edits the zowe.yaml named by --zowe-yaml (or JOPT_ZOWE_YAML); none was given\n"
    )


# --- native mode and the hook keep out of each other's way ---------------------------------------


def test_hook_install_hints_at_native_mode_on_stderr(jopt, sample):
    result = jopt("install", "apiml")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"apiml: installed {sample.script('apiml')}\n")
    assert result.stderr == (
        "hint: apiml can take the options file from zowe.yaml instead, with no script edit: jopt uninstall apiml "
        "&& jopt render --profile shareclasses apiml && jopt install apiml --native --write-config\n"
    )
    assert jopt("install", "gateway").stderr == ""


def test_native_refused_while_the_hook_is_in(jopt, sample):
    jopt("install", "apiml")
    result = jopt("install", "apiml", "--native")
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {sample.script('apiml')}: has a current jopt hook; `jopt uninstall apiml` first, "
        "or the JVM gets the options file twice\n"
    )


def test_hook_commands_leave_native_components_alone(jopt, sample, options):
    jopt("install", "apiml", "--native", "--write-config")
    script = sample.script("apiml").read_bytes()

    refused = jopt("install", "apiml")
    assert refused.exit_code == 1
    assert refused.output == (
        "jopt: error: apiml uses native mode (zowe.yaml gives it the options file, no hook): "
        "`jopt uninstall apiml --native` first, or the JVM gets the options file twice\n"
    )
    every = jopt("install", "--all")
    assert every.exit_code == 0 and every.stdout.startswith("skipped (native mode, see `jopt status`): apiml\n")
    assert every.stdout.count(": installed ") == 6
    assert jopt("uninstall", "apiml").output == (
        "jopt: error: apiml uses native mode (zowe.yaml gives it the options file, no hook): "
        "`jopt uninstall apiml --native` to undo it\n"
    )
    assert jopt("uninstall", "--all").stdout.count(": uninstalled ") == 6
    assert sample.script("apiml").read_bytes() == script
    assert state(sample)["components"]["apiml"]["mode"] == "native"


# --- status, trace, render -----------------------------------------------------------------------


def apiml_status(jopt) -> dict:
    return json.loads(jopt("status", "apiml", "--json").output)["components"][0]


def test_status_json_says_which_mode(jopt, sample, options):
    assert jopt("install", "gateway").exit_code == 0
    jopt("install", "apiml", "--native", "--write-config")
    data = json.loads(jopt("status", "--json").output)["components"]
    modes = {c["component"]: (c["native_capable"], c["mode"], c["zowe_yaml_points"]) for c in data}
    assert modes["apiml"] == (True, "native", True)
    assert modes["gateway"] == (False, "hook", False)
    assert modes["zaas"] == (False, "none", False)
    text = jopt("status", "apiml")
    assert text.exit_code == 0
    assert text.output.endswith("\napiml: native mode: zowe.yaml points it at java.options.AM\n")


def test_status_drift_when_zowe_yaml_loses_the_setting(jopt, sample, options):
    original = sample.zowe_yaml.read_bytes()
    jopt("install", "apiml", "--native", "--write-config")
    sample.zowe_yaml.write_bytes(original)  # e.g. the configuration was regenerated

    result = jopt("status", "apiml")

    assert result.exit_code == 3
    assert result.output.endswith(
        "\napiml: drift: zowe.yaml no longer points it at java.options.AM\n"
        "  fix: jopt install apiml --native --write-config\n"
    )


def test_status_drift_when_the_options_file_is_missing(jopt, sample, options):
    jopt("install", "apiml", "--native", "--write-config")
    options.unlink()
    result = jopt("status", "apiml")
    assert result.exit_code == 3
    assert result.output.endswith(
        "\napiml: drift: zowe.yaml points it at java.options.AM, which does not exist: the JVM will not start\n"
        "  fix: jopt render --profile shareclasses apiml\n"
    )


def test_status_recognises_settings_added_by_hand(jopt, sample, options):
    text = sample.zowe_yaml.read_text().replace(
        "      max: 1024\n  app-server:\n",
        f'      max: 1024\n    jvm:\n      Xoptionsfile: "={options}"\n  app-server:\n',
    )
    sample.zowe_yaml.write_text(text)
    assert (apiml_status(jopt)["mode"], apiml_status(jopt)["zowe_yaml_points"]) == ("native", True)


def test_trace_switch_adds_and_removes_show_settings(jopt, sample, options):
    jopt("install", "apiml", "--native", "--write-config")
    on = jopt("trace", "on", "apiml")
    assert on.output == (
        f"apiml: trace on ({sample.overrides / 'trace.AM'})\n"
        "  apiml is in native mode: `jopt install apiml --native --write-config` adds "
        "components.apiml.jvm.XshowSettings in zowe.yaml (without --write-config it prints the settings)\n"
    )
    traced = jopt("install", "apiml", "--native", "--write-config")
    assert traced.output.startswith(
        f"apiml: native: updated {sample.zowe_yaml} (set components.apiml.jvm.XshowSettings)\n"
    )
    assert (
        '      Xoptionsfile: "' in sample.zowe_yaml.read_text()
        and '      XshowSettings: ":vm"\n' in sample.zowe_yaml.read_text()
    )
    jopt("trace", "off", "apiml")
    untraced = jopt("install", "apiml", "--native", "--write-config")
    assert untraced.output.startswith(
        f"apiml: native: updated {sample.zowe_yaml} (removed components.apiml.jvm.XshowSettings)\n"
    )
    assert "XshowSettings" not in sample.zowe_yaml.read_text()


def test_uninstall_native_prints_what_to_remove(jopt, sample):
    jopt("install", "apiml", "--native")
    result = jopt("uninstall", "apiml", "--native")
    assert result.exit_code == 0
    assert result.output == (
        f'apiml: native mode off: remove from zowe.yaml: components.apiml.jvm.Xoptionsfile ("={sample.overrides}/java.options.AM")\n'
    )
    assert "apiml" not in state(sample)["components"]


def test_render_treats_native_components_as_installed(jopt, sample, options):
    jopt("install", "apiml", "--native", "--write-config")
    options.unlink()
    result = jopt("render", "--profile", "shareclasses")
    assert result.exit_code == 0, result.output
    assert "apiml: created " in result.output and "hook is not installed" not in result.output
    assert options.is_file()
