"""Reading settings from zowe.yaml text."""

from __future__ import annotations

import pytest

from jopt.errors import ConfigError
from jopt.zowe import yamlread

TEXT = 'components:\n  apiml:\n    jvm:\n      Xoptionsfile: "=/f"\n    port: 7554\n'


def test_value_follows_the_keys_or_gives_missing():
    data = yamlread.parsed(TEXT)
    assert yamlread.value(data, ("components", "apiml", "port")) == 7554
    assert yamlread.value(data, ("components", "zaas")) is yamlread.MISSING
    assert yamlread.value(data, ("components", "apiml", "port", "deeper")) is yamlread.MISSING


def test_configured_gives_a_components_jvm_setting_or_none():
    assert yamlread.configured(TEXT, "apiml", "Xoptionsfile") == "=/f"
    assert yamlread.configured(TEXT, "apiml", "Xmx") is None
    assert yamlread.configured("", "apiml", "Xoptionsfile") is None


@pytest.mark.parametrize("path", ["/z/zowe.yaml", "/other/zowe.yaml"])
def test_malformed_text_names_the_file_each_time(path):
    with pytest.raises(ConfigError) as caught:
        yamlread.parsed("zowe:\n  a: 1\n\tb: 2\n", path)
    assert str(caught.value) == f"{path}:3: malformed zowe.yaml: found a tab character that violates indentation"
