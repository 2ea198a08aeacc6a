"""OpenJ9 shared classes cache: what the JVM's cache utilities print, and what it means for Zowe.

Pure: text in, values out. The shapes are OpenJ9's (samples and their sources:
tests/data/openj9/README.md):

- `-Xshareclasses:name=N,cacheDir=D,printStats` prints "Current statistics for cache "N":"
  then `label = value` lines ("cache size", "softmx bytes", "free bytes", "ROMClass bytes",
  "# ROMClasses", "AOT bytes", "# Stale classes" ...) and "Cache is 24% full" (or "% soft full"
  when a soft maximum is set). A layered cache prints its top layer, then "all layers" totals;
  the later value of a label wins, so sizes are the top layer's and byte counts the totals
  (OpenJ9 docs, shrc_diag_util.md).
- `-Xshareclasses:cacheDir=D,listAllCaches` prints a table: name, level ("Java17 64-bit"),
  cache-type (persistent, non-persistent, snapshot), feature, layer, OS shmid, OS semid and
  "last detach time" ("In use", "Unknown" or a ctime() date), under "Compatible shared caches"
  and "Incompatible shared caches" (OpenJ9 runtime/shared_common/CacheLifeCycleManager.cpp).
- Failures are JVMSHRC messages: JVMSHRC023E "Cache does not exist", JVMSHRC245E "Error mapping
  shared class cache file" with JVMSHRC336E (port layer code) and JVMSHRC337E (the platform's
  own message, e.g. "EDC5132I Not enough memory." on z/OS), JVMSHRC840E "Failed to start up the
  shared cache."

Schema ``jopt-cache/1`` (``jopt cache --json``)::

    schema       "jopt-cache/1"
    component    the component asked about
    cache        {name, cache_dir, directory, persistence, source, option}: the cache its JVM uses;
                 cache_dir null: the JVM's default, which `directory` then names; persistence
                 "persistent", "nonpersistent" or null (the platform's default: non-persistent on
                 z/OS); source: where jopt found it; option: the -Xshareclasses it comes from
    owner        {uid, user} or null: who owns the cache's files (or its directory)
    java         {path, source}: the JVM that ran the utilities
    commands     {list_all_caches: [argv], print_stats: [argv]}: exactly what jopt ran ({} when the
                 directory does not exist: the JVM would create it)
    listed       {name, level, cache_type, feature, layer, shmid, semid, last_detach, compatible}
                 or null: the cache's row in listAllCaches
    stats        {cache_size, softmx, free, percent_used, soft, romclass_bytes, romclasses,
                 aot_bytes, aot_methods, stale_classes, stale_percent, accessible} or null
    persistent   true, false or null (not known)
    messages     [{id, text}]: the JVM's JVMSHRC / JVMJ9VM messages
    findings     [{code, message, reason, fix}]; codes: not-persistent, missing, nearly-full,
                 few-classes, shared, cannot-open
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SCHEMA = "jopt-cache/1"

#: Above this share of the cache (or of its soft maximum) in use, new classes soon stop being stored.
NEARLY_FULL = 90
#: A started API ML service holds well over 10,000 classes; the JDK's own classes alone are
#: about 1,500-2,500. Fewer than this after a start means the application's classes were not
#: stored: Spring Boot 3.2+ loads them through jar:nested: URLs (eclipse-openj9/openj9#21249).
FEW_CLASSES = 3000
#: Where the JVM keeps caches when no cacheDir is given, on z/OS (OpenJ9 docs, xshareclasses.md).
ZOS_DEFAULT_DIR = "/tmp/javasharedresources"

_STAT = re.compile(r"^\s*([#%]?\s*[A-Za-z][A-Za-z /%-]*?)\s*=\s*(\S.*?)\s*$")
_FULL = re.compile(r"^Cache is (\d+)% (soft )?full")
_TITLE = re.compile(r'^Current statistics for (?:top layer of |all layers of )?cache "([^"]*)"')
_MESSAGE = re.compile(r"\b(JVM(?:SHRC|J9VM)\d{3}[IWE])\b:?\s*(.*?)\s*$")
_LEVEL = re.compile(r"^Java\d+$")


class Stats(NamedTuple):
    name: str | None
    cache_size: int | None
    softmx: int | None
    free: int | None
    percent_used: int | None  # as the JVM printed it ("Cache is 65% full"), else computed
    soft: bool  # the percentage is of the soft maximum
    romclass_bytes: int | None
    romclasses: int | None
    aot_bytes: int | None
    aot_methods: int | None
    stale_classes: int | None
    stale_percent: int | None
    accessible: bool | None


class Listed(NamedTuple):
    name: str
    level: str  # "Java17 64-bit"
    cache_type: str  # persistent, non-persistent, snapshot, crossguest
    feature: str
    layer: int | None
    shmid: int | None
    semid: int | None
    last_detach: str  # "In use", "Unknown", a date, or "" (snapshots)
    compatible: bool


class Message(NamedTuple):
    id: str
    text: str


class Finding(NamedTuple):
    code: str
    message: str
    reason: str
    fix: str


# --- what the utilities print --------------------------------------------------------------


def _number(text: str) -> int | None:
    match = re.match(r"-?\d+", text)
    return int(match.group()) if match else None


def parse_stats(text: str) -> Stats | None:
    """printStats output as Stats, or None when it holds no statistics."""
    values: dict[str, str] = {}
    name = None
    full: tuple[int, bool] | None = None
    for line in text.splitlines():
        if (title := _TITLE.match(line)) and name is None:
            name = title.group(1)
        elif found := _FULL.match(line.strip()):
            full = (int(found.group(1)), bool(found.group(2)))
        elif stat := _STAT.match(line):
            values[re.sub(r"\s+", " ", stat.group(1)).lower()] = stat.group(2)
    if "cache size" not in values:
        return None
    number = {key: _number(value) for key, value in values.items()}
    size, softmx, free = number.get("cache size"), number.get("softmx bytes"), number.get("free bytes")
    soft = full[1] if full else (softmx is not None and size is not None and softmx < size)
    percent = full[0] if full else _percent_used(softmx if soft else size, free)
    accessible = values.get("cache is accessible to current user")
    return Stats(
        name, size, softmx, free, percent, soft, number.get("romclass bytes"), number.get("# romclasses"),
        number.get("aot bytes"), number.get("# aot methods"), number.get("# stale classes"),
        number.get("% stale classes"), None if accessible is None else accessible.lower() == "true",
    )  # fmt: skip


def _percent_used(total: int | None, free: int | None) -> int | None:
    """OpenJ9's own formula: ((size - free) * 100) / size, in whole percent."""
    if not total or free is None:
        return None
    return (total - free) * 100 // total


