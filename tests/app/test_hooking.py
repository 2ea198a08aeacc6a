"""Install, uninstall and restore through the library, on a copy of the sample runtime."""

import json
import time

import pytest
from conftest import JAVA_COMPONENTS

from jopt.app import hookfiles
from jopt.app import hooking as operations
from jopt.app.site import Site
from jopt.errors import ScriptError, WriteError
from jopt.script.hook import HookState, inspect
from jopt.storage import backups, state
from jopt.zowe import locations


def open_site(sample):
    return Site.open(locations.resolve(sample.zowe_yaml))


def install(sample, *names, keep=5):
    site = open_site(sample)
    return operations.commit(site, operations.plan_install(site, site.select(names)), keep)


def uninstall(sample, *names):
    site = open_site(sample)
    return operations.commit(site, operations.plan_uninstall(site, site.select(names)))


def test_install_then_uninstall_every_java_component_is_byte_identical(sample):
    before = sample.scripts()
    outcomes = install(sample, *JAVA_COMPONENTS)
    assert [o.change.result for o in outcomes] == ["installed"] * len(JAVA_COMPONENTS)
    assert sample.scripts() != before
    uninstall(sample, *JAVA_COMPONENTS)
    assert sample.scripts() == before


def test_second_install_writes_nothing_and_makes_no_backup(sample):
    install(sample, "gateway")
    script = sample.script("gateway")
    stat = script.stat()
    (outcome,) = install(sample, "gateway")
    assert outcome.change.result == "unchanged" and outcome.backup is None
    assert script.stat().st_mtime_ns == stat.st_mtime_ns and script.stat().st_ino == stat.st_ino
    assert len(backups.listing(sample.overrides, "gateway")) == 1


def test_install_keeps_mode_and_records_state(sample):
    script = sample.script("gateway")
    script.chmod(0o750)
    original = script.read_bytes()
    (outcome,) = install(sample, "gateway")
    assert script.stat().st_mode & 0o7777 == 0o750
    record = json.loads((sample.overrides / "state.json").read_text())["components"]["gateway"]
    assert record["original_sha256"] == state.sha256(original)
    assert record["installed_sha256"] == state.sha256(script.read_bytes())
    assert record["tag"] == "GW" and record["hook_version"] == 2
    assert outcome.backup.read_bytes() == original
    assert outcome.backup.parent == sample.overrides / "backups" / "gateway"
    assert outcome.backup.stat().st_mode & 0o777 == 0o600
    assert sample.overrides.stat().st_mode & 0o777 == 0o700


def test_uninstall_keeps_changes_made_after_install(sample):
    install(sample, "gateway")
    script = sample.script("gateway")
    script.write_text(script.read_text().replace("GATEWAY_CODE=AG", "GATEWAY_CODE=AX"))
    uninstall(sample, "gateway")
    text = script.read_text()
    assert "GATEWAY_CODE=AX" in text and "JOPT_OPTIONS" not in text


def test_all_or_nothing_when_one_component_cannot_be_hooked(sample):
    before = sample.scripts()
    site = open_site(sample)
    with pytest.raises(ScriptError, match="zss/bin/start.sh: no Java launch"):
        operations.plan_install(site, site.select(["gateway", "zss"]))
    assert sample.scripts() == before
    assert not sample.overrides.exists()


def test_a_refused_first_install_leaves_no_overrides_directory(sample):
    site = open_site(sample)
    workspace = sample.overrides.parent
    assert not workspace.exists()
    with pytest.raises(ScriptError, match="zss/bin/start.sh: no Java launch"):
        operations.install(site, operations.targets(site, ["gateway", "zss"], False, "install"))
    assert not workspace.exists()  # neither the overrides directory nor the lock it would hold


def test_failed_write_rolls_back_scripts_already_written(sample, monkeypatch):
    before = sample.scripts()
    site = open_site(sample)
    changes = operations.plan_install(site, site.select(["gateway", "zaas"]))
    real = operations.fileio.atomic_write
    calls = []

    def failing(path, data, keep=None, mode=0o600):
        calls.append(path)
        if path.name == "start.sh" and "zaas" in str(path):
            raise WriteError("no space left on the file system", path=path)
        return real(path, data, keep, mode)

    monkeypatch.setattr(operations.fileio, "atomic_write", failing)
    with pytest.raises(WriteError, match="no space left on the file system; put back 1 script"):
        operations.commit(site, changes)
    assert sample.scripts() == before


def test_backups_are_pruned_to_keep(sample):
    for _ in range(4):
        install(sample, "gateway", keep=2)
        uninstall(sample, "gateway")
    assert len(backups.listing(sample.overrides, "gateway")) <= 3
    install(sample, "gateway", keep=2)
    assert len(backups.listing(sample.overrides, "gateway")) == 2


