"""Which options win for a component: its JVM's command line as it will be, before a restart.

Reads the component's start script and the helpers it sources from its own folders
(`bin/apiml-common-scripts.sh`, `bin/parse_jvm_args.sh`), zowe.yaml (and the manifest's
defaults) for the `ZWE_*` values, and the options files; puts the options file where it
lands (hook: jopt's `${JOPT_OPTIONS}` just before `-jar`; native: `${CUSTOM_JVM_OPTS}`,
where `components.<id>.jvm` goes; both when both are configured), and applies the JVM's
rules (`jopt.options.effective`). `render`, `install --native` and `status` use the same
explanation to say when an option the user asked for will lose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import EllipsisType
from typing import Any, NamedTuple

from jopt.app import nativeview
from jopt.app.site import Site
from jopt.errors import ConfigError, JoptError, NotJava
from jopt.options import effective
from jopt.options.effective import Arg, Loss, Problem, Row, SharedCache
from jopt.redaction import MASK, is_secret_env_name, is_secret_property
from jopt.script import hook, launchline, native, scriptfile, shellwords
from jopt.script.launchline import Helper, LaunchWord
from jopt.settings.inputs import detect_codec
from jopt.storage import yamlfile
from jopt.zowe import envvars, yamlread
from jopt.zowe.discovery import Component

SCHEMA = "jopt-explain/1"
MODES = ("hook", "native", "both", "none")
JVMS = ("openj9", "hotspot")
HELPER_FOLDERS = ("bin", "scripts")


@dataclass
class Explanation:
    component: str
    tag: str
    mode: str  # hook, native, both or none: where the options file is passed
    jvm: str
    zos: bool
    script: str
    helpers: list[str] = field(default_factory=list)
    zowe_yaml: str | None = None
    command: list[Arg] = field(default_factory=list)  # the java command's arguments, as the script passes them
    args: list[Arg] = field(default_factory=list)  # the JVM's options, options files expanded
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def losses(self) -> list[Loss]:
        """Options of the options files that something later overrides."""
        return effective.losses(self.rows, from_options_file)

    def replaced(self) -> list[Loss]:
        """The start script's and zowe.yaml's options that the options files override."""
        return effective.wins_over(self.rows, from_options_file)

    def cache(self) -> SharedCache | None:
        return effective.shared_cache(self.args, self.zos)

    def as_dict(self) -> dict[str, Any]:
        cache = self.cache()
        return {
            "schema": SCHEMA, "component": self.component, "tag": self.tag, "mode": self.mode,
            "jvm": self.jvm, "platform": "z/OS" if self.zos else "other", "script": self.script,
            "helpers": self.helpers, "zowe_yaml": self.zowe_yaml,
            "rows": [_row_dict(r) for r in self.rows],
            "losing": [{"option": shown(x.arg), "where": x.arg.where, "loses_to": shown(x.winner),
                        "winner_where": x.winner.where, "message": loss_message(self, x)} for x in self.losses()],
            "shared_cache": None if cache is None else {
                "name": cache.name, "cache_dir": cache.cache_dir, "persistence": cache.persistence,
                "option": shown(cache.option), "where": cache.option.where, "defaults": list(cache.defaults)},
            "problems": [{"option": shown(p.arg), "where": p.arg.where, "message": p.message} for p in self.problems],
            "warnings": warnings(self),
            "notes": self.notes,
        }  # fmt: skip


def from_options_file(arg: Arg) -> bool:
    return arg.source == "options file"


def shown(arg: Arg) -> str:
    """The option for a report: a secret-looking property's value masked."""
    if arg.value.startswith("-D"):
        key, eq, _ = arg.value[2:].partition("=")
        if eq and is_secret_property(key):
            return f"-D{key}={MASK}"
    return arg.value


def _arg_dict(arg: Arg) -> dict[str, Any]:
    data = arg.as_dict()
    masked = shown(arg)
    if masked != arg.value:  # a secret-looking property: its value masked, as written or not
        data["value"] = masked
        data["option"] = arg.option if "${" in arg.option else masked
    return data


def _row_dict(row: Row) -> dict[str, Any]:
    args = [_arg_dict(a) for a in row.args]
    return {"family": row.family, "rule": row.rule, "args": args, "winner": len(args) - 1 if row.winner else None}


# --- the messages ------------------------------------------------------------------------


