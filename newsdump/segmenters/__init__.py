"""Segmenters: each a small object with one job and a `name` that shows up in diagnostics."""
