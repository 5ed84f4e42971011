"""What counts as a secret (API keys, tokens, passwords): one rule for every place that prints,
logs or saves a launch. A profile lives in git; a key belongs in VLLM_API_KEY at run time."""

from __future__ import annotations

import re

_SECRET_NAME = re.compile(r"key|token|secret|passw", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """True for flag or variable names such as --api-key, VLLM_API_KEY, HF_TOKEN, DB_PASSWORD."""
    return bool(_SECRET_NAME.search(name))
