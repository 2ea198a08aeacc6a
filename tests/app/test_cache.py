"""jopt.app.cache: which cache a component's JVM uses, which JVM asks, who may ask, the exact commands."""

from __future__ import annotations

import os
from pathlib import Path

import ebcdic  # noqa: F401  (registers cp1047)
import pytest

from jopt.app import cache
from jopt.app.cache import CacheSpec
from jopt.app.site import Site
from jopt.errors import ConfigError
from jopt.storage import zos
from jopt.zowe.locations import resolve

OPTION = "-Xshareclasses:name=zowe_gateway,cacheDir=/z/sc,groupAccess,nonfatal"


@pytest.fixture
def site(sample) -> Site:  # type: ignore[no-untyped-def]
    return Site.open(resolve(sample.zowe_yaml))


def component(site: Site, name: str):  # type: ignore[no-untyped-def]
    return site.select((name,))[0]


def write_options(sample, name: str, text: str) -> Path:  # type: ignore[no-untyped-def]
    sample.overrides.mkdir(parents=True, exist_ok=True)
    path = sample.overrides / name
    path.write_text(text)
    return path


# --- which cache ------------------------------------------------------------------------------


def test_the_options_files_last_shareclasses_wins(site: Site, sample) -> None:  # type: ignore[no-untyped-def]
    write_options(sample, "java.options.GW", f"# header\n-Xshareclasses:name=first\n{OPTION},persistent\n-Xmx512m\n")
    assert cache.effective_cache(site, component(site, "gateway")) == CacheSpec(
        "zowe_gateway", "/z/sc", "persistent", True, f"{OPTION},persistent", "java.options.GW"
    )


def test_an_argfile_is_read_with_its_own_rules(site: Site, sample) -> None:  # type: ignore[no-untyped-def]
    write_options(sample, "java.argfile.GW", "'-Xshareclasses:name=quoted,cacheDir=/q'\n")
    spec = cache.effective_cache(site, component(site, "gateway"))
    assert spec is not None and (spec.name, spec.cache_dir, spec.source) == ("quoted", "/q", "java.argfile.GW")


def test_zowes_default_for_api_ml_on_zos_when_the_options_file_names_none(
    site: Site, sample, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    sample.overrides.mkdir(parents=True)
    (sample.overrides / "java.options.GW").write_bytes("-Xmx512m\n".encode("cp1047"))  # as jopt writes it on z/OS
    assert cache.effective_cache(site, component(site, "gateway")) == CacheSpec(
        "apiml_shared_classes", None, None, False, cache.ZOWE_DEFAULT, cache.ZOWE_DEFAULT_SOURCE
    )
    assert cache.effective_cache(site, component(site, "sample-ext")) is None  # not an API ML service


def test_no_cache_off_zos_without_an_options_file(site: Site) -> None:
    assert cache.effective_cache(site, component(site, "gateway")) is None


@pytest.mark.parametrize("switch", ["none", "utilities"])
def test_class_sharing_switched_off_is_no_cache(site: Site, sample, switch: str) -> None:  # type: ignore[no-untyped-def]
    write_options(sample, "java.options.GW", f"{OPTION}\n-Xshareclasses:{switch}\n")
    assert cache.effective_cache(site, component(site, "gateway")) is None


def test_default_directories() -> None:
    spec = CacheSpec("c", None, None, False, "-Xshareclasses:name=c", "x")
    assert cache.directory(spec, on_zos=True) == Path("/tmp/javasharedresources")
    assert cache.directory(spec._replace(group_access=True), on_zos=False) == Path("/tmp/javasharedresources")
    assert cache.directory(spec, on_zos=False) == Path.home() / ".cache" / "javasharedresources"
    assert cache.directory(spec._replace(cache_dir="/d"), on_zos=True) == Path("/d")


# --- the exact commands -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "stats", "listing"),
    [
        (CacheSpec("zowe_gateway", "/z/sc", None, True, OPTION, "f"),
         "-Xshareclasses:name=zowe_gateway,cacheDir=/z/sc,groupAccess,printStats",
         "-Xshareclasses:cacheDir=/z/sc,groupAccess,listAllCaches"),
        (CacheSpec("zowe_gateway", "/z/sc", "persistent", False, OPTION, "f"),
         "-Xshareclasses:name=zowe_gateway,cacheDir=/z/sc,persistent,printStats",
         "-Xshareclasses:cacheDir=/z/sc,listAllCaches"),
        (CacheSpec("apiml_shared_classes", None, None, False, cache.ZOWE_DEFAULT, "z"),
         "-Xshareclasses:name=apiml_shared_classes,printStats", "-Xshareclasses:listAllCaches"),
    ],
)  # fmt: skip
def test_utility_commands(spec: CacheSpec, stats: str, listing: str) -> None:
    java = Path("/usr/lpp/java/J17.0_64/bin/java")
    assert cache.utility(java, spec, "printStats") == [str(java), stats]
    assert cache.utility(java, spec, "listAllCaches") == [str(java), listing]


