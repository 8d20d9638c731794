"""Rules and rulesets (SPEC §2)."""
