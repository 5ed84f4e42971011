from tests.releases.helpers import codes, make_plan
from wizard.rules.release import release_without_310p

Q = "quay.io/ascend/vllm-ascend"


def test_broken_line():
    [finding] = release_without_310p(make_plan(image=f"{Q}:v0.11.0rc2-310p-openeuler"))
    assert finding.severity.value == "error" and "v0.11.0rc2" in finding.message
    assert "3316" in finding.evidence and "v0.18.0-310p" in finding.fix


def test_line_without_310p_code():
    assert codes(release_without_310p(make_plan(release="v0.13.0"))) == ["release-without-310p"]


def test_working_lines():
    for version in ("v0.10.0rc1", "v0.18.0", "v0.23.0"):
        assert codes(release_without_310p(make_plan(release=version))) == [], version