def loss_message(explanation: Explanation, loss: Loss) -> str:
    """What to say of an option that loses, e.g. "-Dx=1 in java.options.GW line 2 loses to
    -Dx=2 at start.sh line 67 in native mode; use the hook (jopt install gateway)"."""
    arg, winner = loss.arg, loss.winner
    where = f"line {winner.line}" if winner.file == arg.file else winner.where
    when = f" ({'' if winner.certain else 'only '}{winner.condition})" if winner.condition else ""
    verb = "loses" if winner.certain else "may lose"
    head = f"{shown(arg)} in {arg.file} line {arg.line} {verb} to {shown(winner)} at {where}{when}"
    if winner.file == arg.file:
        return f"{head}: the later one in the same file wins"
    fixes = []
    if arg.slot == "native" and winner.source == "script":
        fixes.append(f"use the hook (jopt install {explanation.component})")
    fixes += [f"set {key}" for key in winner.keys[:1]]
    return f"{head} in {explanation.mode} mode" + (f"; {' or '.join(fixes)}" if fixes else "")


def cache_message(explanation: Explanation, loss: Loss) -> str:
    cache = explanation.cache()
    uses = ""
    if cache is not None and cache.option == loss.winner:
        folder = f" in {cache.cache_dir}" if cache.cache_dir else ""
        uses = f"; the JVM will use cache {cache.name}{folder} ({cache.persistence})"
    when = f", {loss.arg.condition}" if loss.arg.condition else ""
    return (
        f"{loss.winner.value} ({loss.winner.where}) replaces Zowe's {loss.arg.value} "
        f"({loss.arg.where}{when}): OpenJ9 uses only the last -Xshareclasses{uses}"
    )


def _native_key(explanation: Explanation, arg: Arg) -> str | None:
    """The components.<id>.jvm key that put `arg` into ${CUSTOM_JVM_OPTS}, if one did."""
    if arg.source == "zowe.yaml" and arg.keys:
        return arg.keys[0]
    if arg.slot == "native":
        return f"components.{explanation.component}.jvm.{native.OPTIONS_FILE_KEY}"
    return None


def unordered_messages(explanation: Explanation) -> list[str]:
    """Families that two components.<id>.jvm settings both set: parse_jvm_args.sh takes the
    settings in the order `env` prints them, which is not fixed, so either may win."""
    found = []
    for row in explanation.rows:
        keyed = [(k, a) for a in row.args if (k := _native_key(explanation, a)) is not None]
        if row.winner is None or len({k for k, _ in keyed}) < 2 or len({a.value for _, a in keyed}) < 2:
            continue
        both = " and ".join(f"{shown(a)} ({k if a.source == 'zowe.yaml' else a.where})" for k, a in keyed)
        found.append(
            f"{both} both set {row.family} from ${{CUSTOM_JVM_OPTS}}; parse_jvm_args.sh takes "
            "components.<id>.jvm in the order `env` prints it, which is not fixed: keep one"
        )
    return found


def losing(explanation: Explanation) -> list[str]:
    """ "<component>: ..." for each option of the options files that will not take effect: it
    loses, its place among components.<id>.jvm is not fixed, or the JVM refuses it."""
    found = [loss_message(explanation, loss) for loss in explanation.losses()]
    found += unordered_messages(explanation)
    found += [f"{shown(p.arg)} at {p.arg.where}: {p.message}" for p in explanation.problems]
    return [f"{explanation.component}: {line}" for line in found]


def cache_notes(explanation: Explanation) -> list[str]:
    """ "<component>: ..." when an options file's -Xshareclasses replaces the start script's."""
    found = [
        cache_message(explanation, x) for x in explanation.replaced() if x.winner.value.startswith("-Xshareclasses")
    ]
    return [f"{explanation.component}: {line}" for line in found]


def warnings(explanation: Explanation) -> list[str]:
    """What to tell the user who asked for the options files' options."""
    return losing(explanation) + cache_notes(explanation)


class Effect(NamedTuple):
    """What `render`, `install --native` and `status` say about a component's options file."""

    losing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def effect(
    site: Site, component: Component, mode: str, jvm: str = "openj9", texts: dict[str, str] | None = None
) -> Effect:
    """The options file's fate in `mode`, or nothing when it is not passed (mode none) or the
    start script cannot be explained (status and the writers report that themselves)."""
    if mode not in ("hook", "native", "both"):
        return Effect()
    try:
        found = explain(site, component, mode, jvm, texts=texts)
    except JoptError:
        return Effect()
    return Effect(tuple(losing(found)), tuple(cache_notes(found)))


