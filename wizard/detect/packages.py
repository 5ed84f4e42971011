"""Python-side facts: installed serving packages and triton residue, via importlib.metadata only.

Why no imports: `import torch_npu` takes seconds and can crash; a leftover `site-packages/triton`
folder (uninstalled dist-info, files left behind) is exactly what breaks `import torch` on 310P
(rules.md `triton-residue`), so we look at files, never import them.
"""

from __future__ import annotations

import site
import sys
from pathlib import Path

#: distributions the rules care about, as lower-case dashed names
WATCHED = ("vllm", "vllm-ascend", "torch", "torch-npu", "triton", "triton-ascend", "msmodelslim")


def installed_packages(names: tuple[str, ...] = WATCHED, path: list[str] | None = None) -> dict[str, str]:
    """{dashed name: version} for each watched distribution that is installed."""
    from importlib import metadata  # ~30 ms: only paid when detection actually runs

    found: dict[str, str] = {}
    for dist in metadata.distributions(path=path) if path is not None else metadata.distributions():
        try:
            raw = dist.metadata["Name"]
        except Exception:  # a broken dist-info must not stop detection
            continue
        if not raw:
            continue
        name = raw.lower().replace("_", "-").replace(".", "-")
        if name in names and name not in found:
            found[name] = dist.version
    return found


def site_package_dirs() -> list[Path]:
    """Every site-packages / dist-packages folder this interpreter looks in."""
    dirs: list[str] = []
    try:
        dirs += site.getsitepackages()
    except AttributeError:  # some virtualenv builds lack it
        pass
    user = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
    if isinstance(user, str):
        dirs.append(user)
    dirs += [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
    out: list[Path] = []
    for d in dirs:
        p = Path(d)
        if p not in out and p.is_dir():
            out.append(p)
    return out


def _owns_triton(meta_dir: Path) -> bool:
    """Does this dist-info / egg-info list `triton` as a top-level package or file owner?"""
    top = meta_dir / "top_level.txt"
    try:
        if top.is_file() and "triton" in top.read_text(encoding="utf-8", errors="replace").split():
            return True
        for listing in ("RECORD", "installed-files.txt"):
            rec = meta_dir / listing
            if rec.is_file():
                text = rec.read_text(encoding="utf-8", errors="replace")
                if text.startswith("triton/") or "\ntriton/" in text or "../triton/" in text:
                    return True
    except OSError:
        return False
    return False


def find_triton_residue(site_dirs: list[Path] | None = None) -> Path | None:
    """The first `<site-packages>/triton` folder that no installed distribution owns."""
    for sp in site_package_dirs() if site_dirs is None else site_dirs:
        folder = sp / "triton"
        if not folder.is_dir():
            continue
        try:
            metas = [p for p in sp.iterdir() if p.name.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        # likely owners first: triton, triton-ascend, triton-nightly, pytorch-triton…
        metas.sort(key=lambda p: "triton" not in p.name.lower())
        if not any(_owns_triton(m) for m in metas):
            return folder
    return None
