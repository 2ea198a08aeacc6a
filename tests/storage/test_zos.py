"""z/OS file attributes: the tag read with `chtag -p` (else `ls -T`) and put on the temp file
before the rename; `extattr` flags a rewrite drops are warned about. The commands are faked."""

from __future__ import annotations

import json
from pathlib import Path

import ebcdic  # noqa: F401  (registers the cp1047 codec)
import pytest

from jopt.app import hookfiles
from jopt.app import hooking as operations
from jopt.app.site import Site
from jopt.errors import WriteError
from jopt.script import hook, scripttext
from jopt.storage import zos
from jopt.storage.fileio import TEMP_PREFIX, FileFacts, atomic_write
from jopt.zowe.locations import resolve

TAGGED_1047 = "t IBM-1047    T=on  {}\n"
UNTAGGED = "- untagged    T=off {}\n"
MIXED_8859 = "m ISO8859-1   T=off {}\n"
#: `extattr FILE` on z/OS: the path, then one line per attribute (defaults of an executable file).
EXTATTR_DEFAULT = "{}\n    APF authorized = NO\n    Program controlled = NO\n    Shared address space = YES\n    Shared library = NO\n"


@pytest.fixture
def on_zos(monkeypatch, request):
    """z/OS, faked; with the sample runtime, jopt's hook files are there already (IBM-1047),
    as an earlier install left them: these tests follow the start script's own tag.
    test_first_install_writes_the_hook_files_in_ibm_1047_and_tags_them covers those files."""
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    if "sample" in request.fixturenames:
        site = _site(request.getfixturevalue("sample"))
        for item in hookfiles.wanted(site):
            item.path.parent.mkdir(parents=True, exist_ok=True)
            item.path.write_bytes(item.data)


@pytest.fixture
def gateway(sample) -> Path:
    return sample.script("gateway").resolve()


def _site(sample) -> Site:
    return Site.open(resolve(sample.zowe_yaml))


def _install(sample) -> None:
    site = _site(sample)
    operations.commit(site, operations.plan_install(site, site.select(["gateway"])))


def _uninstall(sample) -> None:
    site = _site(sample)
    operations.commit(site, operations.plan_uninstall(site, site.select(["gateway"])))


class TagSpy:
    """Fakes `chtag`: answers `-p` for the script; records what each tagging call found."""

    def __init__(self, fp, script: Path, listing: str, extattr: str = EXTATTR_DEFAULT):
        self.fp = fp
        self.script = script
        self.seen: list[dict[str, object]] = []
        fp.allow_unregistered(True)  # `sh -n` runs for real
        fp.keep_last_process(True)
        fp.register(["chtag", "-p", str(script)], stdout=listing.format(script))
        fp.register(["extattr", str(script)], stdout=extattr.format(script))
        for flag in (["-tc", fp.any(min=2, max=2)], ["-mc", fp.any(min=2, max=2)], ["-r", fp.any(min=1, max=1)]):
            fp.register(["chtag", *flag], callback=self._snapshot)

    def _snapshot(self, process) -> None:  # type: ignore[no-untyped-def]
        temp = Path(process.args[-1])
        self.seen.append(
            {
                "temp": temp,
                "temp_bytes": temp.read_bytes() if temp.exists() else None,
                "script_bytes": self.script.read_bytes(),
            }
        )

    @property
    def calls(self) -> list[list[str]]:
        return [[str(a) for a in call] for call in self.fp.calls if str(call[0]) in ("chtag", "extattr", "ls")]


def _check_tagged_before_rename(spy: TagSpy, before: bytes, after: bytes) -> Path:
    (seen,) = spy.seen
    temp = seen["temp"]
    assert isinstance(temp, Path)
    assert temp.parent == spy.script.parent
    assert temp.name.startswith(TEMP_PREFIX) and temp.name.endswith(".tmp")
    assert seen["temp_bytes"] == after  # the temp holds the new text when it is tagged ...
    assert seen["script_bytes"] == before  # ... and the script is not replaced yet
    assert not temp.exists()
    assert not list(spy.script.parent.glob(f"{TEMP_PREFIX}*"))
    return temp


