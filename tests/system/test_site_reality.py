"""Issue 16, site reality: what a real LPAR has that the sample runtime does not, through the CLI.

Each test runs the `jopt` command line against a copy of the sample runtime changed the way a
site changes (a copied component folder, a lost state.json, a link, a file someone edited),
and checks the exit code, the exact message, and that every byte (mode and owner too) of the
runtime and the overrides directory is as it was wherever nothing may change.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DASH, STUB_JAVA, Sample, argv_runs, snapshot, zowe_env

from jopt.app.demo import prepare
from jopt.cli.app import cli

BEGIN = "# >>> jopt hook v2 component={component} tag={tag} dir={overrides} >>>"


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


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


# --- the started task's user -------------------------------------------------------------------

NOBODY = 65534
AS_NOBODY = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder every user can reach (pytest's own tmp folders are private to root), or skip:
    the check is proved against a second user for real, with setpriv, as root can make one."""
    if os.geteuid() != 0 or not shutil.which("setpriv") or not user_exists("nobody"):
        pytest.skip("needs root, setpriv and user nobody to run as a second user")
    top = Path(tempfile.mkdtemp(prefix="jopt-run-as-"))
    top.chmod(0o755)
    yield top
    shutil.rmtree(top)


def _cli(sample: Sample, *args: str) -> tuple[int, str]:
    env = {"JOPT_ZOWE_YAML": str(sample.zowe_yaml), "NO_COLOR": "1"}
    done = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return done.exit_code, done.output


