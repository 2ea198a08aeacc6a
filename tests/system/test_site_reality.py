"""Issue 16, site reality: what a real LPAR has that the sample runtime does not, through the CLI.

Each test runs the `jopt` command line against a copy of the sample runtime changed the way a
site changes (a copied component folder, a lost state.json, a link, a file someone edited),
and checks the exit code, the exact message, and that every byte (mode and owner too) of the
runtime and the overrides directory is as it was wherever nothing may change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import Sample

BEGIN = "# >>> jopt hook v1 component={component} tag={tag} dir={overrides} >>>"


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every file, folder and link under root: type, mode, owner and bytes (or link target)."""
    found: dict[str, tuple[object, ...]] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_dir():
            found[key] = ("dir", info.st_mode, info.st_uid, info.st_gid)
        else:
            found[key] = ("file", info.st_mode, info.st_uid, info.st_gid, path.read_bytes())
    return found


def copy_component(sample: Sample, source: str, name: str) -> Path:
    """A copy of a component's folder under another name, as a site makes one (hook and all)."""
    target = sample.root / "components" / name
    shutil.copytree(sample.component_dir(source), target, symlinks=True)
    return target


def begin_marker(sample: Sample, component: str, tag: str) -> str:
    return BEGIN.format(component=component, tag=tag, overrides=sample.overrides)


def row(output: str, component: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.split()[:1] == [component])


# --- tags never move ---------------------------------------------------------------------------


def test_a_hooked_tag_stays_when_state_is_lost_and_a_new_copy_sorts_first(sample, jopt):
    """The issue's scenario: gateway-aef67a39d is hooked as GA; a new gateway copy that derives
    GA too and sorts first appears; state.json is lost. The hook's markers are the truth."""
    copy_component(sample, "gateway", "gateway-aef67a39d")
    assert jopt("install", "gateway-aef67a39d").exit_code == 0
    hooked = sample.root / "components" / "gateway-aef67a39d" / "bin" / "start.sh"
    assert begin_marker(sample, "gateway-aef67a39d", "GA") in hooked.read_text()
    assert jopt("render", "--profile", "heap", "--set", "xmx=1g", "gateway-aef67a39d").exit_code == 0
    copy_component(sample, "gateway", "gateway-a0000000")  # derives GA too, and sorts first
    (sample.overrides / "state.json").unlink()

    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    assert row(shown.output, "gateway-aef67a39d") == [
        "gateway-aef67a39d",
        "GA",
        "java",
        "current",
        "java.options.GA",
        "off",
    ]
    assert row(shown.output, "gateway-a0000000") == ["gateway-a0000000", "GA2", "java", "none", "-", "off"]

    before = hooked.read_bytes()
    done = jopt("install", "--all")
    assert done.exit_code == 0, done.output
    assert f"gateway-aef67a39d: unchanged {hooked}\n" in done.output
    assert hooked.read_bytes() == before
    new = sample.root / "components" / "gateway-a0000000" / "bin" / "start.sh"
    assert begin_marker(sample, "gateway-a0000000", "GA2") in new.read_text()
    again = jopt("status", env={"NO_COLOR": "1"})
    assert again.exit_code == 0, again.output
    assert row(again.output, "gateway-aef67a39d")[:5] == [
        "gateway-aef67a39d",
        "GA",
        "java",
        "current",
        "java.options.GA",
    ]


