"""not-enough-chips: TP × PP × DP against the chips the host has or makes visible."""


from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.host import not_enough_chips

TP4 = {"--tensor-parallel-size 1": "--tensor-parallel-size 4"}


def test_tp4_on_one_duo_card_is_an_error():
    [f] = run(not_enough_chips, make_plan(replace=TP4))
    assert_well_formed(f, "not-enough-chips", "error", "needs 4 chips", "TP 4", "only 2 are available")
    assert "sim:300i-duo-96g:1" in f.evidence
    assert "--tensor-parallel-size 2" in f.fix


def test_visible_devices_limit_the_chips():
    [f] = run(not_enough_chips, make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 2"},
                                          host="sim:300i-duo-96g:2", env={"ASCEND_RT_VISIBLE_DEVICES": "3"}))
    assert "only 1 are available" in f.message and "ASCEND_RT_VISIBLE_DEVICES=3" in f.evidence


def test_tp4_on_two_cards_is_fine():
    plan = make_plan(replace=TP4, host="sim:300i-duo-96g:2")
    assert run(not_enough_chips, plan) == []
    assert "not-enough-chips" not in checked_codes(plan)


def test_visible_ids_the_host_lacks_are_not_chips():
    plan = make_plan(replace=TP4, env={"ASCEND_RT_VISIBLE_DEVICES": "0,1,2,3"})
    assert [f.code for f in run(not_enough_chips, plan)] == ["not-enough-chips"]


DOCKER_TP4 = (
    "docker run --rm {devices} --device /dev/davinci_manager --device /dev/devmm_svm --device /dev/hisi_hdc "
    "-e ASCEND_RT_VISIBLE_DEVICES={visible} quay.io/ascend/vllm-ascend:v0.18.0-310p vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 "
    "--tensor-parallel-size 4 --dtype float16 --max-model-len 16384"
)


def test_a_container_sees_only_the_devices_it_is_given():
    two = "--device /dev/davinci2 --device /dev/davinci3"
    plan = make_plan(command=DOCKER_TP4.format(devices=two, visible="0,1"), host="sim:300i-duo-96g:2")
    [f] = run(not_enough_chips, plan)
    assert "only 2 are available" in f.message and "ASCEND_RT_VISIBLE_DEVICES=0,1" in f.evidence
    four = "--device /dev/davinci0 --device /dev/davinci1 --device /dev/davinci2 --device /dev/davinci3"
    plan = make_plan(command=DOCKER_TP4.format(devices=four, visible="0,1,2,3"), host="sim:300i-duo-96g:2")
    assert run(not_enough_chips, plan) == [] and plan.chip_ids == [0, 1, 2, 3]


def test_visible_ids_inside_a_container_are_renumbered():
    two = "--device /dev/davinci2 --device /dev/davinci3"
    plan = make_plan(command=DOCKER_TP4.format(devices=two, visible="0,1").replace("size 4", "size 2"), host="sim:300i-duo-96g:2")
    assert plan.chip_ids == [2, 3] and run(not_enough_chips, plan) == []


def test_tp1_with_pipeline_parallel_is_told_to_drop_pp_not_to_use_tp1():
    from tests.rules.plans import make_plan, run
    from wizard.rules.host import not_enough_chips

    plan = make_plan(replace={"--tensor-parallel-size 1": "--tensor-parallel-size 1 --pipeline-parallel-size 4"})
    [f] = run(not_enough_chips, plan)
    assert "drop pipeline/data parallel" in f.fix and "use --tensor-parallel-size 1 (" not in f.fix


def test_the_ascend_docker_runtime_gives_chips_by_env_not_devices():
    from tests.rules.plans import make_plan, run
    from wizard.rules.host import not_enough_chips

    serve = "vllm serve Qwen/Qwen3-8B --dtype float16 --max-model-len 8192 --tensor-parallel-size 2"
    for env in ("0,1", "0-1"):
        plan = make_plan(command=f"docker run --runtime=ascend -e ASCEND_VISIBLE_DEVICES={env} "
                                 f"quay.io/ascend/vllm-ascend:v0.18.0-310p {serve}")
        assert run(not_enough_chips, plan) == [], env
    plan = make_plan(command=f"docker run --runtime=ascend -e ASCEND_VISIBLE_DEVICES=0 "
                             f"quay.io/ascend/vllm-ascend:v0.18.0-310p {serve}")
    assert [f.code for f in run(not_enough_chips, plan)] == ["not-enough-chips"]
