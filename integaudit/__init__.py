"""integaudit: audit Danish integration contracts against the integration law's rules."""

__version__ = "0.1.0"
# The version of every JSON document integaudit writes (SPEC §4.5): keys are only ever added
# within one version.
SCHEMA_VERSION = 1
# The rulesets a run may name (rules.rulesets holds their rules), and the one it audits
# against when none is named.
RULESET_NAMES = ("rr2014", "bek2020")
DEFAULT_RULESET = "rr2014"
