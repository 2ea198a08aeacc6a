"""jopt cache: is the shared classes cache a component's JVM uses there, and is it doing its job?

Finds the cache (name, cacheDir, persistence), runs the component's JVM with OpenJ9's cache
utilities `listAllCaches` and `printStats` on exactly that cache, and reads what they print
(`jopt.settings.sharedcache`). The utilities open the cache as the user who runs them, so jopt
refuses to run them as root on a cache the started task's user owns: a JVM run by root can leave
control files only root may use, and the started task then cannot attach its own cache.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

from jopt.app import explain, optionsfiles
from jopt.app.site import Site
from jopt.errors import ConfigError, JoptError
from jopt.options.optionsfile import parse_argfile, parse_openj9
from jopt.settings import sharedcache
from jopt.settings.inputs import detect_codec
from jopt.storage import zos
from jopt.zowe.discovery import Component

#: What the API ML start scripts give the JVM on z/OS when nothing else names a cache
#: (zowe/api-layer, apiml-common-scripts.sh: SHARED_CLASSES_OPTS when `uname` is OS/390).
ZOWE_DEFAULT = "-Xshareclasses:name=apiml_shared_classes,nonfatal,silent"
ZOWE_DEFAULT_SOURCE = "Zowe's default on z/OS (apiml-common-scripts.sh)"
API_ML = frozenset({"gateway", "discovery", "api-catalog", "caching-service", "zaas", "apiml"})
#: Variables through which a JVM picks up more options; the utilities must see only jopt's.
_OPTION_VARIABLES = (
    "OPENJ9_JAVA_OPTIONS",
    "IBM_JAVA_OPTIONS",
    "JAVA_TOOL_OPTIONS",
    "_JAVA_OPTIONS",
    "JDK_JAVA_OPTIONS",
)
TIMEOUT = 120.0


class CacheSpec(NamedTuple):
    name: str
    cache_dir: str | None  # None: the JVM's default directory
    persistence: str | None  # "persistent", "nonpersistent"; None: the platform's default
    group_access: bool
    option: str  # the -Xshareclasses option it comes from
    source: str  # where jopt found it, in words


# --- which cache ------------------------------------------------------------------------------


def _options_file_option(site: Site, component: Component) -> tuple[str | None, str]:
    """The last -Xshareclasses in the options file the hook (or native mode) gives the JVM."""
    files = site.options_files(component)
    if not files:
        return None, ""
    path = files[0]
    try:
        text = optionsfiles.read_text(path)
    except UnicodeDecodeError:
        raise ConfigError("cannot decode the options file (IBM-1047 on z/OS, else UTF-8)", path=path) from None
    except OSError as error:
        raise ConfigError(f"cannot read the options file: {error.strerror}", path=path) from None
    options = parse_argfile(text) if ".argfile." in path.name else parse_openj9(text)
    found = [o for o in options if o == "-Xshareclasses" or o.startswith("-Xshareclasses:")]
    return (found[-1], path.name) if found else (None, path.name)


def effective_cache(site: Site, component: Component) -> CacheSpec | None:
    """The cache the component's JVM uses, or None when it names none.

    The one place that decides it: from the JVM's effective command line (`jopt explain`),
    where the last -Xshareclasses wins, whether it comes from the start script, Zowe's common
    scripts on z/OS (`apiml_shared_classes`), zowe.yaml or jopt's options file. A component whose
    script jopt cannot explain (no Java launch it can read) falls back to the options file,
    then to Zowe's default for API ML on z/OS.
    """
    try:
        explained = explain.explain(site, component, zos=zos.on_zos())
        if explained.mode == "none" and site.options_files(component):
            # not hooked (yet): the cache it will use once the options file is passed
            explained = explain.explain(site, component, mode="hook", zos=zos.on_zos())
        found = explained.cache()
    except JoptError:
        return _from_options_file(site, component)
    if found is None:
        return None
    items = sharedcache.suboptions(found.option.value)
    return CacheSpec(
        found.name,
        None if "cacheDir" in found.defaults else found.cache_dir,
        None if "persistence" in found.defaults else found.persistence,
        "groupaccess" in items,
        explain.shown(found.option),
        found.option.file,
    )


def _from_options_file(site: Site, component: Component) -> CacheSpec | None:
    option, source = _options_file_option(site, component)
    if option is None and zos.on_zos() and component.id in API_ML:
        option, source = ZOWE_DEFAULT, ZOWE_DEFAULT_SOURCE
    if option is None:
        return None
    items = sharedcache.suboptions(option)
    if "none" in items or "utilities" in items:
        return None  # class sharing switched off
    name = items.get("name") or "sharedcc_%u"  # OpenJ9's default name
    return CacheSpec(
        name, items.get("cachedir"), sharedcache.persistence(items), "groupaccess" in items, option, source
    )


def directory(spec: CacheSpec, on_zos: bool) -> Path:
    """Where the cache's files are looked for (OpenJ9 docs: cacheDir defaults)."""
    if spec.cache_dir:
        return Path(spec.cache_dir)
    if on_zos or spec.group_access:
        return Path(sharedcache.ZOS_DEFAULT_DIR)
    return Path.home() / ".cache" / "javasharedresources"