def parse_listing(text: str) -> list[Listed]:
    """The rows of listAllCaches (none when the JVM said JVMSHRC005I, no caches)."""
    rows: list[Listed] = []
    has_layer = False
    compatible = True
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Cache name"):
            has_layer = " layer " in f" {stripped} "
        elif stripped in ("Compatible shared caches", "Incompatible shared caches"):
            compatible = stripped.startswith("Compatible")
        elif row := _row(stripped, has_layer, compatible):
            rows.append(row)
    return rows


def _row(line: str, has_layer: bool, compatible: bool) -> Listed | None:
    spans = [(m.group(), m.start()) for m in re.finditer(r"\S+", line)]
    words = [word for word, _ in spans]
    if len(words) < 5 or not _LEVEL.match(words[1]):
        return None
    name, level, bits, cache_type, feature = words[:5]
    at = 5
    layer = None
    if has_layer and at < len(words) and words[at].isdigit():
        layer, at = int(words[at]), at + 1
    ids: list[int] = []
    while at < len(words) and words[at].isdigit() and len(ids) < 2:
        ids.append(int(words[at]))
        at += 1
    shmid, semid = (ids + [None, None])[:2]
    detach = line[spans[at][1] :] if at < len(spans) else ""  # a ctime() date keeps its double space
    return Listed(name, f"{level} {bits}", cache_type, feature, layer, shmid, semid, detach, compatible)


