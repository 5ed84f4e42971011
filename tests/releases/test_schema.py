"""The shipped knowledge file passes the strict schema and every fact names its source."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from wizard.releases.knowledge import Knowledge, load_knowledge, parse_knowledge_text, read_knowledge_text
from wizard.releases.schema import validate_knowledge


@pytest.fixture
def data() -> dict:
    return parse_knowledge_text(read_knowledge_text())


def test_shipped_knowledge_is_valid(data):
    validate_knowledge(data)


def _facts(data):
    """Every fact-bearing mapping in the file: releases, stack pairings, features, ranges, known-bad."""
    for entry in data["releases"]:
        yield f"release {entry['version']}", entry
        for pair in entry.get("stack") or []:
            yield f"stack of {entry['version']}", pair
    for name, feature in data["features"].items():
        yield f"feature {name}", feature
    for family in data["architectures"]:
        for span in family["support"]:
            yield f"architecture {family['family']}", span
    for bad in data["known_bad"]:
        yield f"known-bad {bad['id']}", bad
    yield "recommended", data["recommended"]


def test_every_fact_has_a_source(data):
    missing = [where for where, fact in _facts(data) if not str(fact.get("source") or "").strip()]
    assert missing == []


def test_a_fact_without_source_is_rejected(data):
    broken = copy.deepcopy(data)
    del broken["releases"][0]["source"]
    with pytest.raises(ValidationError):
        validate_knowledge(broken)
    broken = copy.deepcopy(data)
    del broken["architectures"][0]["support"][0]["source"]
    with pytest.raises(ValidationError):
        validate_knowledge(broken)


def test_adding_a_release_is_a_data_only_change(data):
    """A new entry (and a newer newest_known) is all a release needs."""
    added = copy.deepcopy(data)
    added["newest_known"] = "0.26.0rc1"
    added["releases"].append({
        "version": "0.26.0rc1", "line": "v0.26", "vllm": "0.26.0", "status_310p": "supported",
        "engine_default": "v1", "image_310p": "quay.io/ascend/vllm-ascend:v0.26.0rc1-310p",
        "source": "https://example.invalid/release-notes", "stack": [],
    })
    validate_knowledge(added)
    knowledge = Knowledge.from_data(added)
    from wizard.releases.versions import version_key

    assert knowledge.entry_for(version_key("0.26.0rc1"))["line"] == "v0.26"
    assert knowledge.feature_available("spec_decode", version_key("0.26.0rc1")) is True


def test_adding_a_known_bad_combination_is_a_data_only_change(data):
    added = copy.deepcopy(data)
    added["known_bad"].append({
        "id": "x", "summary": "s", "match": {"cann": ["8.5.1"]}, "fix": "use CANN 9.0.0",
        "source": "https://example.invalid/issue",
    })
    validate_knowledge(added)
    added["known_bad"][-1]["match"] = {}
    with pytest.raises(ValidationError):
        validate_knowledge(added)


def test_unknown_keys_and_bad_versions_are_rejected(data):
    broken = copy.deepcopy(data)
    broken["releases"][0]["colour"] = "red"
    with pytest.raises(ValidationError):
        validate_knowledge(broken)
    broken = copy.deepcopy(data)
    broken["features"]["pooling"]["since"] = "soon"
    with pytest.raises(ValidationError):
        validate_knowledge(broken)


def test_loader_is_cached():
    assert load_knowledge() is load_knowledge()
