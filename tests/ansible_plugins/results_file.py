"""For tests/system/test_ansible.py: an Ansible callback that writes every task result, and the
play recap's counts, as JSON to the file named by $JOPT_TEST_RESULTS (ansible-core ships no
JSON callback). The default callback still prints what a user sees (diffs, the recap)."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: results_file
    type: aggregate
    short_description: Write task results and the recap to $JOPT_TEST_RESULTS (tests only)
    description: Used by jopt's tests.
"""


def _part(result, name):  # ansible-core 2.19 names them result/host/task; older ones _result/_host/_task
    value = getattr(result, name, None)
    return value if value is not None else getattr(result, f"_{name}")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "results_file"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.results = []

    def _add(self, result, status):
        self.results.append(
            {
                "host": _part(result, "host").get_name(),
                "task": _part(result, "task").get_name(),
                "status": status,
                "result": _part(result, "result"),
            }
        )

    def v2_runner_on_ok(self, result):
        self._add(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._add(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._add(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._add(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        recap = {host: stats.summarize(host) for host in sorted(stats.processed)}
        with open(os.environ["JOPT_TEST_RESULTS"], "w", encoding="utf-8") as out:
            json.dump({"results": self.results, "recap": recap}, out, default=str)