def _same(a: CacheSpec, b: CacheSpec, on_zos: bool) -> bool:
    return a.name == b.name and directory(a, on_zos) == directory(b, on_zos)


def sharing(site: Site, component: Component, spec: CacheSpec, on_zos: bool) -> list[str]:
    """Other components whose JVM uses the same cache; Zowe's own shared default is meant so."""
    others = []
    for other in site.components:
        if other.id == component.id or other.problem:
            continue
        try:
            theirs = effective_cache(site, other)
        except JoptError:
            continue
        if theirs is None or not _same(spec, theirs, on_zos):
            continue
        if spec.source == theirs.source == ZOWE_DEFAULT_SOURCE:
            continue
        others.append(other.id)
    return others


# --- which JVM ------------------------------------------------------------------------------


def _zowe_java_home(site: Site) -> str | None:
    """java.home of zowe.yaml as Zowe reads it (every --zowe-yaml entry, templates evaluated)."""
    if site.locations.config is None:
        return None
    home = site.locations.config.value(("java", "home"))
    return home if isinstance(home, str) and home.strip() else None


def find_java(site: Site, explicit: Path | None) -> tuple[Path, str]:
    """The component's JVM: --java, zowe.yaml java.home, JAVA_HOME, then `java` on PATH."""
    if explicit is not None:
        path, source = (explicit / "bin" / "java" if explicit.is_dir() else explicit), "--java"
    elif home := _zowe_java_home(site):
        path, source = Path(home) / "bin" / "java", "zowe.yaml java.home"
    elif os.environ.get("JAVA_HOME"):
        path, source = Path(os.environ["JAVA_HOME"]) / "bin" / "java", "JAVA_HOME"
    elif found := shutil.which("java"):
        path, source = Path(found), "PATH"
    else:
        raise ConfigError("no JVM to ask: give --java PATH, or set java.home in zowe.yaml, or JAVA_HOME")
    if not path.is_file():
        raise ConfigError(f"no JVM there ({source}); give the component's JVM with --java PATH", path=path)
    return path.absolute(), source


# --- who may look ---------------------------------------------------------------------------


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def owner(where: Path, name: str) -> int:
    """The uid that owns the cache: its files (persistent: in the cacheDir; non-persistent: control
    files in its javasharedresources folder), else the directory."""
    for folder in (where, where / "javasharedresources"):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if f"_{name}_" in entry.name and entry.is_file(follow_symlinks=False):
                        return entry.stat(follow_symlinks=False).st_uid
        except OSError:
            continue
    return where.stat().st_uid


def check_user(where: Path, name: str, euid: int) -> int:
    """The cache owner's uid; ConfigError when this user must not, or cannot, run the utilities."""
    try:
        uid = owner(where, name)
    except OSError as error:
        raise ConfigError(f"cannot look at the cache directory: {error.strerror}", path=where) from None
    user = _user(uid)
    if euid == 0 and uid != 0:
        raise ConfigError(
            f"the cache belongs to {user} and jopt runs as root: a JVM run by root can leave cache control "
            f"files only root may use, and then {user}'s started task cannot attach its cache. Run it as "
            f"{user}: su -s {user} -c 'jopt cache ...' on z/OS (needs READ on SURROGAT BPX.SRV.{user}), "
            f"sudo -u {user} jopt cache ... elsewhere",
            path=where,
        )
    if not os.access(where, os.R_OK | os.X_OK):
        raise ConfigError(
            f"cannot read the cache directory as {_user(euid)}; it belongs to {user}: run as {user} "
            "or as a member of its group",
            path=where,
        )
    return uid


# --- run the utilities ------------------------------------------------------------------------


def utility(java: Path, spec: CacheSpec, action: str) -> list[str]:
    """The exact command for one cache utility on the component's cache."""
    parts = [f"name={spec.name}"] if action != "listAllCaches" else []
    if spec.cache_dir:
        parts.append(f"cacheDir={spec.cache_dir}")
    if spec.group_access:
        parts.append("groupAccess")  # a group member must say so to reach a groupAccess cache
    if spec.persistence and action != "listAllCaches":
        parts.append(spec.persistence)  # on z/OS a persistent cache must be named as such
    return [str(java), "-Xshareclasses:" + ",".join(parts + [action])]


