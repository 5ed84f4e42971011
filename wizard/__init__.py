"""duowiz: validate and launch vLLM (vllm-ascend) serving plans on Atlas 300I DUO (310P) hosts.

The core (host description, launch parsing, model facts, estimator, rules) imports no UI and no
runtime; the TUI, headless mode and `duowiz check` are thin front-ends over `wizard.check`.
"""

__version__ = "0.1.0"
