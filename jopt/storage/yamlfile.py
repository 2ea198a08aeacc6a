"""Load a YAML file with errors that name the file and line.

Plain block YAML (nearly every manifest and zowe.yaml) is read by `jopt.plainyaml`, which
gives the same values; PyYAML is imported only for the rest, and for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jopt import plainyaml
from jopt.errors import ConfigError


def load(path: Path, what: str = "YAML") -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{what} not found", path=path) from None
    except IsADirectoryError:
        raise ConfigError(f"{what} is a directory, expected a file", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {what}: {error}", path=path) from None
    return loads(text, path, what)


def loads(text: str, path: object | None = None, what: str = "YAML") -> Any:
    """Parse YAML text; ConfigError naming `path` and the line when it is malformed."""
    value = plainyaml.load(text)
    return value if value is not plainyaml.UNSUPPORTED else _pyyaml(text, path, what)


def _pyyaml(text: str, path: object | None, what: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise ConfigError(f"malformed {what}: {problem}", path=path, line=line) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"malformed {what}: {error}", path=path) from None
