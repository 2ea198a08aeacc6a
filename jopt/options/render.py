"""Profiles -> the options file of each component: compose, validate, format. Pure (no files).

Profiles compose in the order given. Two profiles that set the same option family (see
`jvmoptions.family`) is an error naming both, unless `allow_override`, when the later one
wins and the result says so. Every problem is collected, each with where it came from,
and reported together in one RenderError.
"""

from __future__ import annotations

import shlex
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import jinja2

from jopt import __version__
from jopt.errors import ConfigError
from jopt.options import jvmoptions, optionsfile
from jopt.options.profiles import CONTEXT_NAMES, Profile

FILE_PREFIX = optionsfile.FILE_PREFIX


class Context(NamedTuple):
    """What a template may use besides its parameters."""

    component: str
    tag: str
    overrides: str
    logs: str
    ha_instance: str = ""  # the file is for this HA instance (java.options.<TAG>.<ID>); not a template name

    def names(self, dialect: str) -> dict[str, str]:
        names = {k: v for k, v in self._asdict().items() if k != "ha_instance"}
        return {**names, "dialect": dialect, "jopt_version": __version__}


class Request(NamedTuple):
    profiles: list[Profile]
    sets: tuple[str, ...] = ()
    dialect: str = "openj9"
    allow_override: bool = False


class Problem(NamedTuple):
    where: str
    message: str
    component: str | None = None


class RenderError(ConfigError):
    """One or more problems; the message lists them all, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"cannot render, {count} (nothing written):\n  " + "\n  ".join(problems))


class Output(NamedTuple):
    """The rendered options file of one component."""

    context: Context
    file_name: str
    options: tuple[str, ...]
    origins: tuple[str, ...]  # the profile each option came from
    overridden: tuple[str, ...]  # "-Xmx: profile b overrides profile a"
    text: str


@dataclass(frozen=True)
class Result:
    outputs: list[Output]
    values: dict[str, dict[str, Any]]  # profile -> parameter -> value used
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def file_name(dialect: str, tag: str, ha_instance: str = "") -> str:
    """java.options.<TAG> (openj9) or java.argfile.<TAG> (hotspot); .<ID> for one HA instance."""
    return f"{FILE_PREFIX[dialect]}.{tag}" + (f".{ha_instance}" if ha_instance else "")


# --- parameters ---------------------------------------------------------------------------


def valid_keys(profiles: list[Profile]) -> str:
    """ "heap: xms, xmx, xmn; jit: threads, count" (each key may also be written PROFILE.KEY)."""
    groups = [f"{p.name}: {', '.join(p.parameters)}" for p in profiles if p.parameters]
    return "; ".join(groups) + " (or PROFILE.KEY)" if groups else "(the chosen profiles have no parameters)"


def _targets(key: str, profiles: list[Profile]) -> list[tuple[Profile, str]]:
    if "." in key:
        name, _, param = key.partition(".")
        return [(p, param) for p in profiles if p.name == name and param in p.parameters]
    return [(p, key) for p in profiles if key in p.parameters]


def parse_sets(profiles: list[Profile], sets: tuple[str, ...]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Each profile's parameter values: defaults, then `--set key=value` (key or profile.key)."""
    values = {p.name: p.defaults() for p in profiles}
    problems = []
    for item in sets:
        where = f"--set {item}" if item.isprintable() else f"--set {item!r}"
        key, eq, raw = item.partition("=")
        targets = _targets(key.strip(), profiles) if eq else []
        if not eq:
            problems.append(Problem(where, "write --set KEY=VALUE"))
        elif not targets:
            problems.append(Problem(where, f"unknown key {key.strip()!r}; valid keys: {valid_keys(profiles)}"))
        for profile, param in targets:
            try:
                values[profile.name][param] = profile.parameters[param].convert(raw)
            except ValueError as error:
                problems.append(Problem(where, f"{profile.name}.{param}: {error}"))
    return values, problems


# --- one profile --------------------------------------------------------------------------


def _template_line(error: BaseException, profile: Profile) -> int | None:
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f.lineno for f in frames if f.filename == str(profile.template_path)]
    return lines[-1] if lines else None


def where(profile: Profile, path: Path, line: int | None = None) -> str:
    """ "profile NAME (PATH:LINE)"; for a built-in, "built-in profile NAME (FILE:LINE)"."""
    suffix = f":{line}" if line else ""
    if profile.source == "built-in":
        return f"built-in profile {profile.name} ({path.name}{suffix})"
    return f"profile {profile.name} ({path}{suffix})"


