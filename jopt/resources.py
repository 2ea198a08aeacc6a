"""Package data: hook templates (`hooks/`), profiles (`overrides/`), the sample runtime.

In a source checkout they are the top-level folders beside `jopt/`; the wheel maps them
into the package as `jopt/hooks`, `jopt/overrides` and `jopt/sample` (pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED_NAMES = {"hooks": "hooks", "overrides": "overrides", "fixtures": "sample"}


def data_dir(name: str) -> Path:
    """The folder of package data `name`: "hooks", "overrides" or "fixtures"."""
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return _PACKAGE / _INSTALLED_NAMES[name]
