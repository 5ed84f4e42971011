"""Model and weights facts: from config.json, the weights folder, the built-in catalog or the name."""
