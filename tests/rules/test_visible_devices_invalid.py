"""visible-devices-invalid: ASCEND_RT_VISIBLE_DEVICES must name existing logic ids, once, ascending."""

import pytest

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.host import visible_devices_invalid


@pytest.mark.parametrize(
    "visible,problem,good",
    [
        ("1,0", "is not in ascending order", "ASCEND_RT_VISIBLE_DEVICES=0,1"),
        ("0,0", "repeats a logic id", "ASCEND_RT_VISIBLE_DEVICES=0 "),
        ("0,1,2,3", "logic id(s) [2, 3] that do not exist (the host has [0, 1])", "ASCEND_RT_VISIBLE_DEVICES=0,1"),
    ],
)
def test_bad_lists_are_errors(visible, problem, good):
    [f] = run(visible_devices_invalid, make_plan(env={"ASCEND_RT_VISIBLE_DEVICES": visible}))
    assert_well_formed(f, "visible-devices-invalid", "error", visible, problem)
    assert f.evidence == f"env ASCEND_RT_VISIBLE_DEVICES={visible}"
    assert good in f.fix


def test_descending_via_check_plan():
    assert "visible-devices-invalid" in checked_codes(make_plan(env={"ASCEND_RT_VISIBLE_DEVICES": "1,0"}))


def test_seed_tp4_list_on_two_cards_is_fine():
    plan = make_plan(host="sim:300i-duo-96g:2", env={"ASCEND_RT_VISIBLE_DEVICES": "0,1,2,3"})
    assert run(visible_devices_invalid, plan) == []
    assert run(visible_devices_invalid, make_plan()) == []  # unset