def test_a_backup_that_cannot_be_pruned_stops_no_other_components_pruning(sample):
    for _ in range(2):
        install(sample, "gateway", "discovery", keep=5)
        uninstall(sample, "gateway", "discovery")
    # a folder named like the oldest backup: the prune of gateway fails on it
    (backups.folder(sample.overrides, "gateway") / "start.sh.20000101T000000.000000Z").mkdir()
    with pytest.raises(IsADirectoryError):
        install(sample, "gateway", "discovery", keep=1)
    assert len(backups.listing(sample.overrides, "discovery")) == 1
    # the scripts stay hooked: the prune comes after the writes
    assert all(
        inspect(tuple(sample.script(c).read_text().splitlines())).state is not HookState.NONE
        for c in ("gateway", "discovery")
    )


def test_restore_puts_the_newest_backup_back(sample):
    original = sample.script("gateway").read_bytes()
    install(sample, "gateway")
    site = open_site(sample)
    change, _ = operations.plan_restore(site, site.select(["gateway"])[0])
    operations.commit(site, [change])
    assert sample.script("gateway").read_bytes() == original
    assert "gateway" not in state.load(sample.overrides).components


def test_restoring_a_hooked_backup_writes_the_hook_files_it_sources_again(sample):
    install(sample, "gateway")
    hooked = sample.script("gateway").read_bytes()
    uninstall(sample, "gateway")  # the last hook: the hook files go too
    assert not (sample.overrides / "hook").exists()
    site = open_site(sample)
    operations.restore(site, "gateway")  # the newest backup is the hooked script
    assert sample.script("gateway").read_bytes() == hooked
    assert sorted(p.name for p in (sample.overrides / "hook").iterdir()) == ["v2-trace.sh", "v2.sh"]
    assert hookfiles.problems(open_site(sample)) == []


def test_restore_refuses_when_it_would_drop_later_changes(sample):
    install(sample, "gateway")
    script = sample.script("gateway")
    script.write_text(script.read_text() + "# added by maintenance\n")
    changed = script.read_bytes()
    site = open_site(sample)
    with pytest.raises(operations.RestoreRefused) as refused:
        operations.plan_restore(site, site.select(["gateway"])[0])
    assert "-# added by maintenance" in refused.value.diff
    assert script.read_bytes() == changed
    change, _ = operations.plan_restore(site, site.select(["gateway"])[0], force=True)
    operations.commit(site, [change])
    assert b"added by maintenance" not in script.read_bytes()


def test_restore_without_backup_says_where_it_looked(sample):
    site = open_site(sample)
    with pytest.raises(ScriptError, match="no backup of gateway in .*backups/gateway"):
        operations.plan_restore(site, site.select(["gateway"])[0])


def test_hooked_lists_installed_components(sample):
    install(sample, "gateway", "zaas")
    assert [c.id for c in operations.hooked(open_site(sample))] == ["gateway", "zaas"]


def test_upgrade_when_overrides_directory_moves(sample, tmp_path):
    install(sample, "gateway")
    site = Site.open(locations.resolve(sample.zowe_yaml, overrides=tmp_path / "moved"))
    (change,) = operations.plan_install(site, site.select(["gateway"]))
    assert change.action == "upgraded" and change.note.startswith("hook parameters changed: overrides_dir")
    operations.commit(site, [change])
    found = inspect(
        tuple(sample.script("gateway").read_text().split("\n")), site.hook_params(site.select(["gateway"])[0])
    )
    assert found.state is HookState.CURRENT


def test_overrides_path_with_space_is_refused(sample, tmp_path):
    site = Site.open(locations.resolve(sample.zowe_yaml, overrides=tmp_path / "my jopt"))
    with pytest.raises(Exception, match="cannot be baked into a start script"):
        operations.plan_install(site, site.select(["gateway"]))


def _tree(root):
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None for p in sorted(root.rglob("*"))}


def test_failed_state_save_puts_scripts_back_and_removes_the_backups(sample, monkeypatch):
    install(sample, "discovery")
    before, overrides = sample.scripts(), _tree(sample.overrides)
    site = open_site(sample)
    changes = operations.plan_install(site, site.select(["gateway", "zaas"]))

    def no_space(overrides_dir, recorded):
        raise WriteError("no space left on the file system", path=overrides_dir / "state.json")

    monkeypatch.setattr(operations.state, "save", no_space)
    with pytest.raises(WriteError) as failed:
        operations.commit(site, changes)
    assert str(failed.value) == (
        f"{sample.overrides / 'state.json'}: no space left on the file system; put back 2 script(s) already written"
    )
    assert sample.scripts() == before
    assert _tree(sample.overrides) == overrides  # no backup of gateway or zaas stays behind


def test_failed_backup_removes_the_other_backups_of_the_command(sample, monkeypatch):
    site = open_site(sample)
    changes = operations.plan_install(site, site.select(["gateway", "zaas", "discovery"]))
    real = operations.backups.write

    def failing(overrides, component_id, name, data, when):
        if component_id == "zaas":
            raise WriteError("no space left on the file system", path=overrides / "backups" / "zaas" / name)
        return real(overrides, component_id, name, data, when)

    monkeypatch.setattr(operations.backups, "write", failing)
    with pytest.raises(WriteError, match=r"^backup failed, nothing written: .*/zaas/start.sh: no space left"):
        operations.commit(site, changes)
    assert not (sample.overrides / "backups").exists()