def test_run_merges_stderr_drops_option_variables_and_reads_ebcdic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    java = tmp_path / "java"
    text = 'printf "%s|%s\\n" "${OPENJ9_JAVA_OPTIONS:-unset}" "$1"; printf "JVMSHRC023E Cache does not exist\\n" >&2'
    java.write_text(f"#!/bin/sh\n{text}\n")
    java.chmod(0o755)
    monkeypatch.setenv("OPENJ9_JAVA_OPTIONS", "-Xshareclasses:name=other")
    assert cache.run([str(java), "-Xshareclasses:printStats"]) == (
        "unset|-Xshareclasses:printStats\nJVMSHRC023E Cache does not exist\n"
    )
    ebcdic_java = tmp_path / "ebcdic-java"
    ebcdic_java.write_bytes(
        b"#!/bin/sh\nprintf '" + "".join(f"\\{b:03o}" for b in "cache size = 1\n".encode("cp1047")).encode() + b"'\n"
    )
    ebcdic_java.chmod(0o755)
    assert cache.run([str(ebcdic_java)]) == "cache size = 1\n"


def test_a_jvm_that_cannot_be_run_is_a_config_error(tmp_path: Path) -> None:
    plain = tmp_path / "java"
    plain.write_text("not executable")
    with pytest.raises(ConfigError, match=r"java: cannot run the JVM: Permission denied$"):
        cache.run([str(plain), "-version"])


# --- which JVM --------------------------------------------------------------------------------


def java_home(tmp_path: Path, name: str) -> Path:
    home = tmp_path / name
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "java").write_text("#!/bin/sh\n")
    return home


def test_java_from_the_flag_then_zowe_yaml_then_java_home(
    site: Site, sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    flag, yaml_home, env_home = java_home(tmp_path, "flag"), java_home(tmp_path, "yaml"), java_home(tmp_path, "env")
    monkeypatch.setenv("JAVA_HOME", str(env_home))
    assert cache.find_java(site, flag) == (flag / "bin" / "java", "--java")
    assert cache.find_java(site, flag / "bin" / "java") == (flag / "bin" / "java", "--java")
    text = sample.zowe_yaml.read_text().replace("home: /usr/lpp/java/J17.0_64", f"home: {yaml_home}")
    sample.zowe_yaml.write_text(text)
    assert cache.find_java(Site.open(resolve(sample.zowe_yaml)), None) == (
        yaml_home / "bin" / "java",
        "zowe.yaml java.home",
    )
    no_yaml = Site.open(resolve(None, runtime=sample.root, overrides=sample.overrides))
    assert cache.find_java(no_yaml, None) == (env_home / "bin" / "java", "JAVA_HOME")


# --- who may ask --------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_root_is_refused_on_a_cache_the_started_task_owns(tmp_path: Path) -> None:
    (tmp_path / "javasharedresources").mkdir()
    control = tmp_path / "javasharedresources" / "C290M17F1A64_memory_zoweGW_G43L00"  # a non-persistent cache
    control.write_bytes(b"")
    os.chown(control, 990, 990)
    assert cache.owner(tmp_path, "zoweGW") == 990
    with pytest.raises(ConfigError, match=r"the cache belongs to uid 990 and jopt runs as root"):
        cache.check_user(tmp_path, "zoweGW", euid=0)
    assert cache.check_user(tmp_path, "zoweGW", euid=990) == 990


def test_root_on_its_own_cache_may_look(tmp_path: Path) -> None:
    assert cache.check_user(tmp_path, "zowe_gateway", euid=tmp_path.stat().st_uid) == tmp_path.stat().st_uid


def test_a_user_who_cannot_read_the_directory_is_told_whose_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # root reads every directory: the permission answer of a second user is what is faked here
    monkeypatch.setattr(cache.os, "access", lambda path, mode: False)
    with pytest.raises(ConfigError) as raised:
        cache.check_user(tmp_path, "zowe_gateway", euid=tmp_path.stat().st_uid)
    assert str(raised.value).endswith("or as a member of its group")
    assert str(raised.value).startswith(f"{tmp_path}: cannot read the cache directory as ")


# --- from the effective command line (jopt explain) ------------------------------------------


def test_zowe_35s_own_cache_on_zos_comes_from_its_common_script(zowe35: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Zowe 3.5-shaped gateway gets apiml_shared_classes from apiml-common-scripts.sh on z/OS;
    jopt reads that from the script, not from a list of API ML names."""
    monkeypatch.setattr(zos, "on_zos", lambda: True)
    monkeypatch.setattr(zos, "read_tag", lambda path: None)  # no chtag here: the scripts are untagged
    monkeypatch.setattr(zos, "read_extattr", lambda path: "")
    monkeypatch.setattr(zos, "extattr_warnings", lambda path, found: [])
    site = Site.open(resolve(zowe35 / "zowe.yaml"))
    spec = cache.effective_cache(site, component(site, "gateway"))
    assert spec is not None
    assert (spec.name, spec.cache_dir, spec.persistence) == ("apiml_shared_classes", None, None)
    assert spec.source == "apiml-common-scripts.sh"


def test_an_options_file_cache_replaces_zowes_once_passed(zowe35: Path) -> None:
    overrides = zowe35 / "workspace" / "jopt"
    overrides.mkdir(parents=True)
    (overrides / "java.options.GW").write_text(f"{OPTION}\n")
    site = Site.open(resolve(zowe35 / "zowe.yaml"))
    spec = cache.effective_cache(site, component(site, "gateway"))
    assert spec is not None and (spec.name, spec.cache_dir, spec.source) == ("zowe_gateway", "/z/sc", "java.options.GW")
