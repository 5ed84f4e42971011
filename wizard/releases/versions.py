"""Version strings as users and tools spell them: vllm-ascend, vLLM, CANN, torch_npu.

Why not `packaging.version`: it is not a declared dependency, and CANN versions (`8.2.RC1`,
`9.1.0-beta.1`) are not PEP 440 anyway. Two small helpers cover what the release rules need:
an ordering key for vllm-ascend / vLLM versions, and a canonical form to compare CANN and
torch_npu strings for equality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION_RE = re.compile(
    r"""^v?(?P<nums>\d+(?:\.\d+){0,3})
        (?:[-_.]?(?P<pre>a|alpha|b|beta|rc|c)[-_.]?(?P<pre_n>\d*))?
        (?:[-_.]?post[-_.]?(?P<post>\d*))?
        (?:[-_.]?dev[-_.]?(?P<dev>\d*))?
        (?:\+(?P<local>[A-Za-z0-9.]+))?$""",
    re.VERBOSE | re.IGNORECASE,
)
_PRE_RANK = {"a": -3, "alpha": -3, "b": -2, "beta": -2, "c": -1, "rc": -1}


@dataclass(frozen=True)
class Version:
    """A parsed release version. `text` is the clean form without `v`, dev and local parts
    (`0.19.1rc2.dev22+g1` -> `0.19.1rc2`); `key` orders it; `is_dev` marks development builds."""

    text: str
    key: tuple
    is_dev: bool

    def major_minor(self) -> tuple[int, int]:
        return (self.key[0], self.key[1])


def parse_version(raw: str | None) -> Version | None:
    """`v0.18.0`, `0.10.0rc1`, `2.9.0.post1+git4c901a4`, `0.19.1rc2.dev2294+g…` → Version; else None."""
    if not raw:
        return None
    text = str(raw).strip()
    match = _VERSION_RE.match(text)
    if not match:
        return None
    nums = [int(n) for n in match["nums"].split(".")]
    while len(nums) < 3:
        nums.append(0)
    nums = nums[:4] if len(nums) > 3 else nums
    if len(nums) == 3:
        nums.append(0)
    pre = match["pre"]
    pre_key = (_PRE_RANK[pre.lower()], int(match["pre_n"] or 0)) if pre else (0, 0)
    post = int(match["post"] or 0) if match["post"] is not None else -1
    key = (*nums, *pre_key, post)
    clean = ".".join(str(n) for n in nums[:3]) + (f".{nums[3]}" if nums[3] else "")
    if pre:
        clean += f"{'rc' if pre.lower() in ('rc', 'c') else pre.lower()}{match['pre_n'] or 0}"
    if match["post"] is not None:
        clean += f".post{match['post'] or 0}"
    return Version(text=clean, key=key, is_dev=match["dev"] is not None)


def version_key(raw: str) -> tuple:
    """Ordering key of a version that must parse (knowledge-file versions)."""
    parsed = parse_version(raw)
    if parsed is None:
        raise ValueError(f"not a version: {raw!r}")
    return parsed.key


def canonical(raw: str | None) -> str | None:
    """Equality form for CANN / torch_npu strings: lower case, letter/digit runs joined by dots,
    local part dropped. `9.1.0-beta.1` == `9.1.0.beta1`; `8.2.RC1` == `8.2.rc1`;
    `2.9.0.post1+git4c901a4` == `2.9.0.post1`."""
    if not raw:
        return None
    text = str(raw).strip().lower().split("+", 1)[0]
    tokens = re.findall(r"[a-z]+|\d+", text)
    if not tokens or not tokens[0].isdigit():
        return None
    return ".".join(str(int(t)) if t.isdigit() else t for t in tokens)