def test_install_tags_the_temp_file_before_the_rename(sample, gateway, on_zos, fp):
    text = gateway.read_text()
    original = text.encode("cp1047")
    gateway.write_bytes(original)
    spy = TagSpy(fp, gateway, TAGGED_1047)

    _install(sample)

    hooked = gateway.read_bytes()
    temp = _check_tagged_before_rename(spy, original, hooked)
    assert spy.calls == [
        ["chtag", "-p", str(gateway)],
        ["extattr", str(gateway)],
        ["chtag", "-tc", "IBM-1047", str(temp)],
    ]
    assert b"\n" not in hooked
    params = _site(sample).hook_params(_site(sample).select(["gateway"])[0])
    assert hooked.decode("cp1047") == hook.inject(scripttext.split(text), params).join()
    assert "# >>> jopt hook v2 component=gateway tag=GW dir=" in hooked.decode("cp1047")


def test_uninstall_gives_the_original_ebcdic_bytes_back(sample, gateway, on_zos, fp):
    original = gateway.read_text().encode("cp1047")
    gateway.write_bytes(original)
    spy = TagSpy(fp, gateway, TAGGED_1047)
    _install(sample)
    hooked = gateway.read_bytes()
    fp.calls.clear()
    spy.seen.clear()

    _uninstall(sample)

    assert gateway.read_bytes() == original
    temp = _check_tagged_before_rename(spy, hooked, original)
    assert spy.calls == [
        ["chtag", "-p", str(gateway)],
        ["extattr", str(gateway)],
        ["chtag", "-tc", "IBM-1047", str(temp)],
    ]


def test_untagged_script_gets_its_tag_removed_again(sample, gateway, on_zos, fp):
    original = gateway.read_text().encode("cp1047")  # untagged: EBCDIC found from 0x15 newlines
    gateway.write_bytes(original)
    spy = TagSpy(fp, gateway, UNTAGGED)

    _install(sample)

    temp = _check_tagged_before_rename(spy, original, gateway.read_bytes())
    assert spy.calls == [["chtag", "-p", str(gateway)], ["extattr", str(gateway)], ["chtag", "-r", str(temp)]]
    assert "jopt hook v2" in gateway.read_bytes().decode("cp1047")


def test_mixed_tag_is_kept_as_mixed(sample, gateway, on_zos, fp):
    original = gateway.read_bytes()  # ASCII, tagged ISO8859-1 without the text flag
    spy = TagSpy(fp, gateway, MIXED_8859)

    _install(sample)

    temp = _check_tagged_before_rename(spy, original, gateway.read_bytes())
    assert spy.calls == [
        ["chtag", "-p", str(gateway)],
        ["extattr", str(gateway)],
        ["chtag", "-mc", "ISO8859-1", str(temp)],
    ]
    assert "jopt hook v2" in gateway.read_text(encoding="iso8859-1")


def test_install_through_the_cli_tags_only_the_rewritten_script(sample, jopt, gateway, on_zos, fp):
    original = gateway.read_text().encode("cp1047")
    gateway.write_bytes(original)
    spy = TagSpy(fp, gateway, TAGGED_1047)
    for other in sample.root.rglob("start.sh"):
        if other.resolve() != gateway:
            fp.register(["chtag", "-p", str(other.resolve())], stdout=UNTAGGED.format(other.resolve()))

    done = jopt("install", "gateway")

    assert done.exit_code == 0, done.output
    temp = _check_tagged_before_rename(spy, original, gateway.read_bytes())
    reads = [call for call in spy.calls if call[:2] == ["chtag", "-p"]]
    writes = [call for call in spy.calls if call[0] == "chtag" and call[1] != "-p"]
    assert writes == [["chtag", "-tc", "IBM-1047", str(temp)]]
    at = spy.calls.index(writes[0])
    assert spy.calls[at - 2 : at + 1] == [["chtag", "-p", str(gateway)], ["extattr", str(gateway)], writes[0]]
    assert {call[2] for call in reads} <= {str(p.resolve()) for p in sample.root.rglob("start.sh")}
    assert done.stdout.startswith(f"gateway: installed {sample.script('gateway')}\n")
    assert "extattr" not in done.stderr  # default attributes: nothing lost, nothing to say
    assert "jopt hook v2" in gateway.read_bytes().decode("cp1047")