def where_template(profile: Profile, line: int | None = None) -> str:
    return where(profile, profile.template_path, line)


def render_profile(
    profile: Profile, values: dict[str, Any], context: Context, dialect: str
) -> tuple[list[str], list[Problem]]:
    """The options a profile's template gives: one per non-blank line, edges stripped."""
    names = {**values, **context.names(dialect)}
    try:
        text = profile.template.render(names)
    except jinja2.UndefinedError:
        return _render_recording(profile, names, context)
    except jinja2.TemplateError as error:
        where = where_template(profile, _template_line(error, profile))
        return [], [Problem(where, f"template error: {error}", context.component)]
    return _lines(text), []


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


_UNDEFINED = "\x00undefined\x00"


def _recording(filename: str, missing: list[tuple[str, int | None]]) -> type[jinja2.Undefined]:
    """An Undefined that notes each use (name, generated-code line) instead of failing."""

    def note(name: str | None) -> None:
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename != filename:
            frame = frame.f_back  # type: ignore[assignment]
        missing.append((name or "?", frame.f_lineno if frame is not None else None))

    class Recording(jinja2.ChainableUndefined):
        def __str__(self) -> str:
            note(self._undefined_name)
            return _UNDEFINED

        def __bool__(self) -> bool:
            note(self._undefined_name)
            return False

    return Recording


def _undefined_message(profile: Profile, name: str) -> str:
    known = [*profile.parameters, *CONTEXT_NAMES]
    return f"'{name}' is undefined; the template knows: {', '.join(known)}"


def _render_recording(profile: Profile, names: dict[str, Any], context: Context) -> tuple[list[str], list[Problem]]:
    """Every undefined name (with its template line); the other lines still get validated."""
    missing: list[tuple[str, int | None]] = []
    template = profile.template_with(_recording(str(profile.template_path), missing))
    try:
        text = template.render(names)
    except jinja2.TemplateError as error:
        where = where_template(profile, _template_line(error, profile))
        return [], [Problem(where, f"template error: {error}", context.component)]
    problems = []
    for name, code_line in dict.fromkeys(missing):
        line = template.get_corresponding_lineno(code_line) if code_line else None
        problems.append(Problem(where_template(profile, line), _undefined_message(profile, name), context.component))
    return [line for line in _lines(text) if _UNDEFINED not in line], problems


# --- composing and validating --------------------------------------------------------------


def compose(
    parts: list[tuple[str, list[str]]], allow_override: bool
) -> tuple[list[tuple[str, str]], list[str], list[Problem]]:
    """(option, profile) pairs in order; later profiles may replace a family only if allowed."""
    chosen: list[tuple[str, str]] = []
    owner: dict[str, str] = {}
    overridden: list[str] = []
    problems: list[Problem] = []
    for profile, options in parts:
        for option in options:
            fam = jvmoptions.family(option)
            earlier = owner.get(fam)
            if earlier is not None and earlier != profile:
                if not allow_override:
                    problems.append(
                        Problem(
                            f"profiles {earlier} and {profile}",
                            f"both set {fam} (give --allow-override to let the later one, {profile}, win)",
                        )
                    )
                    continue
                chosen = [(o, p) for o, p in chosen if not (p == earlier and jvmoptions.family(o) == fam)]
                overridden.append(f"{fam}: profile {profile} overrides profile {earlier}")
            owner[fam] = profile
            chosen.append((option, profile))
    return chosen, overridden, problems


def validate(chosen: list[tuple[str, str]], dialect: str, places: dict[str, str]) -> list[Problem]:
    """Every option's own rules, the cross-option rules, and whether the format can hold it."""
    problems = []
    for option, profile in chosen:
        for message in jvmoptions.file_problems(option, dialect):
            problems.append(Problem(places[profile], message))
    options = [o for o, _ in chosen]
    for families, message in jvmoptions.relation_problems(options):
        involved = sorted({p for o, p in chosen if jvmoptions.family(o) in families})
        problems.append(Problem(", ".join(places[p] for p in involved), message))
    return problems


