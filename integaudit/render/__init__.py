"""Renderers: an Audit → terminal, JSON (and later HTML, xlsx)."""