def _tagged_script_whose_tagging_fails(gateway, fp) -> bytes:
    """The gateway script in IBM-1047, tagged so; `chtag -tc` of the temp file fails. Its bytes."""
    original = gateway.read_text().encode("cp1047")
    gateway.write_bytes(original)
    fp.allow_unregistered(True)
    fp.keep_last_process(True)
    fp.register(["chtag", "-p", str(gateway)], stdout=TAGGED_1047.format(gateway))
    fp.register(["extattr", str(gateway)], stdout=EXTATTR_DEFAULT.format(gateway))
    fp.register(["chtag", "-tc", "IBM-1047", fp.any(min=1, max=1)], returncode=1, stderr="FSUM6180 file not found\n")
    return original


def test_failed_tagging_leaves_the_script_and_no_temp_file(sample, gateway, on_zos, fp):
    original = _tagged_script_whose_tagging_fails(gateway, fp)

    with pytest.raises(WriteError) as failed:
        _install(sample)

    assert str(failed.value).endswith(
        ": chtag -tc IBM-1047 failed: FSUM6180 file not found; put back 0 script(s) already written"
    )
    assert gateway.read_bytes() == original
    assert not list(gateway.parent.glob(f"{TEMP_PREFIX}*"))


def test_failed_tagging_names_the_script(sample, gateway, on_zos, fp):
    _tagged_script_whose_tagging_fails(gateway, fp)

    with pytest.raises(WriteError) as failed:
        _install(sample)

    assert str(failed.value) == (
        f"{gateway}: chtag -tc IBM-1047 failed: FSUM6180 file not found; put back 0 script(s) already written"
    )


def test_jopt_files_are_written_without_tags(sample, gateway, on_zos, fp):
    spy = TagSpy(fp, gateway, UNTAGGED)

    _install(sample)

    tagged = [call[-1] for call in spy.calls if call[0] == "chtag" and call[1] != "-p"]
    assert len(tagged) == 1 and Path(tagged[0]).parent == gateway.parent
    assert (sample.overrides / "state.json").is_file()
    assert len(list((sample.overrides / "backups" / "gateway").iterdir())) == 1


# --- zos.py units --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ("t IBM-1047    T=on  /u/zowe/start.sh", zos.FileTag("IBM-1047", True)),
        ("t IBM-1047    T=on  /u/zowe/start.sh\n", zos.FileTag("IBM-1047", True)),
        ("t ISO8859-1   T=on  /u/zowe/start.sh", zos.FileTag("ISO8859-1", True)),
        ("t UTF-8       T=on  /u/zowe/start.sh", zos.FileTag("UTF-8", True)),
        ("m ISO8859-1   T=off /u/zowe/start.sh", zos.FileTag("ISO8859-1", False)),
        ("m IBM-1047    T=off /u/zowe/start.sh", zos.FileTag("IBM-1047", False)),
        ("- untagged    T=off /u/zowe/start.sh", zos.FileTag(None, False)),
        ("- untagged    T=off /u/zowe/dir with space/start.sh", zos.FileTag(None, False)),
    ],
)
def test_parse_chtag(line, tag):
    assert zos.parse_chtag(line) == tag


