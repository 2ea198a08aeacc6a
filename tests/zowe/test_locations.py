from pathlib import Path

import pytest

from jopt.errors import ConfigError
from jopt.zowe import locations


def test_zowe_yaml_gives_every_location(sample):
    found = locations.resolve(sample.zowe_yaml)
    assert found.runtime == sample.root
    assert found.extensions == sample.root / "extensions"
    assert found.overrides == sample.root / "workspace" / "jopt"
    assert found.logs == sample.root / "logs"
    assert found.ha_instances == ("lpar1", "lpar2")


def test_flags_win_over_zowe_yaml(sample, tmp_path):
    found = locations.resolve(sample.zowe_yaml, runtime=tmp_path, overrides=tmp_path / "o")
    assert (found.runtime, found.overrides) == (tmp_path, tmp_path / "o")


def test_zowe_yaml_without_zowe_section(tmp_path):
    path = tmp_path / "zowe.yaml"
    path.write_text("components: {}\n")
    with pytest.raises(ConfigError, match=r"zowe.yaml: no `zowe:` section$"):
        locations.resolve(path)


def test_missing_zowe_yaml(tmp_path):
    with pytest.raises(ConfigError, match="zowe.yaml: zowe.yaml not found$"):
        locations.resolve(tmp_path / "zowe.yaml")


@pytest.mark.parametrize("bad", ["/a b/jopt", "/a$b", "/it's", '/q"'])
def test_unsafe_overrides_paths_cannot_be_baked_into_scripts(bad):
    found = locations.Locations(runtime=Path("/r"), overrides=Path(bad))
    with pytest.raises(ConfigError, match="cannot be baked into a start script"):
        found.check_overrides_for_hook()
