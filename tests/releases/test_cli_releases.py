"""`duowiz releases` table, --json and --validate."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

from wizard.cli import main


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["releases", *argv])
    return code, out.getvalue()


def test_table_lists_every_line():
    code, text = _run()
    assert code == 0
    assert "v0.18.0-310p" in text and "9.0.0 + 2.9.0.post2" in text and "Qwen3-MoE" in text


def test_json_rows():
    code, text = _run("--json")
    rows = {row["version"]: row for row in json.loads(text)}
    assert code == 0
    assert rows["0.11.0rc0"]["status_310p"] == "broken"
    assert rows["0.21.0rc1"]["features"]["spec_decode"] is True
    assert rows["0.18.0"]["architectures"]["Qwen3.5 / Qwen3.6 MoE"] == "unsupported"


def test_validate():
    code, text = _run("--validate")
    assert code == 0 and "valid" in text
