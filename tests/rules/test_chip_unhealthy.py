"""chip-unhealthy: a chosen chip whose npu-smi Health is not OK."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.host import chip_unhealthy


def _host(health1: str) -> dict:
    return {"chips": [
        {"logic_id": 0, "npu_id": 1, "chip_index": 0, "memory_total_mb": 44280, "memory_used_mb": 1529, "health": "OK"},
        {"logic_id": 1, "npu_id": 1, "chip_index": 1, "memory_total_mb": 43693, "memory_used_mb": 1411, "health": health1},
    ]}


def test_alarm_on_a_chosen_chip():
    plan = make_plan(host=_host("Alarm"), env={"ASCEND_RT_VISIBLE_DEVICES": "1"})
    [f] = run(chip_unhealthy, plan)
    assert_well_formed(f, "chip-unhealthy", "error", "chip 1", "Alarm")
    assert "logic id 1" in f.evidence and "npu-smi info -t health" in f.fix
    assert "chip-unhealthy" in checked_codes(plan)


def test_unhealthy_chip_not_chosen_is_fine():
    assert run(chip_unhealthy, make_plan(host=_host("Alarm"))) == []  # TP1 runs on logic id 0
    assert run(chip_unhealthy, make_plan(host=_host("OK"), env={"ASCEND_RT_VISIBLE_DEVICES": "1"})) == []
