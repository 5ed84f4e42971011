"""`duowiz rules`: every finding code, its group and the one-line doc of the rule that emits it."""

from __future__ import annotations

import json


def add_arguments(p) -> None:
    p.add_argument("--json", action="store_true")


def run(args) -> int:
    from wizard.rules.registry import all_rules

    rows = [(code, r.group, r.name, r.summary_for(code)) for r in all_rules() for code in r.codes]
    rows.sort(key=lambda row: (row[1], row[0]))
    if args.json:
        print(json.dumps([{"code": c, "group": g, "rule": n, "summary": s} for c, g, n, s in rows], indent=2))
        return 0
    width = max(len(c) for c, *_ in rows)
    group = None
    for code, g, _, summary in rows:
        if g != group:
            print(f"{'' if group is None else chr(10)}[{g}]")
            group = g
        print(f"  {code:<{width}}  {summary}")
    return 0