# --- reading the site --------------------------------------------------------------------


def _text(path: Path) -> str:
    data = path.read_bytes()
    return data.decode(detect_codec(data[:65536]), errors="replace")


def _helpers(component: Component, lines: tuple[str, ...], shown: str, notes: list[str]) -> dict[Path, Helper]:
    """The scripts the start script sources from the component's own folders (each once)."""
    found: dict[str, tuple[Path, Helper]] = {}
    missing: dict[str, int] = {}
    pwd = str(component.root)
    for source in launchline.sources(lines, shown):
        path_text = shellwords.evaluate(source.path, lambda n: pwd if n == "$(pwd)" else ...).text
        path = Path(path_text) if path_text.startswith("/") else component.root / path_text
        name = path.name
        inside = any(path.parent == component.root / folder for folder in HELPER_FOLDERS)
        if name in found or not inside:
            continue
        if path.is_file():
            found[name] = (path, Helper(name, scriptfile.load(path).text.lines, source.line))
            missing.pop(name, None)
        else:
            missing.setdefault(name, source.line)
    notes += [
        f"{shown} line {line} sources {name}, which is not there: its variables are not known"
        for name, line in missing.items()
    ]
    return dict(found.values())


class _Values:
    """`ZWE_*` values from zowe.yaml and the manifest's defaults; records the keys used."""

    def __init__(self, component: Component, config: Any, defaults: Any) -> None:
        self.component, self.config, self.defaults = component, config, defaults
        self.keys: list[str] = []

    def __call__(self, name: str) -> str | EllipsisType | None:
        if name == "$(pwd)":
            return str(self.component.root)
        setting = envvars.setting(name, self.component.id, self.config, self.defaults)
        if setting is None:
            return ...
        self.keys.append(setting.key)
        if is_secret_env_name(name):
            return ...
        return setting.value

    def arg(self, word: LaunchWord) -> Arg:
        self.keys = []
        value = shellwords.evaluate(word.text, self)
        via = f"{word.via} at line {word.via_line}" if word.via else ""
        return Arg(word.text, value.text, word.file, word.line, "script", via, ", ".join(word.condition),
                   word.certain, tuple(dict.fromkeys(self.keys)), bool(value.defaulted), exact=value.exact)  # fmt: skip


def _config(site: Site) -> Any:
    """zowe.yaml as Zowe reads it for the site's HA instance (every --zowe-yaml entry merged,
    templates evaluated); None when there is none or it cannot be evaluated."""
    if site.locations.config is None:
        return None
    try:
        return site.locations.config.value(())
    except JoptError:
        return None


def _defaults(component: Component) -> Any:
    try:
        data = yamlfile.load(component.manifest, "manifest")
    except JoptError:
        return None
    return data.get("configs") if isinstance(data, dict) else None


def _jvm_settings(config: Any, component: str) -> dict[str, Any]:
    found = yamlread.value(config, ("components", component, "jvm"))
    return found if isinstance(found, dict) else {}


def _native_args(site: Site, component: Component, config: Any, word: LaunchWord, wants_native: bool) -> list[Arg]:
    """What `${CUSTOM_JVM_OPTS}` holds: components.<id>.jvm, and the options file when native
    mode is asked for and zowe.yaml does not point at it yet."""
    settings = {str(k): v for k, v in _jvm_settings(config, component.id).items()}
    if wants_native and native.OPTIONS_FILE_KEY not in settings:
        settings[native.OPTIONS_FILE_KEY] = f"={site.locations.overrides / ('java.options.' + site.tags[component.id])}"
    via = f"${{CUSTOM_JVM_OPTS}} at {word.file} line {word.line}"
    args = []
    for name in sorted(settings):  # parse_jvm_args.sh takes them in the order `env` prints
        raw = settings[name]
        value = "true" if raw is True else "false" if raw is False else "" if raw is None else str(raw)
        option = native.jvm_option(name, value)
        key = f"components.{component.id}.jvm.{name}"
        args.append(Arg(option, option, "zowe.yaml", None, "zowe.yaml", via, keys=(key,), slot="native"))
    return args