def test_two_hooks_reading_one_tag_are_damage_naming_both_and_writers_refuse(sample, jopt):
    """A hooked folder copied whole: both start scripts read java.options.GA."""
    copy_component(sample, "gateway", "gateway-aef67a39d")
    assert jopt("install", "gateway-aef67a39d").exit_code == 0
    copy_component(sample, "gateway-aef67a39d", "gateway-a1")
    what = (
        "tag GA is used by gateway-a1 (its hook reads java.options.GA, a hook written for gateway-aef67a39d) "
        "and gateway-aef67a39d (its hook reads java.options.GA): two JVMs would read one options file"
    )
    fix = "give gateway-a1 a tag of its own: `jopt install gateway-a1 --tag GA2`"

    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 4, shown.output
    assert f"gateway-a1: damage: {what}\n  fix: {fix}\n" in shown.output
    assert f"gateway-aef67a39d: damage: {what}\n  fix: {fix}\n" in shown.output

    before = snapshot(sample.root)
    for args in (("install", "--all"), ("install", "gateway-a1"), ("render", "-p", "heap", "gateway-aef67a39d"),
                 ("trace", "on", "gateway-a1")):  # fmt: skip
        refused = jopt(*args)
        assert (refused.exit_code, refused.output) == (1, f"jopt: error: {what}; {fix}\n"), args
        assert snapshot(sample.root) == before, args

    assert jopt("install", "gateway-a1", "--tag", "GA2").exit_code == 0  # the fix, as printed
    fixed = jopt("status", env={"NO_COLOR": "1"})
    assert fixed.exit_code == 0, fixed.output
    assert row(fixed.output, "gateway-a1")[:4] == ["gateway-a1", "GA2", "java", "current"]
    assert row(fixed.output, "gateway-aef67a39d")[:4] == ["gateway-aef67a39d", "GA", "java", "current"]


