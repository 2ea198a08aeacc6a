"""Profiles: a YAML file (name, description, JVMs, typed parameters) plus a jinja2 template.

Built-ins live in the package's `overrides/` folder; a site's own profiles in
`<overrides>/profiles/` (or `--profiles-dir`) replace built-ins of the same name. Every
problem in a profile file is a ConfigError naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import yaml

from jopt.errors import ConfigError
from jopt.options import sizes
from jopt.options.jvmoptions import DIALECTS
from jopt.resources import data_dir

TYPES = ("string", "size", "integer", "boolean", "choice")
#: Names the templates get from jopt; parameters may not use them.
CONTEXT_NAMES = ("component", "tag", "dialect", "overrides", "logs", "jopt_version")
_PROFILE_KEYS = {"name", "description", "jvms", "parameters", "notes", "warnings", "example"}
_PARAM_KEYS = {"type", "default", "help", "allowed", "min", "max"}
_NAME = re.compile(r"[a-z][a-z0-9-]*")
_PARAM = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class Parameter(NamedTuple):
    name: str
    type: str
    default: Any
    help: str
    allowed: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def convert(self, raw: Any) -> Any:
        """The typed value of `raw` (a --set string or a YAML value); ValueError says why not."""
        if raw is None or raw == "":
            return None
        value = _CONVERTERS[self.type](self, raw)
        if self.allowed and value not in self.allowed:
            raise ValueError(f"{raw!r} is not one of: {', '.join(str(a) for a in self.allowed)}")
        if self.type == "integer" and self.minimum is not None and value < self.minimum:
            raise ValueError(f"{value} is below the minimum {self.minimum}")
        if self.type == "integer" and self.maximum is not None and value > self.maximum:
            raise ValueError(f"{value} is above the maximum {self.maximum}")
        return value


def _to_string(param: Parameter, raw: Any) -> str:
    if isinstance(raw, (dict, list)):
        raise ValueError("must be a single value")
    text = str(raw)
    if any(c in text for c in "\n\r\x00"):  # a line end would start another JVM option
        raise ValueError(f"{text!r} holds a line end or NUL; a value must stay on one line")
    return text


def _to_size(param: Parameter, raw: Any) -> str:
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(text, str):
        raise ValueError(f"{raw!r} is not a size")
    try:
        sizes.parse(text)
    except sizes.SizeError as error:
        raise ValueError(str(error)) from None
    return text


def _to_integer(param: Parameter, raw: Any) -> int:
    if isinstance(raw, bool) or not (isinstance(raw, int) or (isinstance(raw, str) and re.fullmatch(r"-?[0-9]+", raw))):
        raise ValueError(f"{raw!r} is not an integer")
    return int(raw)


def _to_boolean(param: Parameter, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(f"{raw!r} is not a boolean (true/false, yes/no, on/off, 1/0)")


_CONVERTERS: dict[str, Callable[[Parameter, Any], Any]] = {
    "string": _to_string,
    "size": _to_size,
    "integer": _to_integer,
    "boolean": _to_boolean,
    "choice": _to_string,
}


class Profile(NamedTuple):
    name: str
    description: str
    jvms: tuple[str, ...]
    parameters: dict[str, Parameter]
    template: jinja2.Template
    path: Path  # the YAML file
    template_path: Path
    source: str  # "built-in" or "site"
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    example: str = ""

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}

    def template_with(self, undefined: type[jinja2.Undefined]) -> jinja2.Template:
        """The template compiled again with another Undefined (to find every undefined name)."""
        return _environment(self.template_path.parent, undefined).get_template(self.template_path.name)


# --- reading YAML with line numbers -------------------------------------------------------


class _Lines(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based) and its own line."""

    line: int = 0
    lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Lines:
    mapping = _Lines(loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]  # YAML keys of profiles are strings
    mapping.line = node.start_mark.line + 1
    mapping.lines = {loader.construct_object(k, deep=True): k.start_mark.line + 1 for k, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> _Lines:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read profile: {error}", path=path) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ConfigError(
            f"malformed profile YAML: {error.problem or error.context}", path=path, line=mark.line + 1 if mark else None
        ) from None
    if not isinstance(data, _Lines):
        raise ConfigError("a profile must be a YAML mapping (name, description, jvms, parameters)", path=path, line=1)
    return data


def _line(mapping: Any, key: str) -> int | None:
    if isinstance(mapping, _Lines):
        return mapping.lines.get(key, mapping.line)
    return None


# --- validating ---------------------------------------------------------------------------


def _strings(data: _Lines, key: str, path: Path) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a list of strings", path=path, line=_line(data, key))
    return tuple(value)


