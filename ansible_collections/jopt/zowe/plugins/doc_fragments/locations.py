# Copyright (c) the jopt authors. SPDX-License-Identifier: EPL-2.0
"""The location options every jopt module takes (module_utils.jopt_common.LOCATION_ARGS)."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  zowe_yaml:
    description: zowe.yaml to read the runtime, extension, workspace and log directories from (env C(JOPT_ZOWE_YAML)).
    type: path
  runtime:
    description: Zowe runtime directory (env C(JOPT_RUNTIME)).
    type: path
  extensions:
    description: Zowe extension directory (env C(JOPT_EXTENSIONS)).
    type: path
  overrides:
    description: jopt's overrides directory; default C(<workspaceDirectory>/jopt) (env C(JOPT_OVERRIDES)).
    type: path
  ha_instance:
    description:
      - HA instance (C(haInstances.<ID>) in zowe.yaml), as C(jopt --ha-instance) (env C(ZWE_haInstance_id)).
      - zowe.yaml is read with that instance's overrides, and the options file rendered is
        C(java.options.<TAG>.<ID>), which the hook reads before C(java.options.<TAG>) when the
        component starts with C(ZWE_haInstance_id) set to ID.
    type: str
"""
