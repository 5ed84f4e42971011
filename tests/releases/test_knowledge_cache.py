"""The JSON cache of knowledge.yaml is current (else the check path pays for importing yaml)."""

from wizard.releases.knowledge import _text_hash, load_knowledge_data, parse_knowledge_text, read_knowledge_text, CACHE_FILE
import json
from pathlib import Path

import wizard.releases.knowledge as knowledge


def test_cache_matches_the_yaml():
    cache = json.loads((Path(knowledge.__file__).parent / CACHE_FILE).read_text())
    assert cache["sha256"] == _text_hash(read_knowledge_text()), "run: python -m wizard.releases.knowledge"
    assert cache["data"] == parse_knowledge_text(read_knowledge_text())


def test_a_stale_cache_is_ignored(monkeypatch):
    edited = read_knowledge_text() + "\n# an edit\n"
    monkeypatch.setattr(knowledge, "read_knowledge_text", lambda: edited)
    assert load_knowledge_data() == parse_knowledge_text(edited)
