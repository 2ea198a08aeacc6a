"""`jopt cache COMPONENT` through click, on a stub OpenJ9 that prints OpenJ9's own output shapes."""

from __future__ import annotations

import json
import os
import pwd
from pathlib import Path

import pytest
from stub_openj9 import StubJava

from jopt.storage import zos


def render(jopt, *sets: str, component: str = "gateway") -> None:  # type: ignore[no-untyped-def]
    args = ["render", "--profile", "shareclasses"] + [w for s in sets for w in ("--set", s)] + [component]
    result = jopt(*args)
    assert result.exit_code == 0, result.output


@pytest.fixture
def cache_dir(sample) -> Path:  # type: ignore[no-untyped-def]
    folder = sample.overrides / "shareclasses"
    folder.mkdir(parents=True)
    return folder


def stub(
    tmp_path: Path, listing: str = "listallcaches-persistent.txt", stats: str = "printstats-healthy.txt"
) -> StubJava:
    return StubJava(tmp_path / "openj9", listing, stats)


def test_cache_gateway_shows_the_figures_exactly_and_the_cache_it_asked_about(
    jopt, cache_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    java = stub(tmp_path)
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert result.exit_code == 0, result.output
    assert java.runs() == [
        [str(java.path), f"-Xshareclasses:cacheDir={cache_dir},groupAccess,listAllCaches"],
        [str(java.path), f"-Xshareclasses:name=zowe_gateway,cacheDir={cache_dir},groupAccess,printStats"],
    ]
    option = f"-Xshareclasses:name=zowe_gateway,cacheDir={cache_dir},cacheDirPerm=0770,groupAccess,nonfatal"
    assert result.output == (
        f"gateway: cache zowe_gateway in {cache_dir}\n"
        f"  from      java.options.GW: {option}\n"
        f"  java      {java.path} (--java)\n"
        f"  owner     {pwd.getpwuid(os.getuid()).pw_name} (uid {os.getuid()})\n"
        f"  ran       {java.path} -Xshareclasses:cacheDir={cache_dir},groupAccess,listAllCaches\n"
        f"  ran       {java.path} -Xshareclasses:name=zowe_gateway,cacheDir={cache_dir},groupAccess,printStats\n"
        "  type      persistent (Java17 64-bit, cr)\n"
        "  in use    yes: a JVM is attached to it now\n"
        "  size      134,217,120 bytes (128.0 MiB)\n"
        "  soft max  134,217,120 bytes (128.0 MiB)\n"
        "  free      46,842,864 bytes (44.7 MiB)\n"
        "  used      65%\n"
        "  ROMClass  61,538,952 bytes (58.7 MiB), 14,211 classes\n"
        "  AOT       18,220,336 bytes (17.4 MiB), 5,232 methods\n"
        "  stale     0 classes (0%)\n"
        "\n"
        "no problems found\n"
    )


def test_cache_json_carries_the_exact_commands_and_figures(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt, "persistent=true")
    java = stub(tmp_path)
    result = jopt("cache", "gateway", "--java", str(java.path), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["schema"] == "jopt-cache/1"
    assert doc["cache"] == {
        "name": "zowe_gateway", "cache_dir": str(cache_dir), "directory": str(cache_dir), "persistence": "persistent",
        "source": "java.options.GW",
        "option": f"-Xshareclasses:name=zowe_gateway,cacheDir={cache_dir},cacheDirPerm=0770,groupAccess,nonfatal,persistent",
    }  # fmt: skip
    assert doc["commands"]["print_stats"] == [
        str(java.path),
        f"-Xshareclasses:name=zowe_gateway,cacheDir={cache_dir},groupAccess,persistent,printStats",
    ]
    assert doc["stats"]["cache_size"] == 134217120 and doc["stats"]["percent_used"] == 65
    assert doc["stats"]["romclass_bytes"] == 61538952 and doc["stats"]["romclasses"] == 14211
    assert (doc["persistent"], doc["findings"]) == (True, [])


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if line.startswith("warning: ")]


def test_warns_about_a_non_persistent_cache(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    java = stub(tmp_path, listing="listallcaches-zos-nonpersistent.txt")
    result = jopt("cache", "discovery", "--java", str(java.path))
    assert result.exit_code == 1  # discovery has no options file and this is not z/OS: no cache to check
    render(jopt, "name=zowe_discovery", component="discovery")
    result = jopt("cache", "discovery", "--java", str(java.path))
    assert codes(result) == ["warning: cache zowe_discovery is non-persistent (shared memory)"]
    save = f"{java.path} -Xshareclasses:name=zowe_discovery,cacheDir={cache_dir},groupAccess,nonpersistent"
    assert (
        "  fix: render the options with a persistent cache: jopt render --profile shareclasses --set persistent=true discovery "
        in result.output
    )
    assert (
        f"{save},snapshotCache ; and put it back before the next start: {save},restoreFromSnapshot\n" in result.output
    )


def test_warns_about_a_cache_that_does_not_exist(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    java = stub(tmp_path, listing="listallcaches-zos-nonpersistent.txt", stats="printstats-jvmshrc023e.txt")
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert codes(result) == [
        f"warning: cache zowe_gateway does not exist in {cache_dir} (JVMSHRC023E); "
        "caches there: apiml_shared_classes, zowe_discovery"
    ]


def test_a_missing_cache_directory_is_reported_without_running_the_jvm(jopt, tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    java = stub(tmp_path)
    result = jopt("cache", "gateway", "--java", str(java.path))
    missing = sample.overrides / "shareclasses"
    assert codes(result) == [
        f"warning: cache zowe_gateway does not exist in {missing} (the directory does not exist); "
        "there is no cache there at all"
    ]
    assert "  ran       nothing: the JVM would create the missing directory as you\n" in result.output
    assert java.runs() == [] and not missing.exists()  # the JVM would have created it as this user


def test_warns_about_a_nearly_full_cache(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    java = stub(tmp_path, stats="printstats-nearly-full.txt")
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert codes(result) == ["warning: cache zowe_gateway is 97% of its soft maximum"]
    assert "  used      97% of the soft maximum\n" in result.output


def test_warns_about_very_few_classes_after_a_full_start(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt, "name=apiml_shared_classes")
    java = stub(tmp_path, listing="listallcaches-zos-nonpersistent.txt", stats="printstats-few-classes.txt")
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert codes(result) == [
        "warning: cache apiml_shared_classes is non-persistent (shared memory)",
        "warning: cache apiml_shared_classes holds only 1,874 classes after a full start",
    ]
    assert "jar:nested: URLs, which OpenJ9 does not store in the cache (eclipse-openj9/openj9#21249" in result.output


def test_warns_about_two_components_writing_one_cache(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt, "name=zowe_shared")
    render(jopt, "name=zowe_shared", component="zaas")
    java = stub(tmp_path)
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert codes(result) == ["warning: cache zowe_shared is also the cache of zaas"]


def test_warns_when_the_jvm_cannot_open_the_cache(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt, "persistent=true")
    java = stub(tmp_path, listing="listallcaches-none.txt", stats="printstats-jvmshrc245e-zos.txt")
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert codes(result) == [
        "warning: the JVM cannot open cache zowe_gateway: JVMSHRC245E Error mapping shared class cache file; "
        "JVMSHRC840E Failed to start up the shared cache. (platform: EDC5132I Not enough memory.)"
    ]
    assert "raise MAXSHARE for the started task's jobs in SYS1.PARMLIB(SMFLIMxx)" in result.output


def test_warns_when_the_jvm_may_not_use_the_cache(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    java = stub(tmp_path, listing="listallcaches-none.txt", stats="printstats-permission-zos.txt")
    result = jopt("cache", "gateway", "--java", str(java.path))
    (line,) = codes(result)
    assert line.startswith(
        "warning: the JVM cannot open cache zowe_gateway: JVMSHRC022E Error creating shared memory region"
    )
    assert line.endswith("(platform: EDC5111I Permission denied.)")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a directory away")
def test_root_on_the_started_tasks_cache_is_a_clear_message(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    cache_file = cache_dir / "C290M17F1A64_zowe_gateway_G43L00"
    cache_file.write_bytes(b"")
    os.chown(cache_file, 990, 990)  # the started task's user (no name on this machine)
    java = stub(tmp_path)
    result = jopt("cache", "gateway", "--java", str(java.path))
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {cache_dir}: the cache belongs to uid 990 and jopt runs as root: a JVM run by root can leave "
        "cache control files only root may use, and then uid 990's started task cannot attach its cache. Run it as "
        "uid 990: su -s uid 990 -c 'jopt cache ...' on z/OS (needs READ on SURROGAT BPX.SRV.uid 990), "
        "sudo -u uid 990 jopt cache ... elsewhere\n"
    )
    assert java.runs() == []


def test_zowe_default_cache_on_zos_for_api_ml(jopt, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    java = stub(tmp_path)
    result = jopt("cache", "gateway", "--java", str(java.path), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["cache"] == {
        "name": "apiml_shared_classes", "cache_dir": None, "directory": "/tmp/javasharedresources",
        "persistence": None, "source": "Zowe's default on z/OS (apiml-common-scripts.sh)",
        "option": "-Xshareclasses:name=apiml_shared_classes,nonfatal,silent",
    }  # fmt: skip
    if not Path("/tmp/javasharedresources").is_dir():
        assert [f["code"] for f in doc["findings"]] == ["missing"] and java.runs() == []


def test_no_jvm_at_zowe_yaml_java_home_is_a_one_line_error(jopt, sample) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    result = jopt("cache", "gateway")
    assert result.exit_code == 1
    assert result.output == (
        "jopt: error: /usr/lpp/java/J17.0_64/bin/java: no JVM there (zowe.yaml java.home); "
        "give the component's JVM with --java PATH\n"
    )


def test_a_hotspot_jvm_is_a_one_line_error(jopt, cache_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    render(jopt)
    hotspot = tmp_path / "hotspot" / "java"
    hotspot.parent.mkdir()
    hotspot.write_text(
        "#!/bin/sh\necho \"Unrecognized option: $1\" >&2\necho 'Error: Could not create the Java Virtual Machine.' >&2\nexit 1\n"
    )
    hotspot.chmod(0o755)
    result = jopt("cache", "gateway", "--java", str(hotspot))
    assert result.exit_code == 1
    assert result.output == (
        f"jopt: error: {hotspot}: printed no cache statistics (an OpenJ9 JVM is needed); it said: "
        f"Unrecognized option: -Xshareclasses:name=zowe_gateway,cacheDir={cache_dir},groupAccess,printStats\n"
    )


def test_a_component_without_a_cache_is_a_one_line_error(jopt) -> None:  # type: ignore[no-untyped-def]
    result = jopt("cache", "gateway", "--java", "/bin/true")
    assert result.exit_code == 1
    assert result.output == (
        "jopt: error: gateway: its JVM names no shared classes cache (no -Xshareclasses in its options file, "
        "and Zowe sets one only on z/OS); render one: jopt render --profile shareclasses gateway\n"
    )
