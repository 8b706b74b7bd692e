"""Measured evidence per offer, operator and level: ``indgang effects_evidence`` measures,
keeps every measurement as history, and hands what may be shown of each offer to the
catalog's read model (decision 0020)."""