@pytest.mark.parametrize("line", ["", "\n", "t IBM-1047", "FSUM6180 chtag: file not found", "t IBM-1047 on /x"])
def test_parse_chtag_refuses_other_output(line):
    with pytest.raises(ValueError) as refused:
        zos.parse_chtag(line)
    assert str(refused.value) == f"unexpected chtag -p output: {line.strip()!r}"


@pytest.mark.parametrize(
    ("tag", "command"),
    [
        (zos.FileTag("IBM-1047", True), ["chtag", "-tc", "IBM-1047", "/d/f"]),
        (zos.FileTag("ISO8859-1", False), ["chtag", "-mc", "ISO8859-1", "/d/f"]),
        (zos.FileTag(None, False), ["chtag", "-r", "/d/f"]),
    ],
)
def test_tag_command(tag, command):
    assert zos.tag_command(Path("/d/f"), tag) == command


def test_read_tag_runs_chtag_p(fp, tmp_path):
    path = tmp_path / "start.sh"
    fp.register(["chtag", "-p", str(path)], stdout=TAGGED_1047.format(path))
    assert zos.read_tag(path) == zos.FileTag("IBM-1047", True)
    assert list(fp.calls) == [["chtag", "-p", str(path)]]


def test_read_tag_failure_names_the_file_and_both_commands(fp, tmp_path):
    path = tmp_path / "start.sh"
    fp.register(["chtag", "-p", str(path)], returncode=1, stderr="FSUM6180 file not found\n")
    fp.register(["ls", "-T", str(path)], returncode=1, stderr="ls: FSUM6785 File or directory not found\n")
    with pytest.raises(WriteError) as failed:
        zos.read_tag(path)
    assert str(failed.value) == (
        f"{path}: chtag -p failed: FSUM6180 file not found; ls -T failed: ls: FSUM6785 File or directory not found"
    )
    assert list(fp.calls) == [["chtag", "-p", str(path)], ["ls", "-T", str(path)]]


def test_read_tag_falls_back_to_ls_T(fp, tmp_path):
    path = tmp_path / "start.sh"
    fp.register(["chtag", "-p", str(path)], returncode=1, stderr="FSUM7351 not found\n")
    fp.register(
        ["ls", "-T", str(path)],
        stdout=f"t IBM-1047    T=on  -rwxr-xr-x   1 ZWESVUSR ZWEADMIN  4711 Nov 24 00:00 {path}\n",
    )
    assert zos.read_tag(path) == zos.FileTag("IBM-1047", True)
    assert list(fp.calls) == [["chtag", "-p", str(path)], ["ls", "-T", str(path)]]


def test_read_tag_when_chtag_is_not_installed(fp, tmp_path):
    path = tmp_path / "start.sh"

    def missing(process):  # type: ignore[no-untyped-def]
        raise FileNotFoundError(2, "No such file or directory")

    fp.register(["chtag", "-p", str(path)], callback=missing)
    fp.register(
        ["ls", "-T", str(path)],
        stdout=f"m ISO8859-1   T=off -rwxr-xr-x   1 ZWESVUSR ZWEADMIN  4711 Nov 24 00:00 {path}\n",
    )
    assert zos.read_tag(path) == zos.FileTag("ISO8859-1", False)


def test_read_tag_refuses_output_it_cannot_read(fp, tmp_path):
    path = tmp_path / "start.sh"
    fp.register(["chtag", "-p", str(path)], stdout="something else\n")
    with pytest.raises(WriteError) as failed:
        zos.read_tag(path)
    assert str(failed.value) == f"{path}: cannot read the file tag: unexpected chtag -p output 'something else'"


def test_atomic_write_tag_failure_discards_the_temp_file(fp, tmp_path):
    target = tmp_path / "start.sh"
    target.write_bytes(b"old\n")
    fp.register(["chtag", "-mc", "ISO8859-1", fp.any(min=1, max=1)], returncode=2, stderr="FSUM1234 no\n")
    keep = FileFacts(0o644, target.stat().st_uid, target.stat().st_gid, zos.FileTag("ISO8859-1", False))

    with pytest.raises(WriteError) as failed:
        atomic_write(target, b"new\n", keep)

    assert str(failed.value).endswith(": chtag -mc ISO8859-1 failed: FSUM1234 no")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["start.sh"]
    assert len([call for call in fp.calls if call[0] == "chtag"]) == 1


