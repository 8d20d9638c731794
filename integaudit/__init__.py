"""integaudit: audit Danish integration contracts against the integration law's rules."""

__version__ = "0.1.0"
# The version of every JSON document integaudit writes (SPEC §4.5): keys are only ever added
# within one version.
SCHEMA_VERSION = 1
