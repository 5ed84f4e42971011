"""Release knowledge: what each vllm-ascend release / image / CANN version can do on 310P.

`resolve_release(host, launch, release_arg)` returns the plan's ReleaseView (`KnownRelease`);
the facts live in `knowledge.yaml` (package data, one source per fact) so that adding a release
is a data-only change (docs/releases.md).
"""

from __future__ import annotations

from wizard.releases.resolve import parse_image, resolve_release
from wizard.releases.view import KnownRelease

__all__ = ["KnownRelease", "parse_image", "resolve_release"]
