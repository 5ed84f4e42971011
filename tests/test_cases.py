"""Every plan in ../shared/cases through `duowiz check --json`, in-process, exactly as the CLI runs.

Each case's model folder is built from real config.json fixtures, its host written as a host
file, `$MODEL` substituted, and the command split the way a shell would.
"""

from __future__ import annotations

import io
import json
import shlex
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml

from tests.conftest import shared_dir
from tests.support.model_folder import build_model_folder
from wizard.cli import main

CASES = sorted((shared_dir() / "cases").glob("*.yaml"))


def run_case(case: dict, tmp_path: Path) -> tuple[int, dict]:
    model = ""
    if case.get("model_dir"):
        model = str(build_model_folder(case["model_dir"], tmp_path / "weights" / case["id"], shared_dir()))
    host_file = tmp_path / "host.yaml"
    host_file.write_text(yaml.safe_dump(case["host"]), encoding="utf-8")
    command = case["command"].replace("$MODEL", model)
    argv = ["check", "--json", "--host", str(host_file)]
    for key, value in (case.get("env") or {}).items():
        argv += ["--env", f"{key}={value}"]
    argv += ["--", *shlex.split(command)]
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(argv)
    return code, json.loads(out.getvalue())


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, tmp_path: Path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    code, doc = run_case(case, tmp_path)
    expect = case["expect"]
    codes = {f["code"] for f in doc["findings"]}
    errors = sorted(f["code"] for f in doc["findings"] if f["severity"] == "error")
    summary = "; ".join(f"{f['severity']} {f['code']}: {f['message'][:120]}" for f in doc["findings"])
    if "errors" in expect:
        assert errors == sorted(expect["errors"]), f"unexpected errors: {summary}"
        assert code == (1 if errors else 0)
    for want in expect.get("codes", []):
        assert want in codes, f"{want} missing; got: {summary}"
    if expect.get("codes_any"):
        assert codes & set(expect["codes_any"]), f"none of {expect['codes_any']}; got: {summary}"
    for unwanted in expect.get("absent", []):
        assert unwanted not in codes, f"{unwanted} should be absent; got: {summary}"


def test_every_case_is_collected():
    assert len(CASES) >= 38
