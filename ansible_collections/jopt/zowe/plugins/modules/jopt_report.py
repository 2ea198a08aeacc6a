#!/usr/bin/python
# Copyright (c) the jopt authors. SPDX-License-Identifier: EPL-2.0
"""Ansible module jopt_report: a thin face over jopt.app.fleet.reports."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: jopt_report
short_description: The settings a Zowe component's JVM really ran with, as facts (jopt report and verify)
description:
  - Reads the latest traced start in C(<overrides>/start.log2<TAG>) (switch tracing on with
    M(jopt.zowe.jopt_component) O(jopt.zowe.jopt_component#module:trace=true) before the start)
    and sets the fact C(jopt_reports), keyed by component id.
  - Each entry holds C(tag), C(report) (schema C(jopt-report/1), as C(jopt report --json); secret-looking
    values are C(***)) and C(verify) (schema C(jopt-verify/1), as C(jopt verify --json)).
  - The module does not fail when verification fails; test C(jopt_reports.<id>.verify.passed)
    (e.g. with M(ansible.builtin.assert)). It fails, with jopt's message, when a component has no
    trace log or the log has no traced start.
version_added: "0.1.0"
author: jopt authors
requirements:
  - jopt installed for the Python that runs the module on the node
options:
  component:
    description: Component ids, or C(all) for every component with the jopt hook installed.
    type: list
    elements: str
    required: true
  verify:
    description: Also check that the options file's options took effect (C(jopt verify)).
    type: bool
    default: true
extends_documentation_fragment:
  - jopt.zowe.locations
"""

EXAMPLES = r"""
- name: Read what the gateway's JVM ran with
  jopt.zowe.jopt_report:
    component: gateway
    zowe_yaml: /global/zowe/zowe.yaml

- name: Fail where the options did not take effect
  ansible.builtin.assert:
    that: jopt_reports.gateway.verify.passed
"""

RETURN = r"""
passed:
  description: Whether every verified component passed; null when nothing was verified (O(verify=false), or no component).
  returned: success
  type: bool
ansible_facts:
  description: Facts set.
  returned: success
  type: dict
  contains:
    jopt_reports:
      description: Per component id, C(tag), C(report) (jopt-report/1) and C(verify) (jopt-verify/1 or null).
      type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.jopt.zowe.plugins.module_utils.jopt_common import LOCATION_ARGS, require_jopt, run_jopt, where

ARGS = {
    "component": {"type": "list", "elements": "str", "required": True},
    "verify": {"type": "bool", "default": True},
    **LOCATION_ARGS,
}


def main():
    module = AnsibleModule(argument_spec=ARGS, supports_check_mode=True)
    require_jopt(module)
    from jopt.app.fleet import reports

    params = module.params
    found = run_jopt(module, lambda: reports(where(module), params["component"], params["verify"]))
    checked = [entry["verify"]["passed"] for entry in found.values() if entry["verify"] is not None]
    passed = all(checked) if checked else None  # None: nothing verified
    module.exit_json(changed=False, passed=passed, ansible_facts={"jopt_reports": found})


if __name__ == "__main__":
    main()