def run(argv: list[str]) -> str:
    """Run a cache utility; its output (stdout and stderr: the JVM writes to both) as text."""
    env = {k: v for k, v in os.environ.items() if k not in _OPTION_VARIABLES}
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise JoptError(f"{' '.join(argv)} did not finish in {TIMEOUT:.0f} s") from None
    except OSError as error:
        raise ConfigError(f"cannot run the JVM: {error.strerror}", path=argv[0]) from None
    data = done.stdout
    return data.decode(detect_codec(data[:65536]), errors="replace")


# --- the whole check --------------------------------------------------------------------------


def _base(component: Component, spec: CacheSpec, where: Path, java: tuple[Path, str]) -> dict[str, Any]:
    return {
        "schema": sharedcache.SCHEMA,
        "component": component.id,
        "cache": {"name": spec.name, "cache_dir": spec.cache_dir, "directory": str(where),
                  "persistence": spec.persistence, "source": spec.source, "option": spec.option},
        "owner": None,
        "java": {"path": str(java[0]), "source": java[1]},
        "commands": {},
        "listed": None,
        "stats": None,
        "persistent": None,
        "messages": [],
        "findings": [],
    }  # fmt: skip


def _persistent(row: sharedcache.Listed | None, spec: CacheSpec, on_zos: bool) -> bool | None:
    if row is not None:
        return row.cache_type == "persistent"
    if spec.persistence:
        return spec.persistence == "persistent"
    return False if on_zos else None  # z/OS makes non-persistent caches unless told otherwise


def _cache_of(site: Site, name: str) -> tuple[Component, CacheSpec]:
    (component,) = site.select((name,))
    spec = effective_cache(site, component)
    if spec is None:
        raise ConfigError(
            f"{component.id}: its JVM names no shared classes cache (no -Xshareclasses in its options file"
            f"{'' if zos.on_zos() else ', and Zowe sets one only on z/OS'}); render one: "
            f"jopt render --profile shareclasses {component.id}"
        )
    return component, spec


def _ask(java: Path, spec: CacheSpec, doc: dict[str, Any]) -> tuple[list[sharedcache.Listed], str]:
    """Run listAllCaches and printStats on the cache; their commands go into `doc`."""
    listing_cmd, stats_cmd = utility(java, spec, "listAllCaches"), utility(java, spec, "printStats")
    doc["commands"] = {"list_all_caches": listing_cmd, "print_stats": stats_cmd}
    listing = sharedcache.parse_listing(run(listing_cmd))
    return listing, run(stats_cmd)


def _save_commands(java: Path, spec: CacheSpec) -> tuple[str, str]:
    """snapshotCache and restoreFromSnapshot for the cache (snapshots are of non-persistent caches)."""
    save = spec._replace(persistence="nonpersistent")
    return " ".join(utility(java, save, "snapshotCache")), " ".join(utility(java, save, "restoreFromSnapshot"))


def inspect(site: Site, name: str, java: Path | None = None, euid: int | None = None) -> dict[str, Any]:
    """The health of the component's cache, as a jopt-cache/1 document."""
    component, spec = _cache_of(site, name)
    on_zos = zos.on_zos()
    where = directory(spec, on_zos)
    doc = _base(component, spec, where, find_java(site, java))
    others = sharing(site, component, spec, on_zos)
    if not where.is_dir():  # the JVM would create it as this user: do not run it
        found = [sharedcache.missing(spec.name, str(where), [], said=" (the directory does not exist)")]
        found += [sharedcache.shared(spec.name, component.id, others)] if others else []
        doc["findings"] = [f._asdict() for f in found]
        return doc
    uid = check_user(where, spec.name, os.geteuid() if euid is None else euid)
    doc["owner"] = {"uid": uid, "user": _user(uid)}
    java_path = Path(doc["java"]["path"])
    listing, printed = _ask(java_path, spec, doc)
    stats, messages = sharedcache.parse_stats(printed), sharedcache.messages(printed)
    if stats is None and not messages:
        said = next((line.strip() for line in printed.splitlines() if line.strip()), "nothing")
        raise ConfigError(f"printed no cache statistics (an OpenJ9 JVM is needed); it said: {said}", path=java_path)
    row = next((r for r in listing if r.name == spec.name and r.compatible), None)
    doc["listed"] = row._asdict() if row else None
    doc["stats"] = {k: v for k, v in stats._asdict().items() if k != "name"} if stats else None
    doc["persistent"] = _persistent(row, spec, on_zos)
    doc["messages"] = [m._asdict() for m in messages]
    save = _save_commands(java_path, spec)
    facts = sharedcache.Facts(spec.name, str(where), component.id, on_zos, doc["persistent"], others, save)
    doc["findings"] = [f._asdict() for f in sharedcache.assess(facts, stats, listing, messages)]
    return doc
