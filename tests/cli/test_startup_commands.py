"""`jopt startup` through click: job logs as SDSF and `zowe jobs view` save them, and trace logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jopt.cli.app import cli

DATA = Path(__file__).resolve().parent.parent / "data" / "joblogs"
THREE = (
    "COMPONENT    STARTED              READY IN  JOB     OPTIONS\n"
    "discovery    2026-05-04 09:11:05    72.3 s  ZWE1AD  -\n"
    "gateway      2026-05-04 09:11:31    61.4 s  ZWE1AG  -\n"
    "api-catalog  2026-05-04 09:11:40    58.9 s  ZWE1AC  -\n"
    "\n"
    "API ML ready at 2026-05-04 09:12:41.530 (ZWEAM001I, gateway)\n"
)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env={"JOPT_ZOWE_YAML": None})


@pytest.mark.parametrize(
    "name", ["zwe1sv-three-services.txt", "zwe1sv-three-services-asa.txt", "zwe1sv-three-services-asa.ebcdic"]
)
def test_a_saved_job_log_of_three_api_ml_services_lists_each_services_seconds(name: str) -> None:
    result = run("startup", "--joblog", str(DATA / name))
    assert result.exit_code == 0, result.output
    assert result.output == THREE


def test_two_job_logs_show_the_change_per_component() -> None:
    result = run("startup", "gateway", "--joblog", str(DATA / "zwe1sv-three-services.txt"),
                 "--joblog", str(DATA / "zwe1sv-v3-colour.txt"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        "COMPONENT  STARTED              READY IN  JOB     OPTIONS\n"
        "gateway    2026-05-04 09:11:31    61.4 s  ZWE1AG  -\n"
        "gateway    2026-05-05 08:02:09    41.0 s  ZWE1AG  -\n"
        "\n"
        "API ML ready at 2026-05-04 09:12:41.530 (ZWEAM001I, gateway)\n"
        "API ML ready at 2026-05-05 08:02:55.012 (ZWEAM001I, gateway)\n"
        "gateway: 61.4 s -> 41.0 s (-33%)\n"
    )


def test_single_service_apiml_lists_its_services() -> None:
    result = run("startup", "--joblog", str(DATA / "zwe1sv-v33-single-service.txt"))
    assert result.output.splitlines()[1] == "apiml      2026-05-06 07:30:13    52.4 s  ZWE1AG  -"
    assert (
        "apiml 2026-05-06 07:30:13: Discovery Service 47.5 s, Gateway Service 51.7 s, API Catalog Service 52.2 s, "
        "Caching Service 52.4 s\n" in result.output
    )


def test_json_listing_has_the_documented_schema() -> None:
    result = run("startup", "--joblog", str(DATA / "zwe1sv-three-services-asa.ebcdic"), "--json")
    doc = json.loads(result.output)
    assert doc["schema"] == "jopt-startup/1"
    assert doc["sources"] == [
        {"file": str(DATA / "zwe1sv-three-services-asa.ebcdic"), "kind": "joblog", "encoding": "cp1047", "lines": 32}
    ]
    assert [(s["component"], s["seconds"], s["launched_at"]) for s in doc["starts"]] == [
        ("discovery", 72.318, "2026-05-04 09:11:05"),
        ("gateway", 61.402, "2026-05-04 09:11:05"),
        ("api-catalog", 58.911, "2026-05-04 09:11:05"),
    ]


def test_a_job_log_that_is_not_there_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("startup", "--joblog", str(tmp_path / "ZWE1SV.txt"))
    assert (result.exit_code, result.output) == (1, f"jopt: error: {tmp_path / 'ZWE1SV.txt'}: not found\n")


def test_without_a_job_log_the_trace_logs_need_a_zowe_yaml() -> None:
    result = run("startup")
    assert result.exit_code == 1
    assert (
        result.output
        == "jopt: error: no Zowe runtime: give --zowe-yaml or --runtime (or JOPT_ZOWE_YAML / JOPT_RUNTIME)\n"
    )


def test_traced_starts_show_the_options_and_what_changed(jopt, sample) -> None:  # type: ignore[no-untyped-def]
    overrides = sample.overrides
    overrides.mkdir(parents=True)
    mark = "#jopt-run time={} component=gateway tag=GW ha= pid={} hook=v1"
    ready = "{} <ZWE1AG:main:{}> ZWESVUSR INFO  (o.z.a.p.s.ServiceStartupEventHandler) ZWEAM000I Gateway Service started in {} seconds"
    m1, m2 = mark.format("2026-05-04T09:11:20Z", 4242), mark.format("2026-05-05T08:01:50Z", 4343)
    (overrides / "start.log1GW").write_text(
        f"{m1}\n{ready.format('2026-05-04 09:12:33.118', 4242, '61.402')}\n{m2}\n{ready.format('2026-05-05 08:02:51.006', 4343, '41.027')}\n"
    )
    heap = "#jopt-optfile # Rendered by jopt 0.1.0 from profiles: heap\n#jopt-optfile -Xmx512m\n"
    both = ("#jopt-optfile # Rendered by jopt 0.1.0 from profiles: shareclasses, heap\n"
            "#jopt-optfile -Xshareclasses:name=zowe_gateway\n#jopt-optfile -Xmx512m\n")  # fmt: skip
    file = f"#jopt-trace options-file={overrides}/java.options.GW\n"
    (overrides / "start.log2GW").write_text(f"{m1}\n{file}{heap}{m2}\n{file}{both}")
    result = jopt("startup", "gateway")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("gateway    2026-05-04 09:11:31    61.4 s  ZWE1AG  java.options.GW ")
    assert lines[1].endswith(" (heap)") and lines[2].endswith(" (shareclasses, heap)")
    assert lines[-1] == "gateway: 61.4 s -> 41.0 s (-33%) since java.options.GW changed (shareclasses added)"
