"""Follow-up on the contract (missed-follow-up): every N calendar months under rr2014
(``cadence``), by the person's situation under bek2020 (``benefit``, ``maternity`` and the
yearly cadence)."""