def test_binary_tag_is_kept_as_binary():
    tag = zos.parse_chtag("b binary      T=off /x/start.sh")
    assert tag == zos.FileTag(None, False, binary=True)
    assert zos.tag_command(Path("/x/start.sh"), tag) == ["chtag", "-b", "/x/start.sh"]


# --- extended attributes (extattr) ----------------------------------------------------------


def _extattr(apf: str = "NO", progctl: str = "NO", shareas: str = "YES", sharelib: str = "NO") -> str:
    return (
        "{}\n"
        f"    APF authorized = {apf}\n    Program controlled = {progctl}\n"
        f"    Shared address space = {shareas}\n    Shared library = {sharelib}\n"
    )


@pytest.mark.parametrize(
    ("output", "flags"),
    [
        (_extattr(), frozenset({"s"})),
        (_extattr(apf="YES", shareas="NO"), frozenset({"a"})),
        (_extattr(progctl="YES", sharelib="YES"), frozenset({"p", "l", "s"})),
        ("/x/start.sh\nAPF authorized = YES\n", frozenset({"a"})),
    ],
)
def test_parse_extattr(output, flags):
    assert zos.parse_extattr(output.format("/x/start.sh")) == flags


def test_extattr_warnings_name_what_a_rewrite_loses_and_the_command_to_put_it_back():
    path = Path("/u/zowe/components/gateway/bin/start.sh")
    assert zos.extattr_warnings(path, frozenset({"s"})) == []
    assert zos.extattr_warnings(path, frozenset({"a", "p", "l"})) == [
        f"{path}: the rewritten file loses the APF-authorized extended attribute (a); "
        f"put it back with `extattr +a {path}` (needs READ on BPX.FILEATTR.APF)",
        f"{path}: the rewritten file loses the shared-library extended attribute (l); "
        f"put it back with `extattr +l {path}` (needs READ on BPX.FILEATTR.SHARELIB)",
        f"{path}: the rewritten file loses the program-controlled extended attribute (p); "
        f"put it back with `extattr +p {path}` (needs READ on BPX.FILEATTR.PROGCTL)",
        f"{path}: the rewritten file loses the not-shared-address-space extended attribute (s); "
        f"put it back with `extattr -s {path}`",
    ]
    assert zos.extattr_warnings(path, None) == [
        f"{path}: extattr could not show its extended attributes; check them with `extattr {path}` after this change"
    ]


def test_install_warns_on_stderr_about_extended_attributes_the_rename_drops(sample, jopt, gateway, on_zos, fp):
    spy = TagSpy(fp, gateway, UNTAGGED, extattr=_extattr(apf="YES", progctl="YES"))
    for other in sample.root.rglob("start.sh"):
        if other.resolve() != gateway:
            fp.register(["chtag", "-p", str(other.resolve())], stdout=UNTAGGED.format(other.resolve()))
            fp.register(["extattr", str(other.resolve())], stdout=_extattr().format(other.resolve()))

    done = jopt("install", "gateway")

    assert done.exit_code == 0, done.output
    assert done.stderr == (
        f"jopt: warning: {gateway}: the rewritten file loses the APF-authorized extended attribute (a); "
        f"put it back with `extattr +a {gateway}` (needs READ on BPX.FILEATTR.APF)\n"
        f"jopt: warning: {gateway}: the rewritten file loses the program-controlled extended attribute (p); "
        f"put it back with `extattr +p {gateway}` (needs READ on BPX.FILEATTR.PROGCTL)\n"
    )
    temp = next(c[-1] for c in spy.calls if c[:2] == ["chtag", "-r"])
    at = spy.calls.index(["chtag", "-r", temp])
    assert spy.calls[at - 2 : at + 1] == [
        ["chtag", "-p", str(gateway)],
        ["extattr", str(gateway)],
        ["chtag", "-r", temp],
    ]