def test_a_symlinked_start_script_is_followed_and_the_note_says_so(sample, tmp_path):
    target = tmp_path / "vendor" / "start.sh"
    target.parent.mkdir()
    target.write_bytes(sample.script("zaas").read_bytes())
    sample.script("zaas").unlink()
    sample.script("zaas").symlink_to(target)

    (outcome,) = install(sample, "zaas")

    assert outcome.change.note == f"a symbolic link: jopt writes its target {target}"
    assert sample.script("zaas").is_symlink() and "jopt hook v2" in target.read_text()
    assert outcome.backup is not None and outcome.backup.name.startswith("start.sh.")
    (removed,) = uninstall(sample, "zaas")
    assert removed.change.note == f"a symbolic link: jopt writes its target {target}"
    assert sample.script("zaas").is_symlink() and "jopt hook" not in target.read_text()


# --- the `sh -n` check: a result that fails it where the script passed is never written ------


def _broken_inject(monkeypatch):
    """An inject that leaves an `if` open in zaas's script (a real `sh -n` then fails on it)."""
    real = operations.hook.inject

    def inject(text, params, known=None):
        done = real(text, params, known)
        return (
            done.with_lines((*done.lines[:-1], "if true; then", done.lines[-1])) if params.component == "zaas" else done
        )

    monkeypatch.setattr(operations.hook, "inject", inject)


def test_plan_refuses_a_result_that_would_fail_sh_n(sample, monkeypatch):
    _broken_inject(monkeypatch)
    site = open_site(sample)
    with pytest.raises(ScriptError, match=r"zaas/bin/start.sh: result would fail `sh -n` \(.*\); nothing written$"):
        operations.plan_install(site, site.select(["gateway", "zaas"]))
    assert len(operations.plan_install(site, site.select(["gateway", "zaas"]), check=False)) == 2


def test_commit_runs_the_check_while_backing_up_and_leaves_every_file_as_it_was(sample, monkeypatch):
    install(sample, "discovery")
    before, overrides = sample.scripts(), _tree(sample.overrides)
    _broken_inject(monkeypatch)
    site = open_site(sample)
    changes = operations.plan_install(site, site.select(["gateway", "zaas"]), check=False)
    with pytest.raises(ScriptError, match=r"zaas/bin/start.sh: result would fail `sh -n` \(.*\); nothing written$"):
        operations.commit(site, changes, check=True)
    assert sample.scripts() == before
    assert _tree(sample.overrides) == overrides  # the backups made meanwhile are gone again


def test_commit_checks_only_when_asked(sample, monkeypatch):
    _broken_inject(monkeypatch)
    site = open_site(sample)
    (outcome,) = operations.commit(site, operations.plan_install(site, site.select(["zaas"]), check=False))
    assert outcome.change.result == "installed"  # as a restore does: the bytes go back unchecked


def test_a_first_install_records_the_bytes_it_read_as_the_original(sample):
    script = sample.script("zaas")
    original = script.read_bytes()
    site = open_site(sample)
    (change,) = operations.plan_install(site, site.select(["zaas"]))
    assert change.unhooked == original
    operations.commit(site, [change])
    record = json.loads((sample.overrides / "state.json").read_text())["components"]["zaas"]
    assert record["original_sha256"] == state.sha256(original)
    # an upgrade (the hook is already there) finds the original by taking the hook out
    site = open_site(sample)
    upgraded = operations.plan_install(site, site.select(["zaas"]))[0]
    assert upgraded.unhooked is None


def _commit_with_check_fails(sample, error):
    """commit(check=True) of gateway and zaas raises `error`; every file is as it was."""
    before = sample.scripts()
    site = open_site(sample)
    changes = operations.plan_install(site, site.select(["gateway", "zaas"]), check=False)
    with pytest.raises(error):
        operations.commit(site, changes, check=True)
    assert sample.scripts() == before
    assert not (sample.overrides / "backups").exists()


def test_a_check_that_cannot_run_leaves_no_backup_behind(sample, monkeypatch, tmp_path):
    real = operations.fileio.sh_syntax_errors
    monkeypatch.setattr(operations.fileio, "sh_syntax_errors", lambda texts: real(texts, shell=str(tmp_path / "no-sh")))
    _commit_with_check_fails(sample, FileNotFoundError)


def test_ctrl_c_during_the_check_leaves_no_backup_behind(sample, monkeypatch):
    def interrupted(changes):
        time.sleep(0.3)  # the backups are written meanwhile
        raise KeyboardInterrupt

    monkeypatch.setattr(operations, "syntax_refusal", interrupted)
    _commit_with_check_fails(sample, KeyboardInterrupt)


def test_a_backup_folder_that_cannot_be_made_leaves_no_other_backup(sample):
    before = sample.scripts()
    (sample.overrides / "backups").mkdir(parents=True)
    (sample.overrides / "backups" / "zaas").write_text("a file where the folder goes\n")
    site = open_site(sample)
    with pytest.raises(FileExistsError):
        operations.commit(site, operations.plan_install(site, site.select(["gateway", "zaas"])))
    assert sample.scripts() == before
    assert sorted(p.name for p in (sample.overrides / "backups").iterdir()) == ["zaas"]
