"""WizardState and the option parsing, without Textual: the logic the screens only display."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from wizard.findings import InputError
from wizard.host.model import HostDescription
from wizard.tui.options import CAPTURE_SIZES, apply_options, format_value, parse_option
from wizard.tui.state import WizardState, evaluate, host_summary

HOST = "sim:300i-duo-96g:2"
PROFILE = "qwen3-32b-w8a8sc-tp4"


@pytest.fixture
def state() -> WizardState:
    s = WizardState()
    s.load_host(HOST)
    s.choose_profile(PROFILE)
    return s


def test_state_modules_do_not_import_textual():
    code = (
        "import sys\n"
        "import wizard.tui, wizard.tui.state, wizard.tui.options, wizard.tui.commands, wizard.tui.handover\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_seed_profile_checks_clean_then_mask_error_at_32768(state):
    state.recheck()
    assert state.report.verdict != "errors"
    assert "mask-exceeds-memory" not in state.codes
    assert state.set_option("max_model_len", "32768") is None
    state.recheck()
    assert "mask-exceeds-memory" in state.codes
    assert state.verdict_line().startswith("WILL FAIL")
    assert state.plan.options.max_model_len == 32768


def test_budget_lines_list_every_chip_of_the_plan(state):
    state.recheck()
    lines = state.budget_lines()
    assert lines[0].split()[0] == "chip"
    assert len([line for line in lines if line.split() and line.split()[0].isdigit()]) == 4


def test_refused_text_keeps_previous_value(state):
    assert state.set_option("gpu_memory_utilization", "1.5") is not None
    assert "gpu_memory_utilization" in state.option_errors
    assert state.effective_profile().serve["gpu_memory_utilization"] == 0.90
    assert state.set_option("gpu_memory_utilization", "0.85") is None
    assert state.option_errors == {}
    assert state.effective_profile().serve["gpu_memory_utilization"] == 0.85


def test_typing_the_profile_value_back_drops_the_override(state):
    state.set_option("max_model_len", "8192")
    state.set_option("max_model_len", "20480")
    assert state.overrides == {}


def test_empty_text_unsets_the_option(state):
    state.set_option("max_num_seqs", "")
    assert "max_num_seqs" not in state.effective_profile().serve
    assert state.option_text("max_num_seqs") == ""


def test_capture_sizes_edit_keeps_the_rest_of_compilation_config(state):
    assert state.option_text(CAPTURE_SIZES) == "16,32"
    state.set_option(CAPTURE_SIZES, "8, 16 32")
    cc = state.effective_profile().serve["compilation_config"]
    assert cc == {"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [8, 16, 32]}
    state.set_option(CAPTURE_SIZES, "")
    assert state.effective_profile().serve["compilation_config"] == {"cudagraph_mode": "FULL_DECODE_ONLY"}


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("max_model_len", "32k", 32000),
        ("max_model_len", "32K", 32768),
        ("tensor_parallel_size", "2", 2),
        ("gpu_memory_utilization", "0.9", 0.9),
        (CAPTURE_SIZES, "[1,2,4]", [1, 2, 4]),
        ("dtype", "float16", "float16"),
        ("max_num_seqs", "  ", None),
    ],
)
def test_parse_option(key, text, value):
    assert parse_option(key, text) == value


@pytest.mark.parametrize(
    ("key", "text"),
    [("tensor_parallel_size", "0"), ("tensor_parallel_size", "two"), ("max_model_len", "32g"),
     ("gpu_memory_utilization", "0"), (CAPTURE_SIZES, "1,x"), ("dtype", "fp16")],
)
def test_parse_option_refuses(key, text):
    with pytest.raises(ValueError):
        parse_option(key, text)


def test_format_value_round_trips():
    for key, value in [("max_model_len", 20480), ("gpu_memory_utilization", 0.9), (CAPTURE_SIZES, [16, 32])]:
        assert parse_option(key, format_value(value)) == value


def test_apply_options_drops_empty_compilation_config():
    assert apply_options({"compilation_config": {"cudagraph_capture_sizes": [1]}}, {CAPTURE_SIZES: None}) == {}


def test_stale_results_are_dropped(state):
    first = state.begin_check()
    state.set_option("max_model_len", "32768")
    second = state.begin_check()
    assert not state.apply(first, evaluate(first))
    assert state.report is None
    assert state.apply(second, evaluate(second))
    assert "mask-exceeds-memory" in state.codes


def test_custom_model_gets_a_profile_and_facts_origin():
    s = WizardState()
    s.load_host("sim:300i-duo-96g:1")
    s.choose_model("Eco-Tech/Qwen3-8B-w8a8s-310")
    assert s.profile.name == "qwen3-8b-w8a8s-310"
    assert s.profile.serve["dtype"] == "float16"
    s.recheck()
    origin = "\n".join(s.facts_origin())
    assert "model facts:" in origin and "weights:" in origin


def test_a_typed_model_starts_from_a_line_its_own_check_does_not_warn_about_needlessly():
    """Loopback bind and prefix caching off, as in every 310P reference config."""
    s = WizardState()
    s.load_host("sim:300i-duo-96g:1")
    s.choose_model("Qwen/Qwen3-8B")
    s.recheck()
    assert not {"prefix-caching-enabled", "public-bind-without-api-key"} & s.codes
    assert "max-model-len-unset" in s.codes  # the one choice left to the user, and the check says so


def test_empty_model_and_bad_host_are_input_errors():
    s = WizardState()
    with pytest.raises(InputError):
        s.choose_model("  ")
    with pytest.raises(InputError, match="unknown simulated card"):
        s.load_host("sim:910b:1")
    with pytest.raises(InputError):
        s.load_host("")
    assert s.begin_check() is None


def test_host_summary_says_plainly_when_no_310p():
    host = HostDescription(source="this machine", family="none", problem="npu-smi not found on PATH")
    assert host_summary(host) == "no 310P found: npu-smi not found on PATH"
    other = HostDescription(source="this machine", family="910b", problem="found Ascend 910B chips")
    assert host_summary(other).startswith("no 310P found (found 910b)")


def test_save_profile_round_trips_through_load_profile(state, tmp_path):
    from wizard.profile import load_profile

    state.set_option("max_model_len", "16384")
    path = state.save_profile(str(tmp_path / "mine.yaml"))
    saved = load_profile(str(path))
    assert saved.name == "mine"
    assert saved.serve["max_model_len"] == 16384
    assert saved.compress_from == state.profile.compress_from
    assert not list(tmp_path.glob(".mine.yaml.*")), "temp file left behind"


def test_save_profile_drops_secrets(state, tmp_path):
    state.profile = state.profile.model_copy(
        update={"env": {"VLLM_API_KEY": "sk-secret", "HCCL_X": "1"}, "serve": {**state.profile.serve, "api_key": "k"}}
    )
    path = state.save_profile(str(tmp_path / "p.yaml"))
    text = path.read_text()
    assert "sk-secret" not in text and "api_key" not in text
    assert yaml.safe_load(text)["env"] == {"HCCL_X": "1"}


def test_save_profile_refuses_bad_names(state, tmp_path):
    with pytest.raises(InputError, match=r"\.yaml"):
        state.save_profile(str(tmp_path / "p.txt"))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(InputError, match="cannot write"):
        state.save_profile(str(blocker / "x.yaml"))


def test_command_lines_show_the_serve_flags_and_devices(state):
    state.set_option("max_model_len", "16384")
    state.recheck()
    lines = state.command_lines()
    assert lines.serve.startswith("ASCEND_RT_VISIBLE_DEVICES=0,1,2,3 vllm serve /models/Qwen3-32B-w8a8sc-310-vllm-tp4")
    assert "--max-model-len 16384" in lines.serve
    assert lines.docker is not None and "quay.io/ascend/vllm-ascend:v0.18.0-310p" in lines.docker


def test_launch_choice_carries_the_effective_profile(state):
    state.set_option("max_model_len", "16384")
    state.recheck()
    choice = state.launch_choice()
    assert choice.profile.serve["max_model_len"] == 16384
    assert choice.host_spec == HOST
    assert "vllm serve" in choice.serve_line
