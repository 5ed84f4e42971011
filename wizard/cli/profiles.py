"""`duowiz profiles [NAME]`: list the shipped profiles, or show one (as YAML, or its JSON Schema)."""

from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("name", nargs="?", help="show this profile")
    p.add_argument("--schema", action="store_true", help="print the profile JSON Schema")


def run(args) -> int:
    import json

    from wizard.profile import load_profile, profile_json_schema, profile_names, resolve_profile_path

    if args.schema:
        print(json.dumps(profile_json_schema(), indent=2))
        return 0
    if args.name:
        path = resolve_profile_path(args.name)
        load_profile(args.name)  # validate before showing
        print(path.read_text(encoding="utf-8"), end="")
        return 0
    for name in profile_names():
        print(f"{name:<24} {load_profile(name).description}")
    return 0
