"""Reading launch inputs: shell lines and scripts, `docker run`, compose / k8s / vLLM YAML, profiles."""
