"""YAML launch inputs: docker-compose, Kubernetes manifests, vLLM `--config` files and
vllm-ascend CI test configs, each turned into LaunchSpecs.

The kind is told from the content, not the file name, because people name these files anything.
PyYAML is imported inside the functions so that reading a plain `vllm serve` line never pays for
it. Only yaml.safe_load is used.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from wizard.findings import InputError
from wizard.launch import flags as flag_table
from wizard.launch.k8s_expand import container_env, expand
from wizard.launch.serve_args import parse_serve_argv, serve_entry, spec_from_words
from wizard.launch.wrappers import shell_c, unwrap
from wizard.launch.spec import LaunchSpec


def load_documents(text: str, label: str) -> list[Any]:
    """The non-empty documents of a YAML launch file (safe_yaml: safe loader, alias and node caps,
    one-line InputError for anything that is not YAML)."""
    from wizard.safe_yaml import load_all

    docs = [doc for doc in load_all(text, label) if doc is not None]
    if not docs:
        raise InputError(f"{label} is empty")
    return docs


def yaml_kind(docs: list[Any]) -> str:
    """compose | k8s | ci-yaml | vllm-config | unknown"""
    maps = [d for d in docs if isinstance(d, dict)]
    if any(isinstance(d.get("services"), dict) for d in maps):
        return "compose"
    if any("apiVersion" in d and "kind" in d for d in maps):
        return "k8s"
    if any("test_cases" in d or "server_cmd" in d for d in maps):
        return "ci-yaml"
    if maps and len(maps) == len(docs):
        return "vllm-config"
    return "unknown"


def specs_from_yaml(text: str, label: str) -> list[LaunchSpec]:
    docs = load_documents(text, label)
    kind = yaml_kind(docs)
    if kind == "compose":
        return _compose_specs(docs, label)
    if kind == "k8s":
        return _k8s_specs(docs, label)
    if kind == "ci-yaml":
        return _ci_specs(docs)
    if kind == "vllm-config":
        spec = spec_from_vllm_config(docs[0], text, label)
        if not any(use.dest for use in spec.flags):
            raise InputError(
                f"{label}: none of its keys is a vLLM serve flag (not a vLLM config, compose file, "
                "Kubernetes manifest or CI config)"
            )
        return [spec]
    raise InputError(f"{label}: YAML that is neither compose, Kubernetes, a vLLM config nor a CI config")


# ---------------------------------------------------------------------------------------------
def _as_argv(value: Any) -> list[str]:
    """compose/k8s command or entrypoint: a list, or a string split the way compose splits it."""
    if value is None:
        return []
    if isinstance(value, list):
        return [_scalar(v) for v in value]
    try:
        return shlex.split(str(value))
    except ValueError as exc:
        raise InputError(f"cannot split command `{str(value)[:60]}`: {exc}") from None


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return "" if value is None else str(value)


def _container_specs(argv: list[str], source: str, variables: dict[str, str] | None = None) -> list[LaunchSpec]:
    """Specs for one container command: vLLM directly, or a `sh -c` script that runs it
    (`variables`: the container's env, which that shell has)."""
    spec = spec_from_words(argv, source=source)
    if spec is not None:
        return [spec]
    found = unwrap(argv)
    shell = shell_c(found.words)
    if shell is not None:
        from wizard.launch.reader import specs_from_script  # lazy: reader imports this module

        specs = specs_from_script(shell.script, source, "container command", require=False,
                                  variables={**(variables or {}), **found.env, **shell.variables()}, depth=1)
        for spec in specs:
            for package in spec.pip_installs:
                package.line = None  # a line of the container's script, not of this file
        return specs
    return []


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list:
    return value if isinstance(value, list) else []


def _env_of(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): _scalar(v) for k, v in value.items()}
    env = {}
    for item in _items(value):
        if isinstance(item, dict) and "name" in item:  # k8s
            if "value" in item:
                env[str(item["name"])] = _scalar(item["value"])
            continue
        key, has_eq, val = str(item).partition("=")
        if has_eq:
            env[key] = val
    return env


