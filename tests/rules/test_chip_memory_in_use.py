"""chip-memory-in-use: a chosen chip already holds memory beyond idle driver use."""

from tests.rules.plans import assert_well_formed, make_plan, run
from wizard.rules.host import chip_memory_in_use


def test_co_tenant_on_chip_0():
    [f] = run(chip_memory_in_use, make_plan(chip_used_mb=[20000, 1411]))
    assert_well_formed(f, "chip-memory-in-use", "warning", "chip 0", "20000 MB", "44280 MB", "2000 MB")
    assert "logic id 0" in f.evidence and "stop the other process" in f.fix


def test_idle_driver_use_is_fine():
    assert run(chip_memory_in_use, make_plan()) == []  # 1529 MB, the sim's real idle use
    assert run(chip_memory_in_use, make_plan(chip_used_mb=[1529, 20000])) == []  # busy chip not chosen
