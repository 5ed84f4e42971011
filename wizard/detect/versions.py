"""Driver, firmware and CANN versions from the files the installers leave behind.

Why files and not libraries: importing acl/torch_npu is slow and can crash on a broken install;
the version files are plain `key=value` text (reference/hardware.md §7). Every reader takes a
`root` so tests point it at a temp tree, tolerates missing files, directories in place of files
(the bind-mount pitfall with /etc/ascend_install.info) and permission errors, and reads keys
case-insensitively (`Version=` in the driver file, `version=` in the toolkit file).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_CFG_GROUP_RE = re.compile(r"\[([^\[\]:]*):([^\[\]]*)\]")


def read_kv_file(path: Path) -> dict[str, str] | None:
    """`key=value` lines (keys lower-cased); None when the path is not a readable file."""
    try:
        if not path.is_file():
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() and not key.lstrip().startswith("#"):
            out[key.strip().lower()] = value.strip().strip('"')
    return out


def _under(root: Path, path: str | os.PathLike) -> Path:
    """`path` inside `root` (absolute paths are re-rooted so tests can use a temp tree)."""
    p = Path(path)
    return root / p.relative_to(p.anchor) if p.is_absolute() else root / p


def read_install_info(root: Path, notes: list[str]) -> dict[str, str]:
    path = _under(root, "/etc/ascend_install.info")
    if path.is_dir():
        notes.append(
            "/etc/ascend_install.info is a directory (an empty bind mount of a file missing on the host)"
        )
        return {}
    return read_kv_file(path) or {}


def read_driver(root: Path, install: dict[str, str]) -> dict[str, str]:
    """driver / firmware versions; the driver dir comes from Driver_Install_Path_Param if set."""
    out: dict[str, str] = {}
    bases = [install.get("driver_install_path_param"), "/usr/local/Ascend"]
    for base in [b for b in bases if b]:
        info = read_kv_file(_under(root, Path(base) / "driver" / "version.info"))
        if info and info.get("version"):
            out["driver"] = info["version"]
            if info.get("innerversion"):
                out["driver_inner"] = info["innerversion"]
            break
    fw_bases = [install.get("firmware_install_path_param"), "/usr/local/Ascend"]
    for base in [b for b in fw_bases if b]:
        info = read_kv_file(_under(root, Path(base) / "firmware" / "version.info"))
        if info and info.get("version"):
            out["firmware"] = info["version"]
            break
    return out


def _version_key(name: str) -> tuple:
    """Sort key for 'cann-8.5.1', 'cann-9.0.0-beta.1': numbers compare as numbers, betas first."""
    body = name.split("-", 1)[1] if "-" in name else name
    nums = [int(n) for n in re.findall(r"\d+", body.split("-")[0])]
    return (nums, 0 if "-" in body else 1, body)


def toolkit_dirs(root: Path, environ: dict[str, str]) -> list[Path]:
    """Candidate CANN toolkit folders, most preferred first (env, latest, cann, cann-X, $HOME)."""
    cands: list[Path] = []
    for var in ("ASCEND_TOOLKIT_HOME", "ASCEND_HOME_PATH"):
        if environ.get(var):
            cands.append(_under(root, environ[var]))
    ascend = _under(root, "/usr/local/Ascend")
    cands += [ascend / "ascend-toolkit" / "latest", ascend / "cann"]
    try:
        versioned = [p for p in ascend.glob("cann-*") if p.is_dir()]
    except OSError:
        versioned = []
    cands += sorted(versioned, key=lambda p: _version_key(p.name), reverse=True)
    if environ.get("HOME"):
        cands.append(_under(root, environ["HOME"]) / "Ascend" / "ascend-toolkit" / "latest")
    seen: set[Path] = set()
    out = []
    for c in cands:
        if c not in seen and c.is_dir():
            seen.add(c)
            out.append(c)
    return out


def parse_version_cfg(path: Path) -> tuple[str, str] | None:
    """`toolkit_running_version=[inner:public]…` → (public, inner) of the LAST group."""
    info = read_kv_file(path)
    if not info:
        return None
    for key in ("toolkit_running_version", "runtime_running_version", "toolkit_installed_version"):
        groups = _CFG_GROUP_RE.findall(info.get(key, ""))
        if groups:
            inner, public = groups[-1]
            return public.strip(), inner.strip()
    return None


def read_cann(toolkit: Path) -> dict[str, str]:
    """CANN version of one toolkit folder: install.info, then version.cfg, then component files."""
    install_files = [toolkit / "ascend_toolkit_install.info"]
    try:
        install_files += sorted(toolkit.glob("*-linux/ascend_toolkit_install.info"))
    except OSError:
        pass
    for path in install_files:
        info = read_kv_file(path)
        if info and info.get("version"):
            out = {"cann": info["version"], "cann_path": str(toolkit)}
            if info.get("innerversion"):
                out["cann_inner"] = info["innerversion"]
            return out
    cfg = parse_version_cfg(toolkit / "version.cfg")
    if cfg:
        return {"cann": cfg[0], "cann_inner": cfg[1], "cann_path": str(toolkit)}
    for component in ("toolkit", "runtime", "opp", "opp_kernel", "compiler"):
        info = read_kv_file(toolkit / component / "version.info")
        if info and info.get("version_dir"):
            out = {"cann": info["version_dir"], "cann_path": str(toolkit)}
            if info.get("version"):
                out["cann_inner"] = info["version"]
            return out
    return {}


def read_versions(root: str | os.PathLike = "/", environ: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """All versions found under `root`, plus notes about odd install states."""
    base = Path(root)
    env = dict(os.environ if environ is None else environ)
    notes: list[str] = []
    install = read_install_info(base, notes)
    versions = read_driver(base, install)
    if install and install.get("driver_install_status", "").lower() not in ("", "complete"):
        notes.append(f"driver install status is {install['driver_install_status']!r}, not 'complete'")
    for toolkit in toolkit_dirs(base, env):
        cann = read_cann(toolkit)
        if cann:
            versions.update(cann)
            break
    return versions, notes
