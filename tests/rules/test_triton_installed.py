"""triton-installed: triton / triton-ascend has no 310P target."""

from pathlib import Path

from tests.rules.plans import (
    SEED_8B,
    SEED_IMAGE,
    SEED_PACKAGES,
    SEED_VERSIONS,
    assert_well_formed,
    checked_codes,
    make_plan,
    run,
)
from wizard.assemble import build_plan
from wizard.host.hostfile import host_from_dict
from wizard.launch.reader import read_command_file
from wizard.rules.host import triton_installed


def test_triton_ascend_installed():
    plan = make_plan(packages={"triton-ascend": "3.2.0"})
    [f] = run(triton_installed, plan)
    assert_well_formed(f, "triton-installed", "error", "triton-ascend 3.2.0")
    assert f.fix.startswith("pip uninstall -y triton triton-ascend")
    assert "triton-installed" in checked_codes(plan)


def test_seed_packages_have_no_triton():
    assert run(triton_installed, make_plan()) == []
    assert run(triton_installed, make_plan(packages={"tritonclient": "2.50.0"})) == []


# --- what the launch input installs itself ---------------------------------------------------------
DOCKERFILE = """\
FROM quay.io/ascend/vllm-ascend:v0.18.0-310p
RUN pip install --no-cache-dir modelscope \\
        triton-ascend==3.2.0
CMD ["vllm", "serve", "Qwen/Qwen3-8B", "--dtype", "float16", "--max-model-len", "16384", \\
     "--no-enable-prefix-caching"]
"""


def dockerfile_plan(tmp_path, text: str, **packages):
    """A Plan for a Dockerfile as `duowiz check --command-file Dockerfile` builds it (make_plan
    reads command text; a Dockerfile comes only as a file), on the seed host."""
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    data = {"sim": "300i-duo-96g:1", "versions": dict(SEED_VERSIONS), "image": SEED_IMAGE,
            "packages": {**SEED_PACKAGES, **packages}}
    return build_plan(read_command_file(path), host_from_dict(data, "test host", Path(".")), env={})


def test_dockerfile_run_installs_triton_ascend(tmp_path):
    plan = dockerfile_plan(tmp_path, DOCKERFILE)
    [f] = run(triton_installed, plan)
    assert_well_formed(f, "triton-installed", "error", "triton-ascend==3.2.0", "line 3")
    assert f.evidence == f"{tmp_path / 'Dockerfile'} line 3: `pip install --no-cache-dir modelscope triton-ascend==3.2.0`"
    assert "remove triton-ascend==3.2.0 from the RUN pip install (line 3)" in f.fix
    # the shared site-packages/triton folder goes too: uninstalling alone leaves a residue
    assert "RUN pip uninstall -y triton triton-ascend && rm -rf" in f.fix and "/triton" in f.fix
    assert "triton-installed" in checked_codes(plan)


def test_dockerfile_that_uninstalls_again_is_clean(tmp_path):
    text = DOCKERFILE.replace(
        "CMD", 'RUN pip uninstall -y triton triton-ascend && rm -rf "$(python3 -c \'import sysconfig; '
               'print(sysconfig.get_paths()["purelib"])\')/triton"\nCMD', 1)
    assert run(triton_installed, dockerfile_plan(tmp_path, text)) == []
    assert run(triton_installed, dockerfile_plan(tmp_path, DOCKERFILE.replace("triton-ascend==3.2.0", "tritonclient"))) == []


def test_dockerfile_and_host_both_report(tmp_path):
    found = run(triton_installed, dockerfile_plan(tmp_path, DOCKERFILE.replace("triton-ascend==3.2.0", "Triton"),
                                                  triton="3.2.0"))
    assert [f.evidence.split(":")[0] for f in found] == ["installed Python distributions", f"{tmp_path / 'Dockerfile'} line 3"]
    assert "the image installs Triton (line 3)" in found[1].message


def test_script_installs_triton_before_vllm_serve():
    plan = make_plan("pip3 install triton  # needed?\n" + SEED_8B)
    [f] = run(triton_installed, plan)
    assert_well_formed(f, "triton-installed", "error", "the script installs triton (line 1) before vLLM starts")
    assert f.evidence == "the command line 1: `pip3 install triton`"
    assert f.fix.startswith("remove triton from the pip install (line 1); where it already ran: pip uninstall -y")
    assert run(triton_installed, make_plan("pip install triton\npip uninstall -y triton\n" + SEED_8B)) == []