def _start_as_nobody(sample: Sample, world: Path) -> list[str]:
    """Start the gateway as Zowe does, as user nobody, with a stub JVM; the JVM's argv."""
    stub = world / "stubbin"
    stub.mkdir(exist_ok=True)
    (stub / "java").write_text(STUB_JAVA)
    (stub / "java").chmod(0o755)
    argv = world / "argv" / "java.argv"
    argv.parent.mkdir(exist_ok=True)
    argv.parent.chmod(0o777)
    argv.unlink(missing_ok=True)
    folder = sample.component_dir("gateway")
    text = f"cd {folder}\n" + sample.script("gateway").read_text()
    env = zowe_env(stub, argv, HOME="/")
    done = subprocess.run(
        [*AS_NOBODY, DASH or "/bin/sh"], input=text.encode(), env=env, cwd="/", capture_output=True, timeout=30
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return argv_runs(argv)[0]


def test_options_the_started_tasks_user_cannot_read_are_damage_with_a_fix_that_works(world):
    sample = Sample(world / "zowe", prepare(world / "zowe"))
    assert _cli(sample, "install", "gateway")[0] == 0
    assert _cli(sample, "render", "--profile", "heap", "--set", "xmx=1g", "gateway")[0] == 0
    options, overrides = sample.overrides / "java.options.GW", sample.overrides
    # what the check will say, the kernel says too: nobody cannot read the file, and the
    # hook, run as nobody, finds no options file: the JVM starts without -Xoptionsfile
    assert subprocess.run([*AS_NOBODY, "cat", str(options)], capture_output=True).returncode != 0
    assert not any(a.startswith("-Xoptionsfile") for a in _start_as_nobody(sample, world))
    before = snapshot(sample.root)

    code, out = _cli(sample, "status", "--run-as", "nobody")
    hook_dir = overrides / "hook"  # hook v2 reads its own files there: nobody must read them too
    v2, trace = hook_dir / "v2.sh", hook_dir / "v2-trace.sh"
    fix = (
        f"chgrp nogroup {overrides} && chmod g+x {overrides} && chgrp nogroup {options} && chmod g+r {options}"
        f" && chgrp nogroup {hook_dir} && chmod g+x {hook_dir} && chgrp nogroup {v2} && chmod g+r {v2}"
        f" && chgrp nogroup {trace} && chmod g+r {trace}"
    )
    assert code == 4, out
    assert out.endswith(
        f"gateway: damage: the started task's user nobody cannot search {overrides} (mode 0700, owner root, "
        f"group root); cannot read {options} (mode 0640, owner root, group root); cannot search {hook_dir} "
        f"(mode 0700, owner root, group root); cannot read {v2} (mode 0640, owner root, group root); "
        f"cannot read {trace} (mode 0640, owner root, group root): its JVM does not get "
        f"java.options.GW, v2.sh, v2-trace.sh\n  fix: {fix}\n"
    ), out
    assert snapshot(sample.root) == before

    subprocess.run(["sh", "-c", fix], check=True)  # the fix, as printed
    assert subprocess.run([*AS_NOBODY, "cat", str(options)], capture_output=True).stdout == options.read_bytes()
    assert f"-Xoptionsfile={options}" in _start_as_nobody(sample, world)
    code, out = _cli(sample, "status", "--run-as", "nobody")
    assert code == 0 and "damage" not in out, out


def test_the_started_tasks_user_comes_from_zowe_yaml(world):
    sample = Sample(world / "zowe", prepare(world / "zowe"))
    text = sample.zowe_yaml.read_text()
    sample.zowe_yaml.write_text(text.replace("zowe: ZWESVUSR", "zowe: nobody"))
    assert _cli(sample, "install", "gateway")[0] == 0
    assert _cli(sample, "render", "--profile", "heap", "gateway")[0] == 0
    code, out = _cli(sample, "status", "gateway", "--json")
    assert code == 4
    assert '"run_as": {\n    "user": "nobody",\n    "source": "zowe.setup.security.users.zowe in zowe.yaml",' in out
    assert "the started task's user nobody cannot search" in out


def test_a_started_tasks_user_unknown_here_is_said_once_not_damage(sample, jopt):
    if user_exists("ZWESVUSR"):
        pytest.skip("ZWESVUSR is a user on this system")
    assert jopt("install", "gateway", "zaas").exit_code == 0
    assert jopt("render", "--profile", "heap", "gateway", "zaas").exit_code == 0
    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    note = (
        "note: the started task's user ZWESVUSR (zowe.setup.security.users.zowe in zowe.yaml) is not a user "
        "on this system: not checked that it can read the options files (--run-as USER checks for another user)\n"
    )
    assert f"\n\n{note}" in shown.output and shown.output.count("ZWESVUSR") == 1


def _getfacl(path: Path, extended: str = "") -> str:
    """One file's section of z/OS `getfacl -e USER` output: the header, base entries, the extended ones."""
    return f"#file: {path}\n#owner: root\n#group: root\nuser::rwx\ngroup::---\nother::---\n{extended}\n"


def test_on_zos_acls_decide_with_the_bits_read_by_one_getfacl_run(world, monkeypatch, fp):
    """On z/OS RACF reads the ACLs too: a group entry lets nobody search the 0700 overrides
    folder; a user entry takes read of the options file away although the bits give it to all.
    getfacl cannot run here: faked, its exact command asserted."""
    from jopt.storage import zos

    fp.allow_unregistered(True)  # `sh -n` and the rest run for real
    fp.keep_last_process(True)
    sample = Sample(world / "zowe", prepare(world / "zowe"))
    assert _cli(sample, "install", "gateway")[0] == 0
    assert _cli(sample, "render", "--profile", "heap", "gateway")[0] == 0
    options, overrides = sample.overrides / "java.options.GW", sample.overrides
    options.chmod(0o644)
    folders = [*reversed(options.parents)]
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    fp.register(["chtag", "-p", fp.any(min=1, max=1)], stdout="- untagged    T=off x\n")
    fp.register(
        ["extattr", fp.any(min=1, max=1)], stdout="x\n    APF authorized = NO\n    Shared address space = YES\n"
    )
    listing = "".join(_getfacl(p) for p in folders[:-1])
    listing += _getfacl(overrides, "group:nogroup:r-x\n") + _getfacl(options, "user:nobody:---\n")
    # the files hook v2 sources: a group entry lets nobody read them
    hook_dir = overrides / "hook"
    sourced = [hook_dir, hook_dir / "v2.sh", hook_dir / "v2-trace.sh"]
    listing += "".join(_getfacl(p, "group:nogroup:r-x\n") for p in sourced)
    command = ["getfacl", "-e", "nobody", *(str(p) for p in [*folders, options, *sourced])]
    fp.register(command, stdout=listing)

    code, out = _cli(sample, "status", "gateway", "--run-as", "nobody")
    assert code == 4, out
    assert out.endswith(
        f"gateway: damage: the started task's user nobody cannot read {options} (mode 0644, owner root, "
        f"group root): its JVM does not get java.options.GW\n  fix: setfacl -m user:nobody:r-- {options}\n"
    ), out
    assert [[str(a) for a in call] for call in fp.calls if str(call[0]) == "getfacl"] == [command]


# --- status checks every options file with render's rules ---------------------------------------


def test_status_checks_each_options_file_with_renders_rules_line_by_line(sample, jopt):
    assert jopt("install", "gateway", "zaas").exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.write_text(
        "# written by hand\n"
        "-Xms2g\n"
        "-Xmx1g\n"
        f"-Xoptionsfile={options}\n"
        "-Djavax.net.ssl.keyStorePassword=hunter2\n"
        '-Dzowe.banner="Hello\n'
    )
    argfile = sample.overrides / "java.argfile.ZA"
    argfile.write_text(f"-Xmx1g\n@{argfile}\n")
    before = snapshot(sample.root)
    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 4, shown.output
    fix = f"\n  fix: edit {options}\n"
    for line in (
        "java.options.GW line 3: -Xms (2g) is larger than -Xmx (1g)",
        f"java.options.GW line 4: -Xoptionsfile={options}: OpenJ9 does not allow -Xoptionsfile inside an options "
        "file (it names this very file)",
        "java.options.GW line 5: -Djavax.net.ssl.keyStorePassword holds a secret in clear text (value not shown); "
        "keep secrets out of options files",
        "java.options.GW line 6: a double quote that is never closed: the rest of the file becomes part of one option",
    ):
        assert f"gateway: damage: {line}{fix}" in shown.output
    assert (
        f"zaas: damage: java.argfile.ZA line 2: @{argfile} (it names this very file): an argument file cannot name "
        f"another; the java launcher would take it as the main class\n  fix: edit {argfile}\n"
    ) in shown.output
    as_json = jopt("status", "--json")
    assert "hunter2" not in shown.output + as_json.output  # a secret never reaches status
    assert snapshot(sample.root) == before


def test_a_rendered_file_edited_by_hand_gets_the_render_that_wrote_it_as_its_fix(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    assert jopt(*HEAP).exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.write_text(options.read_text() + "-XshowSettings\n")
    shown = jopt("status", env={"NO_COLOR": "1"})
    assert shown.exit_code == 4
    fix = "jopt render --profile heap --set xmx=1g --dialect openj9 gateway --force"
    assert (
        "\ngateway: damage: java.options.GW line 7: -XshowSettings: OpenJ9 does not allow -XshowSettings inside an "
        f"options file\n  fix: {fix}\n"
    ) in shown.output
    assert jopt(*fix.split()[1:]).exit_code == 0  # the fix, as printed
    assert jopt("status").exit_code == 0


# --- small edges ---------------------------------------------------------------------------------


def _two_launches(sample: Sample) -> None:
    """zaas starts two JVMs: jopt hooks exactly one launch, so it cannot hook this script."""
    path = sample.script("zaas")
    path.write_text(path.read_text() + "java \\\n    -jar other.jar &\n")


def test_trace_on_for_a_component_no_hook_can_serve_is_refused(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    _two_launches(sample)
    before = snapshot(sample.root)
    for name, why in (
        ("zss", "it is not a Java component"),
        ("no-start", "it has no start script"),
        ("zaas", "2 Java launches (-jar lines 89, 94); jopt hooks exactly one"),
    ):
        refused = jopt("trace", "on", "gateway", name)
        tag = {"zss": "ZSS", "no-start": "NS", "zaas": "ZA"}[name]
        assert (refused.exit_code, refused.output) == (
            1,
            f"jopt: error: {name} cannot be hooked ({why}): no hook would read trace.{tag}; nothing written\n",
        ), refused.output
        assert snapshot(sample.root) == before
    done = jopt("trace", "on", "gateway", "discovery")
    assert done.exit_code == 0
    assert done.output == (
        f"gateway: trace on ({sample.overrides}/trace.GW)\n"
        f"discovery: trace on ({sample.overrides}/trace.DS)\n"
        "  no hook reads it yet: `jopt install discovery`, then restart discovery\n"
    )
    shown = jopt("status", env={"NO_COLOR": "1"})
    assert row(shown.output, "gateway")[-1] == "on"
    assert row(shown.output, "discovery")[-1] == "off"  # the switch is there, but no hook reads it
    assert "discovery: trace.DS is set, but no hook reads it: `jopt trace off discovery` removes it\n" in shown.output


def test_render_for_a_component_no_jvm_would_read_it_for_is_refused(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    _two_launches(sample)
    before = snapshot(sample.root)
    refused = jopt("render", "--profile", "heap", "zaas")
    assert (refused.exit_code, refused.output) == (
        1,
        "jopt: error: zaas cannot be hooked (2 Java launches (-jar lines 89, 94); jopt hooks exactly one), nor can "
        "zowe.yaml give it the options file (its start script does not take JVM options from zowe.yaml): no JVM "
        "would read java.options.ZA; nothing written\n",
    )
    assert snapshot(sample.root) == before
    every = jopt("render", "--profile", "heap", "--all")
    assert every.exit_code == 0
    assert (
        "Rendering for every Java component: api-catalog, apiml, caching-service, discovery, gateway, sample-ext; "
        "not for zaas (2 Java launches (-jar lines 89, 94); jopt hooks exactly one): no JVM would read the file\n"
    ) in every.output
    assert not (sample.overrides / "java.options.ZA").exists()


def test_a_dry_run_never_says_updated(sample, jopt):
    assert jopt("install", "gateway").exit_code == 0
    assert jopt(*HEAP).exit_code == 0
    env = {"JOPT_OVERRIDES": str(sample.overrides)}
    before = snapshot(sample.root)
    for args in (
        ("render", "--profile", "heap", "--set", "xmx=2g", "gateway", "--dry-run"),
        ("render", "--profile", "shareclasses", "apiml", "--dry-run"),
        ("install", "apiml", "--native", "--write-config", "--dry-run"),
        ("install", "gateway", "--tag", "GW2", "--dry-run"),
        ("uninstall", "gateway", "--dry-run"),
    ):
        done = jopt(*args, env=env)
        assert "updated" not in done.output, (args, done.output)
        assert done.output.endswith("dry run: nothing written\n") or done.exit_code != 0, (args, done.output)
    assert snapshot(sample.root) == before
    (sample.overrides / "java.options.AM").write_text("-Xmx1g\n")  # for native mode
    assert jopt("render", "--profile", "shareclasses", "apiml", "--force").exit_code == 0
    native = jopt("install", "apiml", "--native", "--write-config", "--dry-run")
    assert native.exit_code == 0
    assert f"apiml: native: would change {sample.zowe_yaml} (would set components.apiml.jvm.Xoptionsfile)\n" in (
        native.output
    )


def _closed_pipe_run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run jopt with its standard output a pipe whose reader is already gone, as when
    `jopt ... | head` has read what it wanted: every write to it fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "jopt", *args], stdout=write, stderr=subprocess.PIPE, env=env, timeout=120
        )
    finally:
        os.close(write)


def test_a_reader_that_goes_away_ends_jopt_quietly(sample, jopt):
    """`jopt status | head`: no traceback, no "Broken pipe", the command's own exit code; a
    writer still finishes its work (and records it) though no one reads what it says."""
    assert jopt("install", "gateway", "zaas").exit_code == 0
    env = {**os.environ, "JOPT_ZOWE_YAML": str(sample.zowe_yaml), "NO_COLOR": "1"}
    shown = _closed_pipe_run(["status"], env)
    assert (shown.returncode, shown.stderr) == (0, b"")
    rendered = _closed_pipe_run(["render", "--profile", "heap", "gateway", "zaas"], env)
    assert rendered.returncode == 0
    assert b"Traceback" not in rendered.stderr and b"Broken pipe" not in rendered.stderr
    assert (sample.overrides / "java.options.GW").is_file() and (sample.overrides / "java.options.ZA").is_file()
    assert jopt("render", "--profile", "heap", "gateway", "zaas").exit_code == 0  # recorded: no refusal


def test_jopt_piped_into_head_exits_quietly(sample):
    """The same through a real shell pipe: enough components that render writes, one file
    after another, more than the pipe holds, so head is gone before render has written it all."""
    for n in range(300):
        copy_component(sample, "discovery", f"d-{n:03}")
    env = {**os.environ, "JOPT_ZOWE_YAML": str(sample.zowe_yaml), "NO_COLOR": "1"}
    jopt = f"{shlex.quote(sys.executable)} -m jopt render --profile heap --all --dry-run 2>{sample.root}/stderr"
    done = subprocess.run(
        ["sh", "-c", f"{{ {jopt}; echo $? >&2; }} | head -n 1 >/dev/null"], env=env, capture_output=True, timeout=300
    )
    assert done.stderr == b"0\n"  # jopt's own exit code
    errors = (sample.root / "stderr").read_text()
    assert "Broken pipe" not in errors and "Traceback" not in errors


def test_a_removed_options_file_made_again_by_hand_is_not_jopts(sample, jopt):
    assert jopt("install", "gateway", "zaas").exit_code == 0
    assert jopt("render", "--profile", "heap", "gateway", "zaas").exit_code == 0
    options = sample.overrides / "java.options.GW"
    options.unlink()
    assert jopt("render", "--profile", "heap", "zaas").exit_code == 0  # forgets java.options.GW
    options.write_text("-Xmx3g\n")
    refused = jopt("render", "--profile", "heap", "gateway")
    assert refused.exit_code == 1 and refused.output.endswith(_refusal(sample, "not written by jopt"))
