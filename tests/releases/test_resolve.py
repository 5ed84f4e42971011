"""Version resolution from --release, image tags, installed packages, or nothing."""

from __future__ import annotations

import pytest

from tests.releases.helpers import make_plan
from wizard.findings import InputError
from wizard.plan import AssumedRelease
from wizard.releases import parse_image
from wizard.releases.versions import canonical, parse_version

Q = "quay.io/ascend/vllm-ascend"


@pytest.mark.parametrize(
    "ref, kind, version, is_310p",
    [
        (f"{Q}:v0.18.0-310p", "release", "0.18.0", True),
        (f"{Q}:v0.18.0rc1-310p-openeuler", "release", "0.18.0rc1", True),
        (f"{Q}:v0.10.0rc1-openeuler", "release", "0.10.0rc1", False),
        (f"{Q}:v0.9.2rc1", "release", "0.9.2rc1", False),
        (f"{Q}:nightly-releases-v0.23.0-310p", "nightly-release", "0.23.0", True),
        (f"{Q}:main-310p-openeuler", "dev", None, True),
        (f"{Q}:nightly-main-310p", "dev", None, True),
        (f"m.daocloud.io/{Q}:v0.18.0-310p", "release", "0.18.0", True),
    ],
)
def test_parse_image(ref, kind, version, is_310p):
    info = parse_image(ref)
    assert (info.kind, info.version, info.is_310p) == (kind, version, is_310p)


def test_third_party_tag_naming_vllm():
    info = parse_image("example/vllm-runner:cann8.5.1-310p-vllm0.18.0")
    assert info.kind == "third-party" and info.vllm == "0.18.0" and info.is_310p is True
    plan = make_plan(image="example/vllm-runner:cann8.5.1-310p-vllm0.18.0")
    assert plan.release.version == "0.18.0" and "names vLLM 0.18.0" in plan.release.source


def test_precedence_release_arg_over_image_over_package():
    host = {"sim": "300i-duo-96g:1", "image": f"{Q}:v0.21.0rc1-310p", "packages": {"vllm-ascend": "0.18.0"}}
    assert make_plan(host=host, release="v0.23.0").release.version == "0.23.0"
    assert make_plan(host=host, image=f"{Q}:v0.22.1rc1-310p").release.version == "0.22.1rc1"
    assert make_plan(host=host).release.version == "0.21.0rc1"
    plan = make_plan(host={"sim": "300i-duo-96g:1", "packages": {"vllm-ascend": "0.18.0"}})
    assert plan.release.version == "0.18.0"
    assert plan.release.source == "installed package vllm-ascend 0.18.0"


def test_source_sentence_names_the_image():
    plan = make_plan(host={"sim": "300i-duo-96g:1", "image": f"{Q}:v0.18.0-310p"})
    assert plan.release.source == f"image tag {Q}:v0.18.0-310p"


def test_unknown_release_behaves_like_assumed_release():
    release = make_plan().release
    assert release.version is None and release.state == "assumed"
    for feature in ("fuse_norm_quant_auto_skipped", "npugraph_ex_forced_off", "npugraph_ex_true_unsupported",
                    "spec_decode", "pooling"):
        assert release.supports(feature) == AssumedRelease().supports(feature), feature
    # compressed_mask: v0.18.0 has no compressed-mask code at all
    assert release.supports("compressed_mask") is False


def test_features_by_version():
    def supports(version, feature):
        return make_plan(release=version).release.supports(feature)

    assert supports("v0.18.0", "fuse_norm_quant_auto_skipped") is False
    assert supports("v0.21.0rc1", "fuse_norm_quant_auto_skipped") is True
    assert supports("v0.20.2rc1", "pooling") is True and supports("v0.19.1rc1", "pooling") is False
    assert supports("v0.21.0rc1", "spec_decode") is True and supports("v0.18.0", "spec_decode") is False
    assert supports("v0.23.0rc1", "npugraph_ex_true_unsupported") is True
    assert supports("v0.23.0rc1", "npugraph_ex_forced_off") is False
    assert supports("v0.23.0", "npugraph_ex_forced_off") is True
    assert supports("v0.23.0", "npugraph_ex_true_unsupported") is False


def test_compressed_mask_needs_the_kernels():
    assert make_plan(release="v0.18.0").release.supports("compressed_mask") is False
    # code present, kernels not probed, no torch_npu known to have them: unknown
    assert make_plan(release="v0.21.0rc1").release.supports("compressed_mask") is None
    probed = make_plan(release="v0.21.0rc1")
    probed.release.kernels_present = True
    assert probed.release.supports("compressed_mask") is True
    probed.release.kernels_present = False
    assert probed.release.supports("compressed_mask") is False


def test_newer_and_dev_releases_answer_unknown():
    newer = make_plan(release="v0.30.0").release
    assert newer.state == "newer" and newer.supports("spec_decode") is None
    dev = make_plan(host={"sim": "300i-duo-96g:1", "packages": {"vllm-ascend": "0.19.1rc2.dev2294+gc173a64a4"}}).release
    assert dev.state == "dev" and dev.supports("pooling") is None


def test_bad_release_argument_is_an_input_error():
    with pytest.raises(InputError):
        make_plan(release="latest-and-greatest")


def test_versions_and_canonical_forms():
    assert parse_version("v0.10.0rc1").key < parse_version("0.10.0").key < parse_version("0.10.1rc1").key
    assert parse_version("2.9.0.post1+git4c901a4").text == "2.9.0.post1"
    assert canonical("9.1.0-beta.1") == canonical("9.1.0.beta1")
    assert canonical("8.2.RC1") == canonical("8.2.rc1")
    assert canonical("V100R001C11") is None
