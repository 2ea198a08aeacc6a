#!/usr/bin/python
# Copyright (c) the jopt authors. SPDX-License-Identifier: EPL-2.0
"""Ansible module jopt_component: a thin face over jopt.app.fleet.apply_component."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: jopt_component
short_description: Hook a Zowe component's start script and render its Java options file with jopt
description:
  - Runs on the z/OS LPAR (the managed node) and calls the jopt library installed for
    C(ansible_python_interpreter), as C(jopt install), C(jopt render), C(jopt trace) and
    C(jopt uninstall) do.
  - Everything is planned and checked before the first write; a file is written only when its
    bytes change, so C(changed) is true only when a byte changed.
  - Supports check mode (nothing is written, no directory is created) and diff mode (the text
    of each changed start script, options file or zowe.yaml before and after).
version_added: "0.1.0"
author: jopt authors
requirements:
  - jopt installed for the Python that runs the module on the node
options:
  component:
    description: Component id (e.g. C(gateway)), or C(all) for every Java component (others are skipped).
    type: str
    required: true
  state:
    description:
      - C(present) hooks the component (upgrading an outdated hook) and, with O(profiles), renders its options file.
      - C(absent) removes exactly the hook's lines, so the script is byte-identical to its text before the hook.
        Options files are kept; without the hook the JVM does not read them.
    type: str
    choices: [present, absent]
    default: present
  profiles:
    description: Profiles to render into C(<overrides>/java.options.<TAG>) (or C(java.argfile.<TAG>)), composed in order.
    type: list
    elements: str
    default: []
  set:
    description: Profile parameters, as C(jopt render --set KEY=VALUE); a key may be C(PROFILE.KEY).
    type: dict
    default: {}
  dialect:
    description: The JVM that reads the options file.
    type: str
    choices: [openj9, hotspot]
    default: openj9
  trace:
    description: Switch tracing of the next start on or off (C(<overrides>/trace.<TAG>)); leave it as it is when not given.
    type: bool
  mode:
    description:
      - C(hook) edits start.sh. C(native) leaves start.sh alone and points the JVM at the options
        file through C(components.<id>.jvm) in the zowe.yaml named by O(zowe_yaml) (jopt's native mode).
    type: str
    choices: [hook, native]
    default: hook
  encoding:
    description: Encoding of the options file; default IBM-1047 on z/OS, else UTF-8.
    type: str
    choices: [IBM-1047, UTF-8, ISO8859-1]
  force:
    description:
      - Replace an options file jopt did not write, or that changed since it did (backed up first to
        C(<overrides>/backups/options/)). Without it such a file fails the task and nothing is written.
    type: bool
    default: false
  wait:
    description: Seconds to wait for another jopt writing in the same overrides directory.
    type: float
    default: 10
extends_documentation_fragment:
  - jopt.zowe.locations
"""

EXAMPLES = r"""
- name: Hook the gateway and render the shareclasses profile
  jopt.zowe.jopt_component:
    component: gateway
    profiles: [shareclasses]
    set:
      scmx: 256m
    trace: true
    zowe_yaml: /global/zowe/zowe.yaml

- name: Remove every jopt hook
  jopt.zowe.jopt_component:
    component: all
    state: absent
    zowe_yaml: /global/zowe/zowe.yaml
"""

RETURN = r"""
files:
  description:
    - Every file the task is about, changed or not; jopt's hook files (C(<overrides>/hook/v2.sh),
      C(v2-trace.sh), sourced by every hooked start script) when the task writes them.
  returned: success
  type: list
  elements: dict
  sample:
    - {component: gateway, kind: start script, path: /usr/lpp/zowe/components/gateway/bin/start.sh,
       result: installed, changed: true}
    - {component: gateway, kind: hook file, path: /global/zowe/workspace/jopt/hook/v2.sh,
       result: created, changed: true}
    - {component: gateway, kind: options file, path: /global/zowe/workspace/jopt/java.options.GW,
       result: created, changed: true}
skipped:
  description: With O(component=all), the components passed over and why.
  returned: success
  type: dict
  sample: {zss: not Java}
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.jopt.zowe.plugins.module_utils.jopt_common import LOCATION_ARGS, require_jopt, run_jopt, where

ARGS = {
    "component": {"type": "str", "required": True},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "profiles": {"type": "list", "elements": "str", "default": []},
    "set": {"type": "dict", "default": {}},
    "dialect": {"type": "str", "choices": ["openj9", "hotspot"], "default": "openj9"},
    "trace": {"type": "bool"},
    "mode": {"type": "str", "choices": ["hook", "native"], "default": "hook"},
    "encoding": {"type": "str", "choices": ["IBM-1047", "UTF-8", "ISO8859-1"]},
    "force": {"type": "bool", "default": False},
    "wait": {"type": "float", "default": 10.0},
    **LOCATION_ARGS,
}


def _set_words(values):
    """{"scmx": "256m", "groupAccess": False} -> ("scmx=256m", "groupAccess=false")."""
    return tuple(f"{key}={str(value).lower() if isinstance(value, bool) else value}" for key, value in values.items())


def _request(params):
    from jopt.app.fleet import Request

    return Request(component=params["component"], state=params["state"], profiles=tuple(params["profiles"]),
                   sets=_set_words(params["set"]), dialect=params["dialect"], trace=params["trace"],
                   mode=params["mode"], encoding=params["encoding"], force=params["force"],
                   wait=params["wait"])  # fmt: skip


def _diff(change):
    """One file's diff for Ansible; a trace switch (an empty file) shows as its state, like `file`."""
    if change.kind == "trace switch":
        state = {None: "absent", "": "file"}
        return {"before": {"path": str(change.path), "state": state[change.before]},
                "after": {"path": str(change.path), "state": state[change.after]}}  # fmt: skip
    return {"before_header": str(change.path), "after_header": str(change.path),
            "before": change.before or "", "after": change.after or ""}  # fmt: skip


def main():
    module = AnsibleModule(argument_spec=ARGS, supports_check_mode=True)
    require_jopt(module)
    from jopt.app.fleet import apply_component

    outcome = run_jopt(module, lambda: apply_component(where(module), _request(module.params), module.check_mode))
    for warning in outcome.warnings:
        module.warn(warning)
    result = {
        "changed": outcome.changed,
        "files": [change.as_dict() for change in outcome.files],
        "skipped": outcome.skipped,
    }
    if module._diff:
        result["diff"] = [_diff(change) for change in outcome.files if change.changed]
    module.exit_json(**result)


if __name__ == "__main__":
    main()