def dialect_problems(profiles: list[Profile], dialect: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for profile in profiles:
        if profile.name in seen:
            problems.append(Problem(f"--profile {profile.name}", "given more than once"))
        seen.add(profile.name)
        if dialect not in profile.jvms:
            problems.append(
                Problem(where(profile, profile.path), f"applies to {', '.join(profile.jvms)} only, not {dialect}")
            )
    return problems


def applicable(request: Request) -> list[Profile]:
    """The requested profiles that apply to the dialect, each once."""
    chosen: dict[str, Profile] = {}
    for profile in request.profiles:
        if request.dialect in profile.jvms:
            chosen.setdefault(profile.name, profile)
    return list(chosen.values())


# --- the whole render ----------------------------------------------------------------------


def header(request: Request, context: Context, values: dict[str, dict[str, Any]]) -> list[str]:
    """Comment lines naming the file, profiles, parameter values and the command to re-render."""
    names = [p.name for p in request.profiles]
    kind = "OpenJ9 options file (-Xoptionsfile)" if request.dialect == "openj9" else "HotSpot argument file (@argfile)"
    instance = f", HA instance {context.ha_instance}" if context.ha_instance else ""
    lines = [
        f"{file_name(request.dialect, context.tag, context.ha_instance)}: {kind} for component "
        f"{context.component} (tag {context.tag}{instance})",
        f"Rendered by jopt {__version__} from profiles: {', '.join(names)}",
    ]
    for profile in request.profiles:
        shown = " ".join(f"{k}={_shown(v)}" for k, v in values[profile.name].items()) or "(no parameters)"
        site = f" [site profile {profile.path}]" if profile.source == "site" else ""
        lines.append(f"  {profile.name}{site}: {shown}")
    words = [w for n in names for w in ("--profile", n)] + [w for s in request.sets for w in ("--set", s)]
    words += ["--allow-override"] if request.allow_override else []
    words += ["--dialect", request.dialect] + (["--ha-instance", context.ha_instance] if context.ha_instance else [])
    words += [context.component]
    lines.append(f"Do not edit; re-render: jopt render {shlex.join(words)}")
    return [_one_line(line) for line in lines]


def _one_line(text: str) -> str:
    """A header line that stays one comment line in both formats (no line end, no trailing \\)."""
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text + " (end)" if text.endswith("\\") else text


def _shown(value: Any) -> str:
    if value is None:
        return "(default)"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _render_one(
    request: Request, context: Context, values: dict[str, dict[str, Any]]
) -> tuple[Output | None, list[Problem]]:
    parts: list[tuple[str, list[str]]] = []
    problems: list[Problem] = []
    for profile in applicable(request):
        options, found = render_profile(profile, values[profile.name], context, request.dialect)
        parts.append((profile.name, options))
        problems += found
    chosen, overridden, found = compose(parts, request.allow_override)
    places = {p.name: where_template(p) + _set_note(p, request.sets) for p in request.profiles}
    problems += found + validate(chosen, request.dialect, places)
    problems = [Problem(p.where, p.message, context.component) for p in problems]
    if problems:
        return None, problems
    options = [o for o, _ in chosen]
    lines = header(request, context, values)
    formatter = optionsfile.format_openj9 if request.dialect == "openj9" else optionsfile.format_argfile
    text = formatter(options, lines)
    name = file_name(request.dialect, context.tag, context.ha_instance)
    return Output(context, name, tuple(options), tuple(p for _, p in chosen), tuple(overridden), text), []


def _set_note(profile: Profile, sets: tuple[str, ...]) -> str:
    mine = [s for s in sets if s.split("=", 1)[0].strip() in profile.parameters or s.startswith(profile.name + ".")]
    return f" with --set {', '.join(mine)}" if mine else ""


def _report(problems: list[Problem], components: list[str]) -> list[str]:
    """One line per distinct problem; a component list only when not all components share it."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for problem in problems:
        grouped.setdefault((problem.where, problem.message), [])
        if problem.component and problem.component not in grouped[(problem.where, problem.message)]:
            grouped[(problem.where, problem.message)].append(problem.component)
    lines = []
    for (where, message), found in grouped.items():
        scope = f" [{', '.join(found)}]" if found and len(components) > 1 and set(found) != set(components) else ""
        lines.append(f"{where}{scope}: {message}")
    return lines


def render(request: Request, contexts: list[Context]) -> Result:
    """Render every component's options file, or raise RenderError listing every problem."""
    if request.dialect not in jvmoptions.DIALECTS:
        raise ConfigError(f"unknown dialect {request.dialect!r}; use {' or '.join(jvmoptions.DIALECTS)}")
    problems = dialect_problems(request.profiles, request.dialect)
    values, found = parse_sets(request.profiles, request.sets)
    problems += found
    outputs = []
    for context in contexts:
        output, found = _render_one(request, context, values)
        problems += found
        outputs += [output] if output else []
    if problems:
        raise RenderError(_report(problems, [c.component for c in contexts]))
    notes = [n for p in request.profiles for n in p.notes]
    warnings = [w for p in request.profiles for w in p.warnings]
    return Result(outputs, values, notes, warnings)
