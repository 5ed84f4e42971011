"""public-bind-without-api-key: non-loopback address with no API key."""

from tests.rules.plans import SEED_8B, assert_well_formed, checked_codes, make_plan, run
from wizard.rules.serving import public_bind_without_api_key

PUBLIC = {"--host 127.0.0.1": "--host 0.0.0.0"}


def test_all_interfaces_without_a_key():
    plan = make_plan(replace=PUBLIC)
    [f] = run(public_bind_without_api_key, plan)
    assert_well_formed(f, "public-bind-without-api-key", "warning", "0.0.0.0")
    assert f.evidence == "flag --host 0.0.0.0" and "--host 127.0.0.1" in f.fix and "VLLM_API_KEY" in f.fix
    assert "public-bind-without-api-key" in checked_codes(plan)


def test_host_omitted_means_all_interfaces():
    [f] = run(public_bind_without_api_key, make_plan(replace={"--host 127.0.0.1 ": ""}))
    assert "vLLM's default" in f.message and "not given" in f.evidence


def test_loopback_or_a_key_is_fine():
    assert run(public_bind_without_api_key, make_plan()) == []
    assert run(public_bind_without_api_key, make_plan(replace=PUBLIC, env={"VLLM_API_KEY": "k"})) == []
    assert run(public_bind_without_api_key, make_plan(command=SEED_8B.replace("--host 127.0.0.1", "--host 0.0.0.0 --api-key k"))) == []
