"""The audit trail shared by the HTML report and the workbook: what ran, on what, when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from integaudit import __version__
from integaudit.i18n import text
from integaudit.model import Audit


def run_time(started: str, zone: str | None = None) -> str:
    """Return when a run started (ISO text with its UTC offset) as a reader needs it: date,
    time and the zone, said even when it is UTC: "2024-07-01 09:30:00 CEST (UTC+02:00)",
    "2024-07-01 07:30:00 UTC"; ``zone`` is the zone's name where it is known."""
    try:
        moment = dt.datetime.fromisoformat(started)
    except ValueError:
        return started
    shown = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.utcoffset() is None:
        return shown
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}"
    if offset == "UTC+00:00" and zone in (None, "", "UTC", "GMT"):
        return f"{shown} UTC"
    if not zone or zone.startswith(("UTC", "GMT")) or zone[0] in "+-":
        return f"{shown} {offset}"
    return f"{shown} {zone} ({offset})"


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
        # A date, so a workbook holds it as a real date (shown YYYY-MM-DD, as HTML shows it).
        (text("trail.as_of", lang), audit.as_of),
        (text("trail.group_by", lang), text(f"group_by.{audit.group_by}", lang)),
        (text("trail.command", lang), meta.get("command", "")),
        (text("trail.config", lang), meta.get("config_path") or text("trail.no_config", lang)),
        (
            text("trail.key", lang),
            text("trail.key_stable" if audit.pseudonyms_stable else "trail.key_random", lang),
        ),
        (text("trail.suspensions", lang), "; ".join(windows) or text("trail.none", lang)),
        (text("trail.started", lang), run_time(meta.get("started", ""), meta.get("zone"))),
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
