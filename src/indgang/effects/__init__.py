"""Effect measurement: participants against a matched control group."""
