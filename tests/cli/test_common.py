"""The location options through the CLI: --zowe-yaml takes what `zwe --config` takes
(FILE()/PARMLIB() entries, left ones winning, ${{ }} templates) and --ha-instance
(or ZWE_haInstance_id) picks the HA instance whose view of zowe.yaml jopt takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env={"JOPT_ZOWE_YAML": None, **(env or {})}, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root and its bytes: what "nothing changed" is checked against. The
    empty lock file a writing command leaves in the overrides directory is jopt's and stays
    by design (tests/system/test_bad_input.py starts from an overrides directory holding it)."""
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".lock"}


def site_file(sample, text: str) -> Path:
    path = sample.root.parent / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_entries_merge_with_the_left_one_winning(sample):
    """`FILE(site):FILE(zowe.yaml)`: the site file overrides the workspace, the defaults give the rest."""
    site = site_file(sample, f"zowe:\n  workspaceDirectory: {sample.root}/site-ws\n")
    spec = f"FILE({site}):FILE({sample.zowe_yaml})"

    result = run("status", "--json", "--zowe-yaml", spec)

    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (found["runtime"], found["overrides"]) == (str(sample.root), f"{sample.root}/site-ws/jopt")


def test_the_same_string_works_from_jopt_zowe_yaml(sample):
    site = site_file(sample, f"zowe:\n  workspaceDirectory: {sample.root}/site-ws\n")
    result = run("status", "--json", env={"JOPT_ZOWE_YAML": f"FILE({site}):FILE({sample.zowe_yaml})"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overrides"] == f"{sample.root}/site-ws/jopt"


def test_a_template_referring_to_another_key_is_resolved(sample):
    text = sample.zowe_yaml.read_text().replace(
        f'workspaceDirectory: "{sample.root}/workspace"', 'workspaceDirectory: "${{ zowe.runtimeDirectory }}/workspace"'
    )
    assert "${{" in text
    sample.zowe_yaml.write_text(text)

    result = run("status", "--json", "--zowe-yaml", str(sample.zowe_yaml))

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overrides"] == f"{sample.root}/workspace/jopt"


def test_a_template_jopt_cannot_evaluate_is_one_line_naming_key_file_and_line(sample):
    text = sample.zowe_yaml.read_text().replace(
        f'workspaceDirectory: "{sample.root}/workspace"', "workspaceDirectory: \"${{ std.getenv('WS') }}\""
    )
    sample.zowe_yaml.write_text(text)
    line = text.splitlines().index("  workspaceDirectory: \"${{ std.getenv('WS') }}\"") + 1
    before = tree(sample.root)

    result = run("install", "gateway", "--zowe-yaml", str(sample.zowe_yaml))

    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {sample.zowe_yaml}:{line}: zowe.workspaceDirectory: jopt cannot evaluate "
        "${{ std.getenv('WS') }} (Zowe evaluates it as JavaScript); give the value itself, or a reference "
        "such as ${{ zowe.runtimeDirectory }}\n"
    )
    assert tree(sample.root) == before


def test_a_missing_entry_is_named(sample):
    spec = f"FILE({sample.zowe_yaml}):FILE({sample.root}/defaults.yaml)"
    result = run("status", "--zowe-yaml", spec)
    assert result.exit_code == 1
    assert result.output == f"jopt: error: {sample.root}/defaults.yaml: zowe.yaml not found\n"


def test_a_parmlib_entry_off_zos_is_a_clear_error(sample):
    before = tree(sample.root)
    result = run("install", "gateway", "--zowe-yaml", f"FILE({sample.zowe_yaml}):PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG))")
    assert result.exit_code == 1
    assert result.output == (
        "jopt: error: PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG)): a data set member can be read only on z/OS; "
        "copy it to a file and name that with FILE()\n"
    )
    assert tree(sample.root) == before


def test_a_parmlib_member_is_read_with_cat_on_zos(sample, fp, monkeypatch):
    """On z/OS the member comes from `cat "//'DSN(MEMBER)'"` (faked here), in EBCDIC."""
    import ebcdic  # noqa: F401  (registers cp1047)

    from jopt.zowe import config

    monkeypatch.setattr(config, "on_zos", lambda: True)
    member = f"zowe:\n  runtimeDirectory: {sample.root}\n  workspaceDirectory: {sample.root}/plex-ws\n"
    fp.register(["cat", "//'SYS1.ZOWE.PARMLIB(ZWECFG)'"], stdout=member.encode("cp1047"))
    site = site_file(sample, "components:\n  gateway:\n    enabled: true\n")

    result = run("status", "--json", "--zowe-yaml", f"FILE({site}):PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG))")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overrides"] == f"{sample.root}/plex-ws/jopt"
    assert fp.call_count(["cat", "//'SYS1.ZOWE.PARMLIB(ZWECFG)'"]) == 1


def test_an_unknown_ha_instance_is_refused(sample):
    result = run("status", "--zowe-yaml", str(sample.zowe_yaml), "--ha-instance", "lpar9")
    assert result.exit_code == 1
    assert (
        result.output == f"jopt: error: {sample.zowe_yaml}: HA instance 'lpar9' is not in haInstances (lpar1, lpar2)\n"
    )


def test_help_teaches_the_config_syntax():
    result = run("status", "--help")
    text = "".join(result.output.split())  # help wraps lines anywhere, even inside a path
    assert "FILE(/my/zowe.yaml):FILE(/global/defaults.yaml):PARMLIB(DSN(MEMBER)),leftentriesoverridingrightones" in text
    assert "--ha-instanceID" in text and "[envZWE_haInstance_id]" in text


# --- native --write-config with several files ------------------------------------------------


@pytest.fixture
def options(sample):
    sample.overrides.mkdir(parents=True)
    path = sample.overrides / "java.options.AM"
    path.write_text("-Xmx1g\n")
    return path


def test_write_config_edits_the_first_file_when_no_entry_sets_the_key(sample, options):
    site = site_file(sample, "components:\n  apiml:\n    enabled: true\n")
    defaults = sample.zowe_yaml.read_bytes()
    spec = f"FILE({site}):FILE({sample.zowe_yaml})"

    result = run("install", "apiml", "--native", "--write-config", "--zowe-yaml", spec)

    assert result.exit_code == 0, result.output
    (backup,) = (sample.overrides / "backups" / "zowe.yaml").iterdir()
    assert result.output == (
        f"apiml: native: updated {site} (set components.apiml.jvm.Xoptionsfile, the first FILE entry)\n"
        f"  backup: {backup}\n"
    )
    assert site.read_text() == (
        f'components:\n  apiml:\n    enabled: true\n    jvm:\n      Xoptionsfile: "={options}"\n'
    )
    assert sample.zowe_yaml.read_bytes() == defaults
    assert json.loads((sample.overrides / "state.json").read_text())["components"]["apiml"]["config"] == spec


def test_write_config_edits_the_file_that_sets_the_key(sample, options):
    site = site_file(sample, "components:\n  apiml:\n    enabled: true\n")
    text = sample.zowe_yaml.read_text().replace(
        "      max: 1024\n  app-server:\n",
        f'      max: 1024\n    jvm:\n      Xoptionsfile: "={options}"\n  app-server:\n',
    )
    sample.zowe_yaml.write_text(text)
    spec = f"FILE({site}):FILE({sample.zowe_yaml})"
    run("install", "apiml", "--native", "--zowe-yaml", spec)  # records native mode; prints only

    result = run("uninstall", "apiml", "--native", "--write-config", "--zowe-yaml", spec)

    assert result.exit_code == 0, result.output
    (backup,) = (sample.overrides / "backups" / "zowe.yaml").iterdir()
    assert result.output == (
        f"apiml: native: updated {sample.zowe_yaml} (removed components.apiml.jvm.Xoptionsfile, "
        "where components.apiml.jvm.Xoptionsfile is set)\n"
        f"  backup: {backup}\n"
    )
    assert "Xoptionsfile" not in sample.zowe_yaml.read_text()
    assert site.read_text() == "components:\n  apiml:\n    enabled: true\n"


def test_write_config_refuses_a_key_set_in_a_parmlib_member(sample, options, fp, monkeypatch):
    import ebcdic  # noqa: F401

    from jopt.zowe import config

    monkeypatch.setattr(config, "on_zos", lambda: True)
    member = 'components:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/old/java.options"\n'
    fp.register(["cat", "//'SYS1.ZOWE.PARMLIB(ZWECFG)'"], stdout=member.encode("cp1047"), occurrences=2)
    spec = f"FILE({sample.zowe_yaml}):PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG))"
    before = tree(sample.root)

    result = run("install", "apiml", "--native", "--write-config", "--zowe-yaml", spec)

    assert result.exit_code == 1
    assert result.output == (
        "jopt: error: components.apiml.jvm.Xoptionsfile is set in PARMLIB(SYS1.ZOWE.PARMLIB(ZWECFG)):4: "
        "jopt does not edit data set members (it cannot replace one atomically or keep a backup of it); "
        "put these lines there by hand:\n"
        "components:\n  apiml:\n    jvm:\n"
        f'      Xoptionsfile: "={options}"\n'
    )
    assert tree(sample.root) == before


def test_write_config_refuses_when_an_earlier_entry_hides_the_key(sample, options):
    """`jvm:` (null) on the left hides the key set on the right: Zowe would not see it."""
    site = site_file(sample, "components:\n  apiml:\n    jvm:\n")
    text = sample.zowe_yaml.read_text().replace(
        "      max: 1024\n  app-server:\n",
        f'      max: 1024\n    jvm:\n      Xoptionsfile: "={options}"\n  app-server:\n',
    )
    sample.zowe_yaml.write_text(text)
    spec = f"FILE({site}):FILE({sample.zowe_yaml})"
    before = tree(sample.root)

    result = run("install", "apiml", "--native", "--write-config", "--zowe-yaml", spec)

    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: components.apiml.jvm.Xoptionsfile: {site}:3 sets components.apiml.jvm to null, "
        "which hides it; change it by hand\n"
    )
    assert tree(sample.root) == before


def test_write_config_says_which_ha_instance_overrides_the_key(sample, options):
    text = sample.zowe_yaml.read_text().replace(
        "      caching-service:\n        enabled: true\n",
        '      caching-service:\n        enabled: true\n      apiml:\n        jvm:\n          Xoptionsfile: "=/lpar1/java.options"\n',
    )
    sample.zowe_yaml.write_text(text)

    result = run("install", "apiml", "--native", "--write-config", "--zowe-yaml", str(sample.zowe_yaml))

    assert result.exit_code == 0
    line = sample.zowe_yaml.read_text().splitlines().index('          Xoptionsfile: "=/lpar1/java.options"') + 1
    assert result.stderr == (
        f"jopt: note: components.apiml.jvm.Xoptionsfile: HA instance lpar1: {sample.zowe_yaml}:{line} "
        'sets it to "=/lpar1/java.options"\n'
    )
