"""Allow ``python -m integaudit``."""

from integaudit.cli import main

main()