def messages(text: str) -> list[Message]:
    """The JVM's numbered messages (JVMSHRC..., JVMJ9VM...), in order."""
    found = []
    for line in text.splitlines():
        if match := _MESSAGE.search(line):
            found.append(Message(match.group(1), match.group(2)))
    return found


def suboptions(option: str) -> dict[str, str | None]:
    """The sub-options of one -Xshareclasses option, lower-case keys; a later one wins."""
    value = option.partition(":")[2]
    found: dict[str, str | None] = {}
    for item in filter(None, value.split(",")):
        key, eq, rest = item.partition("=")
        found.pop(key.lower(), None)
        found[key.lower()] = rest if eq else None
    return found


def persistence(items: dict[str, str | None]) -> str | None:
    """ "persistent", "nonpersistent" or None (the platform's default) from sub-options."""
    chosen = [key for key in items if key in ("persistent", "nonpersistent")]
    return chosen[-1] if chosen else None


# --- what it means ----------------------------------------------------------------------------


def _persistent_fix(component: str, save: tuple[str, str] | None) -> str:
    fix = (
        f"render the options with a persistent cache: jopt render --profile shareclasses --set persistent=true {component} "
        "(OpenJ9 0.40.0 or later on z/OS, eclipse-openj9/openj9#17073; z/OS 2.4 needs APARs OA60306 and PH32235, "
        "and MAXSHARE in SMFLIMxx must cover the cache). On an older JVM keep it non-persistent (--set "
        "snapshot=true) and save it after a full start"
    )
    if save is None:
        return fix + " with the snapshotCache utility, then put it back before the next start with restoreFromSnapshot"
    return fix + f": {save[0]} ; and put it back before the next start: {save[1]}"


def not_persistent(name: str, component: str, zos: bool, save: tuple[str, str] | None = None) -> Finding:
    where = "z/OS shared memory" if zos else "shared memory"
    return Finding(
        "not-persistent",
        f"cache {name} is non-persistent ({where})",
        "a non-persistent cache is lost at every IPL, and Zowe's start-up removed it at every start "
        "(eclipse-openj9/openj9#21346): each start then loads every class from the jars again; keeping it "
        "saved about 30 s of a ~6-minute start there",
        _persistent_fix(component, save),
    )


def _seen(name: str, listing: Iterable[Listed]) -> list[str]:
    """The caches listAllCaches showed; one of the name asked about says why it was not found."""
    seen: dict[str, None] = {}
    for row in listing:
        if row.name != name:
            seen[row.name] = None
        else:
            other = "" if row.compatible else ", made by another Java level than this JVM"
            seen[f"{row.name} ({row.cache_type}, {row.level}{other})"] = None
    return sorted(seen)


def missing(name: str, where: str, listing: Iterable[Listed], said: str = " (JVMSHRC023E)") -> Finding:
    seen = _seen(name, listing)
    listed = f"; caches there: {', '.join(seen)}" if seen else "; there is no cache there at all"
    return Finding(
        "missing",
        f"cache {name} does not exist in {where}{said}{listed}",
        "the JVM never created it: the name, cacheDir or persistence here differ from the ones the component "
        "starts with, the JVM asked is another Java level than the component's, the started task's user cannot "
        "write the cacheDir, or the component has not started since the option was set (a non-persistent cache "
        "also goes at IPL)",
        "compare the name and cacheDir with the component's -Xshareclasses option (jopt cache shows where it "
        "found them), give the component's own JVM with --java, check the started task's user can write the "
        "cacheDir (ls -ld), then start the component once",
    )


