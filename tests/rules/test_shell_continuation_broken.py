"""shell-continuation-broken: `\\ ` before the newline ends the command; later flags are lost."""

from tests.rules.plans import assert_well_formed, checked_codes, make_plan, run
from wizard.rules.cmdline import launch_parse_issues

SCRIPT = (
    "vllm serve Eco-Tech/Qwen3-8B-w8a8s-310 --host 127.0.0.1 \\{gap}\n"
    "  --dtype float16 --max-model-len 16384 \\\n"
    "  --no-enable-prefix-caching\n"
)


def test_space_after_backslash_cuts_three_flags():
    plan = make_plan(command=SCRIPT.format(gap=" "))
    [f] = [f for f in run(launch_parse_issues, plan) if f.code == "shell-continuation-broken"]
    assert_well_formed(f, "shell-continuation-broken", "warning", "line 1", "3 flags never reach vLLM", "--max-model-len")
    assert "cut off: --dtype --max-model-len --no-enable-prefix-caching" in f.evidence
    assert "remove the space after the backslash" in f.fix
    assert plan.options.max_model_len is None  # what vLLM really receives
    assert "shell-continuation-broken" in checked_codes(plan)


def test_clean_continuations():
    plan = make_plan(command=SCRIPT.format(gap=""))
    assert run(launch_parse_issues, plan) == [] and plan.options.max_model_len == 16384
