"""What the contract must state: a goal (missing-goal) and the coordinating unit
(missing-coordinator)."""
