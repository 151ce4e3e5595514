"""Shipped playbooks: data files found through importlib.resources."""