def _compose_specs(docs: list[Any], label: str) -> list[LaunchSpec]:
    specs: list[LaunchSpec] = []
    names: list[str] = []
    for doc in docs:
        services = doc.get("services") if isinstance(doc, dict) else None
        for name, service in _mapping(services).items():
            names.append(str(name))
            if not isinstance(service, dict):
                continue
            argv = _as_argv(service.get("entrypoint")) + _as_argv(service.get("command"))
            for spec in _container_specs(argv, "compose"):
                spec.docker = True
                spec.image = spec.image or (str(service["image"]) if service.get("image") else None)
                spec.inherit_env(_env_of(service.get("environment")))
                spec.devices = [str(d).split(":", 1)[0] for d in _items(service.get("devices"))]
                spec.volumes = [_volume(v) for v in _items(service.get("volumes"))]
                spec.privileged = bool(service.get("privileged"))
                spec.publish = [_port(p) for p in _items(service.get("ports"))]
                spec.network_host = str(service.get("network_mode") or "") == "host"
                spec.name = str(service.get("container_name") or name)
                specs.append(spec)
    if not specs:
        raise InputError(f"no `vllm serve` command found in {label} (services: {', '.join(names) or 'none'})")
    return specs


def _port(value: Any) -> str:
    """A compose `ports:` entry as a docker -p spec ([ip:]host:container)."""
    if isinstance(value, dict):  # long syntax
        ip = f"{value['host_ip']}:" if value.get("host_ip") else ""
        return f"{ip}{value.get('published', value.get('target', ''))}:{value.get('target', '')}"
    return str(value).split("/", 1)[0]


def _volume(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('source', '')}:{value.get('target', '')}"
    return str(value)