def _parameter(name: str, spec: Any, path: Path, line: int | None) -> Parameter:
    def fail(message: str, key: str | None = None) -> ConfigError:
        at = _line(spec, key) if key and isinstance(spec, dict) and key in spec else line
        return ConfigError(f"parameter {name}: {message}", path=path, line=at)

    if not _PARAM.fullmatch(str(name)) or name in CONTEXT_NAMES:
        raise fail(f"bad name (letters, digits, _; not one of {', '.join(CONTEXT_NAMES)})")
    if not isinstance(spec, dict):
        raise fail("must be a mapping with type, default and help")
    unknown = sorted(set(spec) - _PARAM_KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_PARAM_KEYS))})", unknown[0])
    if spec.get("type") not in TYPES:
        raise fail(f"type must be one of {', '.join(TYPES)}", "type")
    if not isinstance(spec.get("help"), str) or not spec["help"].strip():
        raise fail("help is missing", "help")
    allowed = spec.get("allowed", [])
    if not isinstance(allowed, list) or (spec["type"] == "choice" and not allowed):
        raise fail("allowed must be a list (and a choice needs one)", "allowed")
    bounds = {k: spec.get(k) for k in ("min", "max")}
    if any(v is not None and (isinstance(v, bool) or not isinstance(v, int)) for v in bounds.values()):
        raise fail("min and max must be integers", "min" if "min" in spec else "max")
    param = Parameter(name, spec["type"], None, spec["help"].strip(), tuple(allowed), bounds["min"], bounds["max"])
    try:
        default = param.convert(spec.get("default"))
    except ValueError as error:
        raise fail(f"default: {error}", "default") from None
    return Parameter(name, param.type, default, param.help, param.allowed, param.minimum, param.maximum)


def _check_top(data: _Lines, path: Path) -> None:
    unknown = sorted(set(data) - _PROFILE_KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_PROFILE_KEYS))})",
            path=path,
            line=_line(data, unknown[0]),
        )
    if data.get("name") != path.stem:
        raise ConfigError(f"name must be {path.stem!r}, the file's name", path=path, line=_line(data, "name"))
    if not _NAME.fullmatch(path.stem):
        raise ConfigError("profile names are lower-case letters, digits and -", path=path, line=_line(data, "name"))
    if not isinstance(data.get("description"), str) or not data["description"].strip():
        raise ConfigError("description is missing", path=path, line=_line(data, "description"))
    jvms = data.get("jvms")
    if not isinstance(jvms, list) or not jvms or not set(jvms) <= set(DIALECTS):
        raise ConfigError(f"jvms must list one or both of: {', '.join(DIALECTS)}", path=path, line=_line(data, "jvms"))
    if not isinstance(data.get("parameters", {}), dict):
        raise ConfigError("parameters must be a mapping", path=path, line=_line(data, "parameters"))


def _environment(folder: Path, undefined: type[jinja2.Undefined]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _template(template_path: Path) -> jinja2.Template:
    if not template_path.is_file():
        raise ConfigError(
            "template not found (each profile NAME.yaml needs NAME.options.j2 beside it)", path=template_path
        )
    try:
        return _environment(template_path.parent, jinja2.StrictUndefined).get_template(template_path.name)
    except jinja2.TemplateSyntaxError as error:
        raise ConfigError(f"template syntax error: {error.message}", path=template_path, line=error.lineno) from None


def load(path: Path, source: str = "site") -> Profile:
    """One profile from its YAML file and the template beside it."""
    data = _read_yaml(path)
    _check_top(data, path)
    specs = data.get("parameters") or {}
    parameters = {str(n): _parameter(str(n), s, path, _line(specs, n)) for n, s in specs.items()}
    template_path = path.with_name(f"{path.stem}.options.j2")
    return Profile(
        name=path.stem,
        description=data["description"].strip(),
        jvms=tuple(data["jvms"]),
        parameters=parameters,
        template=_template(template_path),
        path=path,
        template_path=template_path,
        source=source,
        notes=_strings(data, "notes", path),
        warnings=_strings(data, "warnings", path),
        example=str(data.get("example") or ""),
    )


# --- finding ------------------------------------------------------------------------------


def builtin_dir() -> Path:
    return data_dir("overrides")


def site_dir(overrides: Path | None, profiles_dir: Path | None) -> Path | None:
    """Where a site's profiles are: --profiles-dir, else <overrides>/profiles."""
    if profiles_dir is not None:
        if not profiles_dir.is_dir():
            raise ConfigError("profiles directory not found", path=profiles_dir)
        return profiles_dir
    return overrides / "profiles" if overrides is not None else None


def available(site: Path | None) -> dict[str, tuple[Path, str]]:
    """Profile name -> (YAML path, source); site profiles replace built-ins of the same name."""
    found = {p.stem: (p, "built-in") for p in sorted(builtin_dir().glob("*.yaml"))}
    if site is not None and site.is_dir():
        found.update({p.stem: (p, "site") for p in sorted(site.glob("*.yaml"))})
    return found


def find(name: str, site: Path | None) -> Profile:
    return find_all([name], site)[0]


def find_all(names: tuple[str, ...] | list[str], site: Path | None) -> list[Profile]:
    """The named profiles in order; one error naming every unknown name."""
    known = available(site)
    unknown = [n for n in names if n not in known]
    if unknown:
        listed = ", ".join(repr(n) for n in unknown)
        raise ConfigError(
            f"unknown profile{'s' if len(unknown) > 1 else ''} {listed}; known: {', '.join(sorted(known)) or '(none)'}"
        )
    return [load(*known[name]) for name in names]


def load_all(site: Path | None) -> list[Profile]:
    return [load(path, source) for path, source in available(site).values()]
