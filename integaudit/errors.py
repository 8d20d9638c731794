"""The one error type for problems the user must fix."""


class IntegauditError(Exception):
    """An error the user must fix; printed without a traceback, exit code 2."""
