"""port-in-use: the serving port is already bound on this machine."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.serving import port_in_use


def test_bound_port():
    plan = make_plan()
    plan.port_bound = True  # the CLI probes the port; build_plan does no I/O of that kind
    [f] = run(port_in_use, plan)
    assert_well_formed(f, "port-in-use", "error", "port 8080")
    assert f.evidence == "flag --port 8080" and "--port 8081" in f.fix
    assert "port-in-use" in checked_codes(plan)


def test_free_or_not_probed():
    plan = make_plan()
    assert run(port_in_use, plan) == []  # None: not probed
    plan.port_bound = False
    assert run(port_in_use, plan) == []