def _containers(node: Any) -> list[dict]:
    """Every `containers:` entry anywhere in a manifest (Deployment, Pod, Job, CronJob …)."""
    found: list[dict] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "containers" and isinstance(value, list):
                found.extend(c for c in value if isinstance(c, dict))
            else:
                found.extend(_containers(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_containers(item))
    return found


def _host_network(doc: Any) -> bool:
    """`hostNetwork: true` on the pod (Pod, or a workload's pod template)."""
    spec = _mapping(_mapping(doc).get("spec"))
    template = _mapping(_mapping(spec.get("template")).get("spec"))
    return bool(spec.get("hostNetwork") or template.get("hostNetwork"))


def _k8s_specs(docs: list[Any], label: str) -> list[LaunchSpec]:
    specs: list[LaunchSpec] = []
    for doc in docs:
        for container in _containers(doc):
            env = container_env(container, _scalar)
            argv, left, seen = [], [], set()
            for word in _as_argv(container.get("command")) + _as_argv(container.get("args")):
                expanded, refs = expand(word, env.known, env.budget)  # the kubelet's $(VAR), before the program
                argv.append(expanded)
                left.extend(r for r in refs if r not in seen)
                seen.update(refs)
            shell = shell_c(unwrap(argv).words) is not None
            for spec in _container_specs(argv, "k8s", env.known):
                _mark_runtime_refs(spec, [r for r in left if env.is_runtime(r)])
                for name in (r for r in left if not env.is_runtime(r) and _ENV_NAME.match(r)):
                    spec.notes.append(
                        f"$({name}) is not in the container's env: Kubernetes passes it to the program as written"
                        + (f" (the shell then runs `{name}` as a command)" if shell else "")
                    )
                spec.docker = True
                spec.image = spec.image or (str(container["image"]) if container.get("image") else None)
                spec.inherit_env(env.known)
                spec.name = str(container.get("name") or "") or None
                spec.network_host = _host_network(doc)
                resources = _mapping(container.get("resources"))
                merged = {**_mapping(resources.get("requests")), **_mapping(resources.get("limits"))}
                spec.resources = {str(k): _scalar(v) for k, v in merged.items()}
                for key, count in spec.resources.items():
                    if key.startswith("huawei.com/Ascend"):
                        spec.notes.append(
                            f"the pod asks for {count} × {key}; the device plugin picks which chips"
                        )
                specs.append(spec)
    if not specs:
        raise InputError(f"no `vllm serve` command found in {label} (no container runs vLLM)")
    return specs


_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # `$(date +%s)` in a shell script is no env reference


def _mark_runtime_refs(spec: LaunchSpec, names: list[str]) -> None:
    """Flags whose value is a `$(VAR)` the pod fills in when it starts (valueFrom / envFrom)."""
    refs = [f"$({name})" for name in names]
    for use in spec.flags:
        if use.value is not None and any(ref in use.value for ref in refs):
            use.unresolved = True


def _ci_specs(docs: list[Any]) -> list[LaunchSpec]:
    cases: list[dict] = []
    for doc in docs:
        if isinstance(doc, dict):
            cases.extend(c for c in _items(doc.get("test_cases")) if isinstance(c, dict))
            if "server_cmd" in doc:
                cases.append(doc)
    specs = []
    for case in cases:
        argv = _as_argv(case.get("server_cmd"))
        entry = serve_entry(argv)
        args = argv[entry[1]:] if entry else argv
        model = case.get("model")
        if model and not (args and not flag_table.looks_like_flag(args[0])):
            args = [str(model)] + args  # the harness runs `vllm serve MODEL *server_cmd`
        parsed = parse_serve_argv(args)
        env = {str(k): _scalar(v) for k, v in _mapping(case.get("envs")).items()}
        spec = LaunchSpec(source="ci-yaml", model=parsed.model, flags=parsed.flags, env=env,
                          issues=parsed.issues, argv=args, name=str(case.get("name") or "") or None)
        specs.append(spec)
    if not specs:
        raise InputError("CI config without any test case with a `server_cmd`")
    return specs


# ---------------------------------------------------------------------------------------------
def config_args(data: dict, notes: list[str] | None = None) -> list[str]:
    """vLLM's own conversion of a `--config` YAML mapping into command-line arguments:
    `key: true` -> `--key`, `key: false` -> `--no-key` when that flag exists (else dropped),
    lists -> `--key a b`, mappings -> JSON, anything else -> `--key str(value)`."""
    args: list[str] = []
    for key, value in data.items():
        key = str(key)
        if isinstance(value, bool):
            if value:
                args.append("--" + key)
            elif flag_table.table().by_spelling.get(f"--no-{key}") is not None:
                args.append(f"--no-{key}")
            elif notes is not None:
                notes.append(f"`{key}: false` is dropped by vLLM (there is no --no-{key} flag)")
        elif isinstance(value, list):
            if value:
                args.extend(["--" + key, *[str(v) for v in value]])
        elif isinstance(value, dict):
            args.extend(["--" + key, json.dumps(value)])
        else:
            args.extend(["--" + key, str(value)])
    return args


def _key_lines(text: str) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def spec_from_vllm_config(data: Any, text: str, label: str, extra_argv: list[str] | None = None) -> LaunchSpec:
    """A `vllm serve --config FILE` mapping, plus the command-line tokens given with it (which
    win, as vLLM puts them after the file's)."""
    if not isinstance(data, dict):
        raise InputError(f"{label}: a vLLM config must be a mapping of flag: value")
    notes: list[str] = []
    from_file = config_args(data, notes)
    key_lines = _key_lines(text)
    lines: list[int | None] = []
    for token in from_file:
        key = token[2:] if token.startswith("--") else None
        if key is not None and key.startswith("no-") and key not in key_lines:
            key = key[3:]
        lines.append(key_lines.get(key) if key else (lines[-1] if lines else None))
    extra = list(extra_argv or [])
    entry = serve_entry(extra)
    extra = extra[entry[1]:] if entry else (extra[1:] if extra[:1] == ["serve"] else extra)
    cli_model = [extra.pop(0)] if extra and not flag_table.looks_like_flag(extra[0]) else []
    args = cli_model + from_file + extra
    parsed = parse_serve_argv(args, lines=[None] * len(cli_model) + lines + [None] * len(extra))
    if parsed.model is None:
        notes.append(f"{label} has no `model:` key: give the model on the command line")
    return LaunchSpec(source="vllm-config", model=parsed.model, flags=parsed.flags, notes=notes,
                      issues=parsed.issues, argv=args)


def read_config_file(text: str, label: str, extra_argv: list[str] | None = None) -> LaunchSpec:
    docs = load_documents(text, label)
    return spec_from_vllm_config(docs[0], text, label, extra_argv)