def _hook_file(site: Site, component: Component, ha: str | None, texts: dict[str, str]) -> Path | None:
    """The options file the hook passes, in the hook's order (HA-instance files first)."""
    tag = site.tags[component.id]
    names = [f"java.options.{tag}.{ha}", f"java.argfile.{tag}.{ha}"] if ha else []
    names += [f"java.options.{tag}", f"java.argfile.{tag}"]
    for name in names:
        path = site.locations.overrides / name
        if str(path) in texts or path.is_file():
            return path
    return None


def _hook_arg(path: Path, word: LaunchWord | None) -> Arg:
    option = f"-Xoptionsfile={path}" if path.name.startswith("java.options.") else f"@{path}"
    via = f"${{JOPT_OPTIONS}} at {word.file} line {word.line}" if word else "the hook, before -jar"
    return Arg(option, option, word.file if word else "hook", word.line if word else None, "hook", via, slot="hook")


def _command_line(site: Site, component: Component, launch: launchline.LaunchLine, mode: str, ha: str | None,
                  texts: dict[str, str], notes: list[str]) -> list[Arg]:  # fmt: skip
    config = _config(site)
    values = _Values(component, config, _defaults(component))
    hook_path = _hook_file(site, component, ha, texts) if mode in ("hook", "both") else None
    if mode in ("hook", "both") and hook_path is None:
        notes.append(f"no options file for the hook: java.options.{site.tags[component.id]} does not exist")
    args: list[Arg] = []
    hooked = False
    for word in launch.words:
        if word.slot == "native":
            args += _native_args(site, component, config, word, mode in ("native", "both"))
        elif word.slot == "hook":
            hooked = True
            args += [_hook_arg(hook_path, word)] if hook_path else []
        elif word.slot == "unknown":
            notes.append(f"{word.text} at {launch.file} line {word.line} is set by the environment; not known here")
        else:
            if word.text == "-jar" and hook_path is not None and not hooked:
                args.append(_hook_arg(hook_path, None))
                hooked = True
            args.append(values.arg(word))
    if mode in ("native", "both") and not any(w.slot == "native" for w in launch.words):
        notes.append(
            f"{launch.file} has no ${{CUSTOM_JVM_OPTS}} on its java command: zowe.yaml cannot pass the options "
            f"file (not native-capable); use the hook: jopt install {component.id}"
        )
    return args


def default_mode(site: Site, component: Component, lines: tuple[str, ...]) -> str:
    """How the JVM gets the options file now (as `jopt status` says it): hook, native or none."""
    found = hook.inspect(lines, site.hook_params(component)).state
    return nativeview.view(site, component, lines, found).mode


def explain(
    site: Site,
    component: Component,
    mode: str | None = None,
    jvm: str = "openj9",
    zos: bool = True,
    ha: str | None = None,
    texts: dict[str, str] | None = None,
) -> Explanation:
    """The component's JVM command line and who wins. `mode`: where the options file is passed
    (default: how jopt finds the component now); `texts`: options-file texts to use instead of
    the files (path -> text), for what `render` is about to write."""
    if mode is not None and mode not in MODES:
        raise ConfigError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    texts = texts or {}
    script = scriptfile.of_component(component)
    mode = mode or default_mode(site, component, script.text.lines)
    shown = script.shown.name
    notes: list[str] = []
    helpers = _helpers(component, script.text.lines, shown, notes)
    launch = launchline.launch_line(shown, script.text.lines, list(helpers.values()), zos)
    if launch is None:
        raise NotJava("has no Java launch (java ... -jar ... &)", path=script.shown)
    zowe_yaml = str(site.locations.zowe_yaml) if site.locations.zowe_yaml else None
    result = Explanation(component.id, site.tags[component.id], mode, jvm, zos, str(script.shown),
                         [str(p) for p in helpers], zowe_yaml, notes=notes)  # fmt: skip
    result.command = _command_line(site, component, launch, mode, ha, texts, notes)
    jvm_args, _ = effective.jvm_part(result.command)
    read: Callable[[str], str | None] = lambda path: texts.get(path) if path in texts else _read(path)  # noqa: E731
    expanded = effective.expand(jvm_args, read, jvm)
    result.args, result.problems = list(expanded.args), list(expanded.problems)
    result.rows = effective.resolve(result.args)
    if mode == "none" and _hook_file(site, component, ha, texts) is not None:
        notes.append(
            "the options file is not passed: no hook and zowe.yaml does not point at it; "
            "--mode hook or --mode native shows what each would do"
        )
    return result


def _read(path: str) -> str | None:
    try:
        return _text(Path(path))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"cannot read options file: {error.strerror}", path=path) from None
