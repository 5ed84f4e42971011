"""Kubernetes `$(VAR)` references in a container's command, args and env values.

Before the container starts, the kubelet replaces `$(VAR)` in `command` / `args` with the value
of the container's env var VAR, and in an env entry's `value` with an env var defined above it;
`$$` is an escaped `$` (`$$(VAR)` reaches the program as `$(VAR)`), and a reference to a name
that is not defined is left as written (the program gets the text `$(VAR)`). This module does the
same with what the manifest states literally: `value:` entries. `valueFrom` (secretKeyRef,
configMapKeyRef, fieldRef, …) and `envFrom` are defined too but only known when the pod starts,
so references to them stay as written and are reported as runtime ones.
(Mirrors k8s.io/kubernetes third_party/forked/golang/expansion.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wizard.launch.shell import ExpansionBudget


@dataclass
class ContainerEnv:
    """A container's env as the manifest states it: `known` the literal values (expanded),
    `runtime` names defined by valueFrom (or by a value that refers to one), `env_from` True when
    `envFrom` may define any other name."""

    known: dict[str, str] = field(default_factory=dict)
    runtime: set[str] = field(default_factory=set)
    env_from: bool = False
    #: bounds what `$(VAR)` expansion may produce for this container (`A=$(A)$(A)` forty times)
    budget: ExpansionBudget = field(default_factory=ExpansionBudget)

    def is_runtime(self, name: str) -> bool:
        """True when `$(name)` gets a value when the pod starts that this check cannot see."""
        return name in self.runtime or (self.env_from and name not in self.known)


def expand(text: str, known: dict[str, str], budget: ExpansionBudget | None = None) -> tuple[str, list[str]]:
    """`text` with `$(VAR)` replaced from `known` and `$$` made `$`, the way the kubelet does;
    also the names of the references left as written (in order, repeats dropped). Raises
    InputError when the expansion grows past `budget` (default: the shared bounds)."""
    budget = budget if budget is not None else ExpansionBudget(len(text))
    out: list[str] = []
    left: list[str] = []
    seen: set[str] = set()
    i, n = 0, len(text)
    no_close = False  # no `)` after some point: every later `$(` is incomplete (no find per `$(`)
    while i < n:
        c = text[i]
        if c != "$" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":  # escaped operator
            out.append("$")
            i += 2
        elif nxt == "(":
            close = -1 if no_close else text.find(")", i + 2)
            if close < 0:
                no_close = True  # incomplete reference: kept as written
                out.append("$(")
                i += 2
                continue
            name = text[i + 2 : close]
            if name in known:
                out.append(budget.charge(name, known[name]))
            else:
                out.append(f"$({name})")
                if name not in seen:
                    seen.add(name)
                    left.append(name)
            i = close + 1
        else:  # a `$` that starts no reference
            out.append("$" + nxt)
            i += 2
    return "".join(out), left


def container_env(container: dict, scalar) -> ContainerEnv:
    """The env of one k8s container; `scalar` turns a YAML value into its string."""
    env = ContainerEnv(env_from=bool(container.get("envFrom")))
    items: Any = container.get("env")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or "name" not in item:
            continue
        name = str(item["name"])
        if "value" in item:
            value, left = expand(scalar(item["value"]), env.known, env.budget)
            if any(env.is_runtime(ref) for ref in left):
                env.runtime.add(name)
                env.known.pop(name, None)
            else:
                env.known[name] = value
                env.runtime.discard(name)
        elif "valueFrom" in item:
            env.runtime.add(name)
            env.known.pop(name, None)
        else:  # `- name: X` alone: defined, empty
            env.known[name] = ""
            env.runtime.discard(name)
    return env
