"""Writing rendered files: encodings, z/OS tags, no rewrite when unchanged; choosing components."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jopt.app import optionsfiles as optionsio
from jopt.app.demo import prepare
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.options import profiles
from jopt.options.render import Request, render
from jopt.storage import zos
from jopt.zowe.locations import resolve


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site.open(resolve(prepare(tmp_path / "zowe")))


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("UTF-8", b"-Xmx1g\n\xc2\xa3\n"),
        ("ISO8859-1", b"-Xmx1g\n\xa3\n"),
        ("IBM-1047", b"`\xe7\x94\xa7\xf1\x87\x15\xb1\x15"),
    ],
)
def test_encode(encoding: str, data: bytes, tmp_path: Path) -> None:
    assert optionsio.encode("-Xmx1g\n£\n", encoding, tmp_path / "f") == data


def test_encode_refuses_what_the_code_page_lacks(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        optionsio.encode("-Dx=€", "ISO8859-1", tmp_path / "f")
    assert str(caught.value) == f"{tmp_path / 'f'}: '€' (character 4) cannot be written in ISO8859-1"


def test_default_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    assert optionsio.default_encoding() == "UTF-8"
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    assert optionsio.default_encoding() == "IBM-1047"


def test_write_creates_dir_and_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "jopt" / "java.options.GW"
    assert optionsio.write(path, b"-Xmx1g\n", "UTF-8") == "created"
    assert path.read_bytes() == b"-Xmx1g\n"
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o640


def test_write_keeps_unchanged_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "java.options.GW"
    path.write_bytes(b"-Xmx1g\n")
    os.utime(path, (1_000_000, 1_000_000))
    inode = path.stat().st_ino
    assert optionsio.write(path, b"-Xmx1g\n", "UTF-8") == "unchanged"
    assert (path.stat().st_mtime, path.stat().st_ino) == (1_000_000, inode)


def test_write_update_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "java.options.GW"
    path.write_bytes(b"-Xmx1g\n")
    path.chmod(0o604)
    assert optionsio.write(path, b"-Xmx2g\n", "UTF-8") == "updated"
    assert (path.read_bytes(), path.stat().st_mode & 0o777) == (b"-Xmx2g\n", 0o604)
    assert [p.name for p in tmp_path.iterdir()] == ["java.options.GW"]


def test_write_on_zos_tags_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fp) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    fp.register(["chtag", "-tc", "IBM-1047", fp.any()])
    path = tmp_path / "java.options.GW"
    assert optionsio.write(path, "-Xmx1g\n".encode("cp1047"), "IBM-1047") == "created"
    assert fp.call_count(["chtag", "-tc", "IBM-1047", fp.any()]) == 1
    [call] = fp.calls
    assert Path(call[3]).parent == tmp_path and Path(call[3]).name.startswith(".jopt-")
    assert optionsio.read_text(path, "IBM-1047") == "-Xmx1g\n"


def test_targets_named(site: Site) -> None:
    targets, how = optionsio.targets(site, ("gateway",), False, "openj9")
    assert how is None
    [target] = targets
    assert (target.context.component, target.context.tag) == ("gateway", "GW")
    assert target.context.overrides == str(site.locations.overrides)
    assert target.context.logs == str(site.locations.logs)
    assert target.warnings == (
        "gateway: the jopt hook is not installed, so the JVM will not read this file; run `jopt install gateway`",
    )


def test_targets_default_to_hooked_components(site: Site) -> None:
    with pytest.raises(ConfigError, match="no component has the jopt hook installed"):
        optionsio.targets(site, (), False, "openj9")
    from jopt.app import hooking as operations

    operations.commit(site, operations.plan_install(site, site.select(["zaas"])), 3)
    targets, how = optionsio.targets(Site.open(site.locations), (), False, "openj9")
    assert [t.context.component for t in targets] == ["zaas"]
    assert how == "Rendering for the components with the jopt hook installed: zaas"
    assert targets[0].warnings == ()


def test_zowe_heap_note_names_only_the_sizes_zowe_yaml_sets(tmp_path: Path) -> None:
    zowe_yaml = prepare(tmp_path / "zowe")
    zowe_yaml.write_text(zowe_yaml.read_text().replace("      init: 64\n", "", 1))
    site = Site.open(resolve(zowe_yaml))
    targets, _ = optionsio.targets(site, ("apiml",), False, "openj9")
    result = render(Request(profiles.find_all(["heap"], None)), [t.context for t in targets])
    assert optionsio.zowe_heap_notes(site, result.outputs) == [
        "apiml: zowe.yaml also sets components.apiml.heap (max 1024, megabytes); "
        "this file's -Xms/-Xmx come later on the java command line and win"
    ]


def test_targets_hotspot_warns_about_openj9_file(site: Site) -> None:
    site.locations.overrides.mkdir(parents=True)
    (site.locations.overrides / "java.options.GW").write_text("-Xmx1g\n")
    [target], _ = optionsio.targets(site, ("gateway",), False, "hotspot")
    assert (
        target.warnings[-1]
        == "gateway: java.options.GW also exists and the hook uses it first; remove it to use the argfile"
    )


def test_zowe_heap_note_for_a_component_with_heap_in_zowe_yaml(site: Site) -> None:
    targets, _ = optionsio.targets(site, ("apiml", "gateway"), False, "openj9")
    result = render(Request(profiles.find_all(["heap"], None)), [t.context for t in targets])
    assert optionsio.zowe_heap_notes(site, result.outputs) == [
        "apiml: zowe.yaml also sets components.apiml.heap (init 64, max 1024, megabytes); "
        "this file's -Xms/-Xmx come later on the java command line and win"
    ]
    jit = render(Request(profiles.find_all(["jit"], None)), [t.context for t in targets])
    assert optionsio.zowe_heap_notes(site, jit.outputs) == []
