import pytest

from runtime.logmap import findings_from_lines
from tests.runtime.crash_lines import CRASH_LINES


@pytest.mark.parametrize("line,code", CRASH_LINES, ids=[c for _, c in CRASH_LINES])
def test_known_line_maps_to_code_with_fix(line, code):
    findings = findings_from_lines(["INFO loading", line], "/tmp/x.log")
    assert [f.code for f in findings] == [code]
    assert findings[0].fix and "/tmp/x.log:2" in findings[0].evidence


def test_unknown_lines_map_to_nothing():
    assert findings_from_lines(["INFO all good", "Traceback (most recent call last):", "KeyError: 'x'"]) == []


def test_each_code_reported_once():
    lines = ["Could not find checkpoint files a", "Could not find checkpoint files b"]
    assert len(findings_from_lines(lines)) == 1