def test_a_tag_given_now_that_another_hook_reads_is_refused(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    before = snapshot(sample.root)
    refused = jopt("install", "zaas", "--tag", "GW")
    assert refused.exit_code == 1
    assert refused.output == (
        "jopt: error: tag GW is used by gateway (its hook reads java.options.GW) and zaas (--tag GW): "
        "two JVMs would read one options file; choose another --tag\n"
    )
    assert snapshot(sample.root) == before


# --- symlinked component directories -----------------------------------------------------------


def test_a_component_folder_linked_under_a_second_name_is_managed_once(sample, jopt):
    """components/gw-alias -> gateway: one folder, one start script, one hook. Today's jopt
    would hook it twice, each name rewriting the other's hook (drift back and forth)."""
    alias = sample.root / "components" / "gw-alias"
    alias.symlink_to("gateway")
    done = jopt("install", "--all")
    assert done.exit_code == 0, done.output
    assert "gw-alias" not in done.output
    script = sample.script("gateway")
    text = script.read_text()
    assert text.count("# >>> jopt hook") == 1 and begin_marker(sample, "gateway", "GW") in text
    before = snapshot(sample.root)
    again = jopt("install", "--all")
    assert again.exit_code == 0 and f"gateway: unchanged {script}\n" in again.output
    assert snapshot(sample.root) == before

    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    assert "gw-alias" not in "".join(line.split()[0] + "\n" for line in shown.output.split("\n\n")[0].splitlines())
    assert shown.output.endswith(
        f"\npassed over: {alias}: the same folder as component gateway ({sample.component_dir('gateway')}) "
        "under another name: jopt manages it once, as gateway\n"
    )
    for args in (("install", "gw-alias"), ("render", "-p", "heap", "gw-alias"), ("trace", "on", "gw-alias")):
        refused = jopt(*args)
        assert refused.exit_code == 1, args
        assert refused.output == (
            f"jopt: error: gw-alias ({alias}) is passed over: the same folder as component gateway "
            f"({sample.component_dir('gateway')}) under another name: jopt manages it once, as gateway\n"
        )
        assert snapshot(sample.root) == before


def test_a_start_script_reached_through_a_linked_bin_folder_is_refused(sample, jopt):
    """zaas/bin -> ../gateway/bin: two components, one start.sh. Refused, nothing written."""
    assert jopt("install", "discovery").exit_code == 0  # the overrides directory and its lock exist
    bin_dir = sample.component_dir("zaas") / "bin"
    shutil.rmtree(bin_dir)
    bin_dir.symlink_to("../gateway/bin")
    before = snapshot(sample.root)
    refused = jopt("install", "zaas")
    assert refused.exit_code == 1
    assert refused.output == (
        f"jopt: error: {sample.script('zaas')}: is the same file as the start script of gateway "
        f"({sample.script('gateway')}), reached under another name (a link on its path); one file cannot "
        "carry the hooks of two components: give each component a copy of its own\n"
    )
    assert snapshot(sample.root) == before


# --- component folders jopt cannot use ----------------------------------------------------------


def test_folders_jopt_cannot_use_are_listed_with_the_reason(sample, jopt):
    odd = sample.root / "components" / "gateway copy"
    shutil.copytree(sample.component_dir("gateway"), odd)
    shadow = sample.root / "extensions" / "zaas"
    shutil.copytree(sample.component_dir("zaas"), shadow)
    (sample.root / "components" / "not-a-component").mkdir()  # no manifest: Zowe does not see it either
    before = snapshot(sample.root)
    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    assert shown.output.endswith(
        "\n"
        f"passed over: {odd}: 'gateway copy' is not a component name (letters, digits, . _ -): "
        "rename the folder for jopt to manage it\n"
        f"passed over: {shadow}: an extension named like the runtime component zaas: Zowe runs the runtime's "
        f"({sample.component_dir('zaas')})\n"
    )
    refused = jopt("install", "gateway copy")
    assert (refused.exit_code, refused.output) == (
        1,
        "jopt: error: 'gateway copy' is not a component name (letters, digits, . _ -)\n",
    )
    assert snapshot(sample.root) == before


def test_a_component_with_only_manifest_json_is_found(sample, jopt):
    """Zowe reads manifest.json too (after .yaml and .yml)."""
    folder = copy_component(sample, "gateway", "json-gw")
    (folder / "manifest.yaml").unlink()
    (folder / "manifest.json").write_text('{"name": "json-gw", "commands": {"start": "bin/start.sh"}}\n')
    shown = jopt("status", "json-gw", env={"NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    assert row(shown.output, "json-gw")[:4] == ["json-gw", "JG", "java", "none"]


# --- files jopt did not write ------------------------------------------------------------------

HEAP = ("render", "--profile", "heap", "--set", "xmx=1g", "gateway")


def _refusal(sample: Sample, why: str) -> str:
    path = sample.overrides / "java.options.GW"
    return (
        f"jopt: error: {path}: {why}; nothing written (the diff shows what render would change); "
        f"--force replaces it, backed up first to {sample.overrides}/backups/options/\n"
    )


def test_render_refuses_an_options_file_jopt_did_not_write_and_force_backs_it_up(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.write_text("# tuned by hand for the month-end batch\n-Xmx3g\n")
    before = snapshot(sample.root)

    for args in (HEAP, (*HEAP, "--dry-run")):
        refused = jopt(*args)
        assert refused.exit_code == 1, args
        assert f"--- a{options}\n+++ b{options}\n" in refused.output
        assert "-# tuned by hand for the month-end batch\n--Xmx3g\n" in refused.output
        assert "+-Xmx1g\n" in refused.output
        assert refused.output.endswith(_refusal(sample, "not written by jopt")), refused.output
        assert "updated" not in refused.output
        assert snapshot(sample.root) == before

    forced = jopt(*HEAP, "--force")
    assert forced.exit_code == 0, forced.output
    (backup,) = (sample.overrides / "backups" / "options").iterdir()
    assert backup.name.startswith("java.options.GW.")
    assert backup.read_text() == "# tuned by hand for the month-end batch\n-Xmx3g\n"
    assert f"gateway: updated {options}\n  backup: {backup} (not written by jopt)\n" in forced.output
    assert options.read_text().endswith("-Xms256m\n-Xmx1g\n")
    again = jopt(*HEAP)
    assert (again.exit_code, f"gateway: unchanged {options}\n" in again.output) == (0, True)
    redone = jopt("render", "--profile", "heap", "--set", "xmx=2g", "gateway")  # jopt's own file: rewritten
    assert redone.exit_code == 0 and f"gateway: updated {options}\n" in redone.output


def test_render_refuses_an_options_file_changed_since_jopt_wrote_it(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    assert jopt(*HEAP).exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.write_text(options.read_text() + "-Xdump:system:events=user\n")
    before = snapshot(sample.root)
    refused = jopt("render", "--profile", "heap", "--set", "xmx=2g", "gateway")
    assert refused.exit_code == 1
    assert "--Xdump:system:events=user\n" in refused.output
    assert refused.output.endswith(_refusal(sample, "changed since jopt wrote it"))
    assert snapshot(sample.root) == before
    dry = jopt("render", "--profile", "heap", "--set", "xmx=2g", "gateway", "--dry-run", "--force")
    assert dry.exit_code == 0
    assert f"==> {options} (changed since jopt wrote it: would be backed up and replaced; UTF-8) <==\n" in dry.output
    assert dry.output.endswith("dry run: nothing written\n") and "updated" not in dry.output
    assert snapshot(sample.root) == before
