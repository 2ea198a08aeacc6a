# Copyright (c) the jopt authors. SPDX-License-Identifier: EPL-2.0
"""What both jopt modules share: the location options, the jopt import, jopt's errors."""

from __future__ import annotations

import traceback
from pathlib import Path

from ansible.module_utils.basic import env_fallback, missing_required_lib

try:
    from jopt.app.fleet import Where
    from jopt.errors import JoptError
except ImportError:
    JOPT_IMPORT_ERROR = traceback.format_exc()
    JoptError = Exception  # never raised: the module fails before calling jopt
else:
    JOPT_IMPORT_ERROR = None

#: The CLI's location options, with the same JOPT_* variables (set through `environment:`).
LOCATION_ARGS = {
    "zowe_yaml": {"type": "path", "fallback": (env_fallback, ["JOPT_ZOWE_YAML"])},
    "runtime": {"type": "path", "fallback": (env_fallback, ["JOPT_RUNTIME"])},
    "extensions": {"type": "path", "fallback": (env_fallback, ["JOPT_EXTENSIONS"])},
    "overrides": {"type": "path", "fallback": (env_fallback, ["JOPT_OVERRIDES"])},
    "ha_instance": {"type": "str", "fallback": (env_fallback, ["ZWE_haInstance_id"])},
}
_PATHS = ("zowe_yaml", "runtime", "extensions", "overrides")


def require_jopt(module):
    """Fail the task, saying what to install, when jopt cannot be imported on the node."""
    if JOPT_IMPORT_ERROR is not None:
        module.fail_json(
            msg=missing_required_lib("jopt (pip install jopt, for ansible_python_interpreter)"),
            exception=JOPT_IMPORT_ERROR,
        )


def where(module):
    """The locations the task gives, as jopt.app.fleet.Where."""
    paths = {key: Path(module.params[key]) if module.params[key] else None for key in _PATHS}
    return Where(**paths, ha_instance=module.params["ha_instance"] or None)


def run_jopt(module, call):
    """`call()`, with a jopt error failing the task with jopt's own one-line message."""
    try:
        return call()
    except JoptError as error:
        module.fail_json(msg=str(error))
