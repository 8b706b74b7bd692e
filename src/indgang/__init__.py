"""Indgang: one entry point to the Danish business promotion system."""
