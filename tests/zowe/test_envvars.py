"""ZWE_* environment variables and the zowe.yaml keys behind them."""

from __future__ import annotations

from jopt.zowe.envvars import Setting, setting

CONFIG = {
    "zowe": {"logDirectory": "/logs", "externalDomains": ["zowe.example.com"], "verifyCertificates": "STRICT"},
    "components": {
        "gateway": {"heap": {"max": 1024}, "apiml": {"connection": {"timeout": 30000}}, "debug": False},
        "caching-service": {"storage": {"mode": "VSAM"}},
    },
}
DEFAULTS = {"heap": {"init": 32, "max": 512}, "port": 7554}


def test_component_settings_and_manifest_defaults() -> None:
    assert setting("ZWE_configs_heap_max", "gateway", CONFIG, DEFAULTS) == Setting(
        "components.gateway.heap.max", "1024", "zowe.yaml"
    )
    assert setting("ZWE_configs_heap_init", "gateway", CONFIG, DEFAULTS) == Setting(
        "components.gateway.heap.init", "32", "manifest"
    )
    assert setting("ZWE_configs_debug", "gateway", CONFIG) == Setting("components.gateway.debug", "false", "zowe.yaml")
    assert setting("ZWE_configs_apiml_connection_timeout", "gateway", CONFIG).value == "30000"  # type: ignore[union-attr]


def test_a_key_nobody_set_is_shown_with_dots() -> None:
    assert setting("ZWE_configs_apiml_connection_idleConnectionTimeoutSeconds", "gateway", CONFIG) == Setting(
        "components.gateway.apiml.connection.idleConnectionTimeoutSeconds", ..., ""
    )
    assert setting("ZWE_configs_sslDebug", "gateway", None) == Setting("components.gateway.sslDebug", ..., "")


def test_zowe_and_other_components_and_lists() -> None:
    assert setting("ZWE_zowe_logDirectory", "gateway", CONFIG) == Setting("zowe.logDirectory", "/logs", "zowe.yaml")
    assert setting("ZWE_zowe_externalDomains_0", "gateway", CONFIG) == Setting(
        "zowe.externalDomains.0", "zowe.example.com", "zowe.yaml"
    )
    assert setting("ZWE_components_caching_service_storage_mode", "gateway", CONFIG) == Setting(
        "components.caching-service.storage.mode", "VSAM", "zowe.yaml"
    )


def test_other_names_are_not_zowe_settings() -> None:
    assert setting("TMPDIR", "gateway", CONFIG) is None
    assert setting("ZWE_haInstance_hostname", "gateway", CONFIG) is None
    assert setting("ZWE_components_nosuch_port", "gateway", CONFIG) is None
