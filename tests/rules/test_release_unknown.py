from tests.releases.helpers import codes, make_plan
from wizard.rules.release import release_unknown

Q = "quay.io/ascend/vllm-ascend"


def test_nothing_names_a_release():
    [finding] = release_unknown(make_plan())
    assert finding.severity.value == "info" and "v0.18.0" in finding.message


def test_newer_than_known_and_dev_builds():
    [finding] = release_unknown(make_plan(image=f"{Q}:v0.30.0rc1-310p"))
    assert "newer than" in finding.message and "0.30.0rc1" in finding.message
    [finding] = release_unknown(make_plan(image=f"{Q}:main-310p-openeuler"))
    assert "development build" in finding.message


def test_known_release_is_silent():
    assert codes(release_unknown(make_plan(release="v0.18.0"))) == []
