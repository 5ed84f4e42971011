"""duowiz runtime: turn a checked Plan into running processes (compression, vLLM server).

Kept apart from `wizard/` because this is the only part that starts subprocesses, binds ports
and writes weights; `duowiz check` never imports it. Entry points: `runtime.headless`
(`duowiz --profile …`) and `runtime.cli_compress` (`duowiz compress …`).
"""
