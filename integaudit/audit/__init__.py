"""The audit: rules applied to an extract (``run``), the rates per group and in total
(``aggregate``), what could not be assessed (``coverage``), the CI verdict (``thresholds``),
two audits compared (``compare``), the deadlines still open (``due``) and one national audit
cut per municipality (``municipal``)."""
