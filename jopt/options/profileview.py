"""How profiles look to people: the list, one profile's details, JSON. Pure: no click, no files."""

from __future__ import annotations

import shlex
from typing import Any

from jopt.errors import ConfigError
from jopt.options import render
from jopt.options.profiles import Parameter, Profile

#: The component the examples in `jopt profiles show` are rendered for.
EXAMPLE_CONTEXT = render.Context("gateway", "GW", "<overrides>", "<logs>")


def source_label(profile: Profile, builtin_names: set[str]) -> str:
    if profile.source == "site" and profile.name in builtin_names:
        return "site (replaces built-in)"
    return profile.source


def table(profiles: list[Profile], builtin_names: set[str]) -> str:
    rows = [("NAME", "JVMS", "SOURCE", "DESCRIPTION")]
    rows += [(p.name, ",".join(p.jvms), source_label(p, builtin_names), p.description) for p in profiles]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join([*(r[i].ljust(widths[i]) for i in range(3)), r[3]]).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def example_sets(profile: Profile) -> tuple[str, ...]:
    """The --set values of the profile's example command line."""
    words = shlex.split(profile.example) if profile.example else []
    return tuple(words[i + 1] for i, w in enumerate(words[:-1]) if w == "--set")


def example_options(profile: Profile) -> list[str]:
    """What the example renders for the sample gateway (or ["error: ..."])."""
    request = render.Request([profile], example_sets(profile), profile.jvms[0])
    try:
        result = render.render(request, [EXAMPLE_CONTEXT])
    except ConfigError as error:
        return [f"error: {error}"]
    return list(result.outputs[0].options)


def _default(param: Parameter) -> str:
    if param.default is None:
        return "-"
    return str(param.default).lower() if isinstance(param.default, bool) else str(param.default)


def _kind(param: Parameter) -> str:
    if param.type == "choice":
        return "|".join(str(a) for a in param.allowed)
    if param.type == "integer" and (param.minimum is not None or param.maximum is not None):
        low = "" if param.minimum is None else str(param.minimum)
        high = "" if param.maximum is None else str(param.maximum)
        return f"integer {low}..{high}"
    return param.type


def details(profile: Profile, builtin_names: set[str]) -> str:
    lines = [
        f"{profile.name} ({source_label(profile, builtin_names)}: {profile.path})",
        profile.description,
        f"JVMs: {', '.join(profile.jvms)}",
        "",
    ]
    if profile.parameters:
        lines.append(f"Parameters (--set KEY=VALUE, or --set {profile.name}.KEY=VALUE):")
        rows = [(p.name, _kind(p), _default(p), p.help) for p in profile.parameters.values()]
        rows.insert(0, ("KEY", "TYPE", "DEFAULT", "HELP"))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        lines += ["  " + "  ".join([*(r[i].ljust(widths[i]) for i in range(3)), r[3]]) for r in rows]
    else:
        lines.append("Parameters: none")
    for title, items in (("Notes", profile.notes), ("Warnings", profile.warnings)):
        if items:
            lines += ["", f"{title}:"] + [f"  {item}" for item in items]
    if profile.example:
        lines += [
            "",
            "Example:",
            f"  $ {profile.example}",
            f"  renders, for component gateway (tag GW), {profile.jvms[0]}:",
        ]
        lines += [f"  {option}" for option in example_options(profile)]
    return "\n".join(lines) + "\n"


def as_dict(profile: Profile, builtin_names: set[str]) -> dict[str, Any]:
    return {
        "name": profile.name,
        "description": profile.description,
        "jvms": list(profile.jvms),
        "source": source_label(profile, builtin_names),
        "path": str(profile.path),
        "template": str(profile.template_path),
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "default": p.default,
                "allowed": list(p.allowed),
                "min": p.minimum,
                "max": p.maximum,
                "help": p.help,
            }
            for p in profile.parameters.values()
        ],
        "notes": list(profile.notes),
        "warnings": list(profile.warnings),
        "example": profile.example,
        "example_options": example_options(profile) if profile.example else [],
    }
