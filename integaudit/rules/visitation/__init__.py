"""The visitation of benefit recipients (late-visitation)."""
