"""integaudit: audit Danish integration contracts against the integration law's rules."""

__version__ = "0.1.0"
