"""no-310p-detected: says what was found instead (910B, old 310, nothing, npu-smi missing/hung)."""

from __future__ import annotations


import pytest

from wizard.detect.host import host_from_npu_smi
from wizard.facts.model import WeightsFacts
from wizard.findings import Severity
from wizard.host.model import HostDescription
from wizard.host.sim import simulated_host
from wizard.launch.options import ServeOptions
from wizard.launch.spec import LaunchSpec
from wizard.plan import Plan
from wizard.rules.host_detect import no_310p_detected
from wizard.rules.registry import rules_for
from tests.conftest import shared_dir

FIXTURES = shared_dir() / "fixtures" / "npu-smi"


def _plan(host: HostDescription) -> Plan:
    return Plan(launch=LaunchSpec(), options=ServeOptions(), host=host, weights=WeightsFacts(origin="test"))


def _findings(host: HostDescription):
    return list(no_310p_detected(_plan(host)))


def _capture(name: str) -> HostDescription:
    return host_from_npu_smi((FIXTURES / name).read_text(encoding="utf-8"), source=name)


def test_registered_in_the_host_group():
    assert [r.group for r in rules_for("no-310p-detected")] == ["host"]


def test_silent_on_a_310p_host():
    assert _findings(simulated_host("sim:300i-duo-96g:1")) == []
    assert _findings(_capture("310p-duo-4cards-drv25.3.rc1-container-proc.txt")) == []


@pytest.mark.parametrize(
    "name,words",
    [
        ("910b3-8cards-drv25.3.rc1-proc.txt", ["8 Ascend 910B", "910B3"]),
        ("a3-ascend910-2npu-4die-drv25.2.0-proc.txt", ["Atlas A3"]),
        ("310-4chips-atlas300i-model3000-drv21.0.4.txt", ["old Ascend 310"]),
        ("310b4-soc-drv23.0.0-nopcie.txt", ["310B SoC"]),
        ("negative-310p-duo-ocr-mangled-drv24.1.0.1.txt", ["could not be identified", "unparseable"]),
    ],
)
def test_says_what_was_found_instead(name, words):
    (finding,) = _findings(_capture(name))
    assert finding.code == "no-310p-detected" and finding.severity is Severity.ERROR
    for word in words:
        assert word in finding.message
    assert finding.evidence and finding.fix


@pytest.mark.parametrize(
    "status,family,problem,fix_word",
    [
        ("missing", "none", "`npu-smi` is not on PATH", "install the Ascend driver"),
        ("timeout", "unknown", "`npu-smi info` hung: no answer within 15 s (killed)", "--timeout"),
        ("failed", "unknown", "`npu-smi info` failed with exit code 1", "by hand"),
    ],
)
def test_probe_failures(status, family, problem, fix_word):
    host = HostDescription(source="this host", family=family, problem=problem, extra={"probe": {"status": status}})
    (finding,) = _findings(host)
    assert problem in finding.message
    assert fix_word in finding.fix
    assert ("no Ascend NPU" in finding.message) == (family == "none")


def test_310p_family_without_chips_still_fires():
    (finding,) = _findings(HostDescription(source="h.yaml", family="310p"))
    assert "lists no 310P chip" in finding.message
