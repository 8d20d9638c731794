"""The audit trail shared by the HTML report and the workbook: what ran, on what, when."""

from __future__ import annotations

from typing import Any

from integaudit import __version__
from integaudit.i18n import text
from integaudit.model import Audit


def audit_trail(audit: Audit, lang: str) -> dict[str, Any]:
    """Return ``items`` (label, value) for tool version, ruleset, audit date, command line,
    config, pseudonym key, suspension windows and run time, and ``inputs`` (path, sha256,
    contracts, follow-ups, rows read) for every file read."""
    meta = audit.meta
    windows = [
        f"{w.start.isoformat()} – {w.end.isoformat()}" + (f" ({w.label})" if w.label else "")
        for w in meta.get("suspensions", ())
    ]
    items = [
        (text("trail.tool", lang), f"integaudit {__version__}"),
        (text("trail.ruleset", lang), audit.ruleset),
        (text("trail.as_of", lang), audit.as_of.isoformat()),
        (text("trail.group_by", lang), text(f"group_by.{audit.group_by}", lang)),
        (text("trail.command", lang), meta.get("command", "")),
        (text("trail.config", lang), meta.get("config_path") or text("trail.no_config", lang)),
        (
            text("trail.key", lang),
            text("trail.key_stable" if audit.pseudonyms_stable else "trail.key_random", lang),
        ),
        (text("trail.suspensions", lang), "; ".join(windows) or text("trail.none", lang)),
        (text("trail.started", lang), meta.get("started", "")),
    ]
    inputs = [
        {
            "path": f.path,
            "sha256": f.sha256,
            "contracts": f.contracts,
            "follow_ups": f.follow_ups,
            "rows_read": f.rows_read,
        }
        for f in audit.extract.inputs
    ]
    return {"items": items, "inputs": inputs}