def test_dry_run_warns_too_and_a_second_install_does_not(sample, jopt, gateway, on_zos, fp):
    TagSpy(fp, gateway, UNTAGGED, extattr=_extattr(sharelib="YES"))
    for other in sample.root.rglob("start.sh"):
        if other.resolve() != gateway:
            fp.register(["chtag", "-p", str(other.resolve())], stdout=UNTAGGED.format(other.resolve()))
            fp.register(["extattr", str(other.resolve())], stdout=_extattr().format(other.resolve()))
    warning = (
        f"jopt: warning: {gateway}: the rewritten file loses the shared-library extended attribute (l); "
        f"put it back with `extattr +l {gateway}` (needs READ on BPX.FILEATTR.SHARELIB)\n"
    )

    assert jopt("install", "gateway", "--dry-run").stderr == warning
    assert jopt("install", "gateway").stderr == warning
    assert jopt("install", "gateway").stderr == ""  # unchanged: nothing rewritten, nothing lost


def test_tag_from_ls_T_when_chtag_fails_commands_in_order(sample, gateway, on_zos, fp):
    original = gateway.read_text().encode("cp1047")
    gateway.write_bytes(original)
    fp.allow_unregistered(True)
    fp.keep_last_process(True)
    fp.register(["chtag", "-p", str(gateway)], returncode=1, stderr="FSUM7351 not found\n")
    fp.register(
        ["ls", "-T", str(gateway)], stdout=f"t IBM-1047    T=on  -rwxr-xr-x 1 U G 4711 Nov 24 00:00 {gateway}\n"
    )
    fp.register(["extattr", str(gateway)], stdout=_extattr().format(gateway))
    fp.register(["chtag", "-tc", "IBM-1047", fp.any(min=1, max=1)])

    _install(sample)

    calls = [[str(a) for a in c] for c in fp.calls if str(c[0]) in ("chtag", "ls", "extattr")]
    temp = calls[-1][-1]
    assert calls == [
        ["chtag", "-p", str(gateway)],
        ["ls", "-T", str(gateway)],
        ["extattr", str(gateway)],
        ["chtag", "-tc", "IBM-1047", temp],
    ]
    assert Path(temp).parent == gateway.parent and not Path(temp).exists()
    assert "jopt hook v2" in gateway.read_bytes().decode("cp1047")


def test_first_install_writes_the_hook_files_in_ibm_1047_and_tags_them(sample, gateway, monkeypatch, fp):
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    spy = TagSpy(fp, gateway, UNTAGGED)

    _install(sample)

    hook_dir = sample.overrides / "hook"
    tagged = [call for call in spy.calls if call[:3] == ["chtag", "-tc", "IBM-1047"]]
    assert [Path(call[-1]).parent for call in tagged] == [hook_dir, hook_dir]
    assert all(Path(call[-1]).name.startswith(TEMP_PREFIX) and not Path(call[-1]).exists() for call in tagged)
    script_write = next(call for call in spy.calls if call[:2] == ["chtag", "-r"])
    assert spy.calls.index(tagged[-1]) < spy.calls.index(script_write)  # written before the script
    for name in ("v2.sh", "v2-trace.sh"):
        data = (hook_dir / name).read_bytes()
        assert b"\n" not in data and data.decode("cp1047").startswith("# jopt hook v2")
        assert data in [seen["temp_bytes"] for seen in spy.seen]  # the temp file held them when it was tagged
    recorded = json.loads((sample.overrides / "state.json").read_text())["hook_files"]
    assert set(recorded) == {"hook/v2.sh", "hook/v2-trace.sh"}
