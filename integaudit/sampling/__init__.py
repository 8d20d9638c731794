"""Audit sampling: selection, planning and evaluation statistics, reading a reviewed sample."""