def nearly_full(name: str, stats: Stats) -> Finding:
    of = "of its soft maximum" if stats.soft else "full"
    fix = (
        "raise the soft maximum while the cache exists: -Xshareclasses:name=...,adjustsoftmx=<size> "
        "(up to the cache size)"
        if stats.soft
        else "make it bigger: render with a larger scmx (jopt render --profile shareclasses --set scmx=256m), "
        "then remove the old cache while the component is down (-Xshareclasses:name=...,destroy) so the next "
        "start creates it at the new size (-Xscmx applies only to a new cache)"
    )
    return Finding(
        "nearly-full",
        f"cache {name} is {stats.percent_used}% {of}",
        "a full cache stores no more classes or AOT code: whatever a start loads after that comes from the jars "
        "every time",
        fix,
    )


def few_classes(name: str, stats: Stats) -> Finding:
    return Finding(
        "few-classes",
        f"cache {name} holds only {stats.romclasses:,} classes after a full start",
        "API ML services are Spring Boot 3.2+ applications that load their classes through jar:nested: URLs, which "
        "OpenJ9 does not store in the cache (eclipse-openj9/openj9#21249, zowe/api-layer#4053): the cache exists "
        "and stays nearly empty",
        "no option fixes this; the cache still speeds up the JDK's own classes. Follow eclipse-openj9/openj9#21249 "
        "and zowe/api-layer#4053 for a JVM or build that stores them",
    )


def shared(name: str, component: str, others: list[str]) -> Finding:
    return Finding(
        "shared",
        f"cache {name} is also the cache of {', '.join(others)}",
        f"it is sized for one component: {component} and {', '.join(others)} fill it together, and once it is "
        "full neither stores more; a JVM of another Java level cannot use it at all",
        "give each component its own cache (the shareclasses profile names it zowe_<component> unless name= is "
        "set), or size this one for all of them",
    )


def cannot_open(name: str, found: list[Message]) -> Finding:
    errors = [m for m in found if m.id.endswith("E") and m.id not in ("JVMSHRC336E", "JVMSHRC337E")]
    platform = next((m.text for m in found if m.id == "JVMSHRC337E"), "")
    said = "; ".join(f"{m.id} {m.text}" for m in errors) or "no message"
    reason, fix = _open_advice(platform)
    shown = f" (platform: {platform.removeprefix('Platform error message:').strip()})" if platform else ""
    return Finding("cannot-open", f"the JVM cannot open cache {name}: {said}{shown}", reason, fix)


