"""The contract's signing: within its deadline (late-signing, one module per ruleset's
deadline, both built on ``deadline``) and with the declaration (missing-declaration)."""
