"""OpenJ9's cache utility output (samples in tests/data/openj9, sources in its README) and what it means."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from jopt.settings import sharedcache
from jopt.settings.sharedcache import Facts, Listed, Message, Stats

DATA = Path(__file__).resolve().parent.parent / "data" / "openj9"


def sample(name: str) -> str:
    return (DATA / name).read_text()


def facts(**changes: object) -> Facts:
    base = Facts("zowe_gateway", "/zowe/jopt/shareclasses", "gateway", False, True, [])
    return dataclasses.replace(base, **changes)


def listed(name: str = "zowe_gateway", detach: str = "In use", cache_type: str = "persistent") -> Listed:
    return Listed(name, "Java17 64-bit", cache_type, "cr", 0, None, None, detach, True)


# --- printStats -------------------------------------------------------------------------------


def test_print_stats_of_a_traditional_cache_gives_every_figure() -> None:
    assert sharedcache.parse_stats(sample("printstats-healthy.txt")) == Stats(
        name="zowe_gateway", cache_size=134217120, softmx=134217120, free=46842864, percent_used=65, soft=False,
        romclass_bytes=61538952, romclasses=14211, aot_bytes=18220336, aot_methods=5232, stale_classes=0,
        stale_percent=0, accessible=True,
    )  # fmt: skip


def test_print_stats_with_a_soft_maximum_reports_the_soft_percentage() -> None:
    stats = sharedcache.parse_stats(sample("printstats-nearly-full.txt"))
    assert stats is not None
    assert (stats.cache_size, stats.softmx, stats.free) == (314572192, 67108864, 1845000)
    assert (stats.percent_used, stats.soft) == (97, True)
    assert (stats.stale_classes, stats.stale_percent) == (212, 1)


def test_percentage_is_computed_as_openj9_does_when_the_line_is_missing() -> None:
    text = sample("printstats-nearly-full.txt").replace("Cache is 97% soft full", "")
    stats = sharedcache.parse_stats(text)
    assert stats is not None and (stats.percent_used, stats.soft) == (97, True)  # (64 MiB - free) * 100 // 64 MiB


def test_layered_cache_takes_sizes_of_the_top_layer_and_totals_of_all_layers() -> None:
    text = (
        'Current statistics for top layer of cache "Cache1":\n\ncache layer = 1\ncache size = 16776608\n'
        "softmx bytes = 16776608\nfree bytes = 15299372\n\nCache is 8% full\n"
        "---------------------------------------------------------\n\n"
        'Current statistics for all layers of cache "Cache1":\n\nROMClass bytes = 1328040\nAOT bytes = 128924\n'
        "# ROMClasses = 452\n# AOT Methods = 20\n# Stale classes = 0\n% Stale classes = 0%\n"
    )
    stats = sharedcache.parse_stats(text)
    assert stats is not None
    assert (stats.name, stats.cache_size, stats.free, stats.percent_used) == ("Cache1", 16776608, 15299372, 8)
    assert (stats.romclass_bytes, stats.romclasses, stats.aot_bytes) == (1328040, 452, 128924)


@pytest.mark.parametrize(
    "name", ["printstats-jvmshrc023e.txt", "printstats-jvmshrc245e-zos.txt", "listallcaches-none.txt"]
)
def test_output_without_statistics_gives_none(name: str) -> None:
    assert sharedcache.parse_stats(sample(name)) is None


# --- listAllCaches and messages ----------------------------------------------------------------


def test_listing_of_non_persistent_caches_on_zos() -> None:
    rows = sharedcache.parse_listing(sample("listallcaches-zos-nonpersistent.txt"))
    assert rows == [
        Listed("apiml_shared_classes", "Java17 64-bit", "non-persistent", "cr", 0, 8197, 4101, "Mon May  4 09:30:12 2026", True),
        Listed("zowe_discovery", "Java17 64-bit", "non-persistent", "cr", 0, 8199, 4103, "In use", True),
        Listed("apiml_shared_classes", "Java11 64-bit", "non-persistent", "cr", 0, 6150, 2054, "Fri Apr 10 17:02:45 2026", False),
    ]  # fmt: skip


def test_listing_of_persistent_caches_and_a_snapshot() -> None:
    rows = sharedcache.parse_listing(sample("listallcaches-persistent.txt"))
    assert [(r.name, r.cache_type, r.shmid, r.last_detach) for r in rows] == [
        ("zowe_gateway", "persistent", None, "In use"),
        ("zowe_discovery", "persistent", None, "Mon May  4 09:30:12 2026"),
        ("zowe_caching-service", "snapshot", None, ""),
    ]


def test_listing_without_the_layer_column_of_older_releases() -> None:
    text = (
        "Cache name              level         cache-type      feature         OS shmid       OS semid       "
        "last detach time\n\nCompatible shared caches\n"
        "zoweGW          \tJava8 64-bit  non-persistent  cr              204805         200708         In use\n"
    )
    assert sharedcache.parse_listing(text) == [
        Listed("zoweGW", "Java8 64-bit", "non-persistent", "cr", None, 204805, 200708, "In use", True)
    ]


def test_no_caches_is_an_empty_listing() -> None:
    assert sharedcache.parse_listing(sample("listallcaches-none.txt")) == []


def test_messages_keep_the_platform_message() -> None:
    found = sharedcache.messages(sample("printstats-jvmshrc245e-zos.txt"))
    assert [m.id for m in found] == ["JVMSHRC245E", "JVMSHRC336E", "JVMSHRC337E", "JVMSHRC840E", "JVMJ9VM015W"]
    assert found[2] == Message("JVMSHRC337E", "Platform error message: EDC5132I Not enough memory.")


@pytest.mark.parametrize(
    ("option", "items", "persistence"),
    [
        ("-Xshareclasses:name=a,cacheDir=/d,nonfatal", {"name": "a", "cachedir": "/d", "nonfatal": None}, None),
        ("-Xshareclasses:name=a,persistent,name=b", {"persistent": None, "name": "b"}, "persistent"),
        ("-Xshareclasses:persistent,nonPersistent", {"persistent": None, "nonpersistent": None}, "nonpersistent"),
        ("-Xshareclasses", {}, None),
    ],
)
def test_suboptions_later_wins(option: str, items: dict[str, str | None], persistence: str | None) -> None:
    assert sharedcache.suboptions(option) == items
    assert sharedcache.persistence(items) == persistence


# --- findings, one at a time ------------------------------------------------------------------


def test_a_healthy_persistent_cache_has_no_finding() -> None:
    stats = sharedcache.parse_stats(sample("printstats-healthy.txt"))
    assert sharedcache.assess(facts(), stats, [listed()], []) == []


def test_non_persistent_cache_is_a_finding_with_both_fixes() -> None:
    save = ("java ...,nonpersistent,snapshotCache", "java ...,nonpersistent,restoreFromSnapshot")
    stats = sharedcache.parse_stats(sample("printstats-healthy.txt"))
    (found,) = sharedcache.assess(facts(persistent=False, zos=True, save=save), stats, [listed()], [])
    assert found.code == "not-persistent"
    assert found.message == "cache zowe_gateway is non-persistent (z/OS shared memory)"
    assert "Zowe's start-up removed it at every start (eclipse-openj9/openj9#21346)" in found.reason
    assert "--set persistent=true gateway (OpenJ9 0.40.0 or later on z/OS, eclipse-openj9/openj9#17073" in found.fix
    assert found.fix.endswith(
        ": java ...,nonpersistent,snapshotCache ; and put it back before the next start: "
        "java ...,nonpersistent,restoreFromSnapshot"
    )


def test_missing_cache_names_the_caches_that_are_there() -> None:
    listing = sharedcache.parse_listing(sample("listallcaches-zos-nonpersistent.txt"))
    found = sharedcache.messages(sample("printstats-jvmshrc023e.txt"))
    (finding,) = sharedcache.assess(facts(persistent=None), None, listing, found)
    assert finding.code == "missing"
    assert finding.message == (
        "cache zowe_gateway does not exist in /zowe/jopt/shareclasses (JVMSHRC023E); "
        "caches there: apiml_shared_classes, zowe_discovery"
    )
    assert "the started task's user cannot write the cacheDir" in finding.reason


def test_nearly_full_cache_with_a_soft_maximum_says_adjustsoftmx() -> None:
    stats = sharedcache.parse_stats(sample("printstats-nearly-full.txt"))
    (finding,) = sharedcache.assess(facts(), stats, [listed()], [])
    assert finding.code == "nearly-full"
    assert finding.message == "cache zowe_gateway is 97% of its soft maximum"
    assert "adjustsoftmx=<size>" in finding.fix


def test_nearly_full_cache_without_a_soft_maximum_says_a_bigger_scmx() -> None:
    stats = sharedcache.parse_stats(sample("printstats-healthy.txt"))
    assert stats is not None
    (finding,) = sharedcache.assess(facts(), stats._replace(percent_used=91), [listed()], [])
    assert finding.message == "cache zowe_gateway is 91% full"
    assert "--set scmx=256m" in finding.fix and "destroy" in finding.fix


def test_few_classes_after_a_full_start_names_the_nested_jar_issue() -> None:
    stats = sharedcache.parse_stats(sample("printstats-few-classes.txt"))
    row = listed("apiml_shared_classes", "Mon May  4 09:30:12 2026")
    (finding,) = sharedcache.assess(facts(name="apiml_shared_classes"), stats, [row], [])
    assert finding.code == "few-classes"
    assert finding.message == "cache apiml_shared_classes holds only 1,874 classes after a full start"
    assert "jar:nested:" in finding.reason and "eclipse-openj9/openj9#21249" in finding.reason


def test_few_classes_is_no_finding_before_any_jvm_used_the_cache() -> None:
    stats = sharedcache.parse_stats(sample("printstats-few-classes.txt"))
    row = listed("apiml_shared_classes", "Unknown")
    assert sharedcache.assess(facts(name="apiml_shared_classes"), stats, [row], []) == []


def test_two_components_in_one_cache() -> None:
    stats = sharedcache.parse_stats(sample("printstats-healthy.txt"))
    (finding,) = sharedcache.assess(facts(sharing=["discovery", "zaas"]), stats, [listed()], [])
    assert finding.code == "shared"
    assert finding.message == "cache zowe_gateway is also the cache of discovery, zaas"


def test_cache_the_jvm_cannot_map_gives_the_platform_message_and_smflim() -> None:
    found = sharedcache.messages(sample("printstats-jvmshrc245e-zos.txt"))
    (finding,) = sharedcache.assess(facts(), None, [], found)
    assert finding.code == "cannot-open"
    assert finding.message == (
        "the JVM cannot open cache zowe_gateway: JVMSHRC245E Error mapping shared class cache file; "
        "JVMSHRC840E Failed to start up the shared cache. (platform: EDC5132I Not enough memory.)"
    )
    assert "MAXSHARE" in finding.fix and "SET SMFLIM=xx" in finding.fix


def test_cache_the_jvm_may_not_open_says_whose_it_is() -> None:
    found = sharedcache.messages(sample("printstats-permission-zos.txt"))
    (finding,) = sharedcache.assess(facts(), None, [], found)
    assert finding.code == "cannot-open"
    assert "(platform: EDC5111I Permission denied.)" in finding.message
    assert "JVMSHRC028E Permission Denied" in finding.message
    assert finding.fix.startswith("run the check as the started task's user")


# --- text -------------------------------------------------------------------------------------


def test_text_report_of_a_healthy_cache() -> None:
    stats = sharedcache.parse_stats(sample("printstats-healthy.txt"))
    assert stats is not None
    doc = {
        "component": "gateway",
        "cache": {"name": "zowe_gateway", "cache_dir": "/z/sc", "directory": "/z/sc", "source": "java.options.GW",
                  "option": "-Xshareclasses:name=zowe_gateway,cacheDir=/z/sc"},
        "owner": {"uid": 990, "user": "ZWESVUSR"},
        "java": {"path": "/usr/lpp/java/J17.0_64/bin/java", "source": "zowe.yaml java.home"},
        "commands": {"print_stats": ["java", "-Xshareclasses:name=zowe_gateway,cacheDir=/z/sc,printStats"]},
        "listed": listed()._asdict(),
        "stats": stats._asdict(),
        "persistent": True,
        "findings": [],
    }  # fmt: skip
    assert sharedcache.cache_text(doc) == (
        "gateway: cache zowe_gateway in /z/sc\n"
        "  from      java.options.GW: -Xshareclasses:name=zowe_gateway,cacheDir=/z/sc\n"
        "  java      /usr/lpp/java/J17.0_64/bin/java (zowe.yaml java.home)\n"
        "  owner     ZWESVUSR (uid 990)\n"
        "  ran       java -Xshareclasses:name=zowe_gateway,cacheDir=/z/sc,printStats\n"
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


def test_missing_cache_of_another_java_level_says_so() -> None:
    listing = sharedcache.parse_listing(sample("listallcaches-zos-nonpersistent.txt"))
    found = sharedcache.messages(sample("printstats-jvmshrc023e.txt"))
    (finding,) = sharedcache.assess(facts(name="apiml_shared_classes", persistent=None), None, listing[2:], found)
    assert finding.message == (
        "cache apiml_shared_classes does not exist in /zowe/jopt/shareclasses (JVMSHRC023E); caches there: "
        "apiml_shared_classes (non-persistent, Java11 64-bit, made by another Java level than this JVM)"
    )
    assert "give the component's own JVM with --java" in finding.fix