def _open_advice(platform: str) -> tuple[str, str]:
    if "EDC5132I" in platform or "Not enough memory" in platform:
        return (
            "z/OS refused to map the cache: a persistent cache above the bar is limited by MAXSHARE in SMFLIMxx "
            "(below the bar by MAXMMAPAREA)",
            "raise MAXSHARE for the started task's jobs in SYS1.PARMLIB(SMFLIMxx) (REGION JOBNAME(...) "
            "MAXSHARE(76800) covers a 300 MB cache), activate it with SET SMFLIM=xx, or make the cache smaller",
        )
    if "EDC5111I" in platform or "ermission denied" in platform:
        return (
            "the user running the JVM may not use the cache's files or shared memory",
            "run the check as the started task's user, and create the cache with groupAccess so its group can use it",
        )
    return (
        "the JVM could not start the cache; its messages say why",
        "look the messages up in the OpenJ9 messages guide (SHRC messages); with nonfatal the component "
        "starts without the cache",
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """What jopt knows about the cache besides what the utilities printed."""

    name: str
    where: str  # its directory
    component: str
    zos: bool
    persistent: bool | None
    sharing: list[str] = field(default_factory=list)  # other components using it
    save: tuple[str, str] | None = None  # the snapshotCache and restoreFromSnapshot commands


def assess(facts: Facts, stats: Stats | None, listing: list[Listed], found: list[Message]) -> list[Finding]:
    """Every finding for one cache, in the order a sysprog would fix them."""
    name = facts.name
    ids = {m.id for m in found}
    findings: list[Finding] = []
    if stats is None and "JVMSHRC023E" in ids:
        findings.append(missing(name, facts.where, listing))
    elif stats is None and any(m.id.endswith("E") for m in found):
        findings.append(cannot_open(name, found))
    if facts.persistent is False:
        findings.append(not_persistent(name, facts.component, facts.zos, facts.save))
    if stats is not None and stats.percent_used is not None and stats.percent_used >= NEARLY_FULL:
        findings.append(nearly_full(name, stats))
    row = next((r for r in listing if r.name == name and r.compatible), None)
    started = row is not None and row.last_detach not in ("", "Unknown")
    if stats is not None and stats.romclasses is not None and stats.romclasses < FEW_CLASSES and started:
        findings.append(few_classes(name, stats))
    if facts.sharing:
        findings.append(shared(name, facts.component, facts.sharing))
    return findings


# --- how it looks -----------------------------------------------------------------------------

Style = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def _bytes(value: int | None) -> str:
    if value is None:
        return "?"
    return f"{value:,} bytes ({value / 1048576:.1f} MiB)"


def _stat_lines(stats: dict[str, Any]) -> list[str]:
    used = f"{stats['percent_used']}%" + (" of the soft maximum" if stats["soft"] else "")
    stale = f"{stats['stale_classes']:,} classes" if stats["stale_classes"] is not None else "?"
    if stats["stale_percent"] is not None:
        stale += f" ({stats['stale_percent']}%)"
    return [
        f"  size      {_bytes(stats['cache_size'])}",
        f"  soft max  {_bytes(stats['softmx'])}",
        f"  free      {_bytes(stats['free'])}",
        f"  used      {used}",
        f"  ROMClass  {_bytes(stats['romclass_bytes'])}, {stats['romclasses']:,} classes",
        f"  AOT       {_bytes(stats['aot_bytes'])}, {stats['aot_methods'] or 0:,} methods",
        f"  stale     {stale}",
    ]


def _kind(doc: dict[str, Any]) -> str:
    listed = doc["listed"]
    if listed:
        return f"{listed['cache_type']} ({listed['level']}, {listed['feature']})"
    if doc["persistent"] is None:
        return "not known (not in listAllCaches)"
    return "persistent" if doc["persistent"] else "non-persistent"


def cache_text(doc: dict[str, Any], style: Style = _plain) -> str:
    """The text report of one cache (schema jopt-cache/1)."""
    cache = doc["cache"]
    where = cache["directory"] + ("" if cache["cache_dir"] else " (the JVM's default directory)")
    lines = [f"{doc['component']}: cache {cache['name']} in {where}"]
    lines.append(f"  from      {cache['source']}: {cache['option']}")
    lines.append(f"  java      {doc['java']['path']} ({doc['java']['source']})")
    if doc["owner"]:
        lines.append(f"  owner     {doc['owner']['user']} (uid {doc['owner']['uid']})")
    for argv in doc["commands"].values():
        lines.append(f"  ran       {' '.join(argv)}")
    if doc["commands"]:
        lines.append(f"  type      {_kind(doc)}")
    else:
        lines.append("  ran       nothing: the JVM would create the missing directory as you")
    detach = doc["listed"]["last_detach"] if doc["listed"] else ""
    if detach == "In use":
        lines.append("  in use    yes: a JVM is attached to it now")
    elif detach:
        lines.append(f"  detached  {detach}")
    if doc["stats"]:
        lines += _stat_lines(doc["stats"])
    for item in doc["findings"]:
        lines += ["", style(f"warning: {item['message']}", "warn"), f"  why: {item['reason']}", f"  fix: {item['fix']}"]
    if not doc["findings"]:
        lines += ["", style("no problems found", "good")]
    return "\n".join(lines) + "\n"
