"""What CI systems read: JUnit XML, GitHub Actions annotations and job summary (Markdown),
and GitLab Code Quality JSON, each made from the audit and its verdict in the run's language.

A CI job fails on the exit code; these say why, where the CI system shows it: JUnit as test
cases (one per rule, failing when its --fail-above threshold was hit and carrying its rate,
one per --strict reason, one for --fail-on), GitHub as one annotation per condition hit and
per error-level data issue, GitLab as one Code Quality entry per condition hit and per data
issue at warning or error level, with fingerprints that depend only on the input.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from xml.etree import ElementTree

from integaudit.audit.thresholds import Condition, Verdict, conditions
from integaudit.i18n import percent, text
from integaudit.issues import DataIssue
from integaudit.model import Audit
from integaudit.render.issue_text import issue_message

# The first line of the Markdown summary: how integaudit knows the file is its own.
SUMMARY_MARK = "<!-- integaudit summary -->"
CODEQUALITY_PREFIX = "integaudit/"


def _verdict(audit: Audit) -> Verdict:
    return audit.verdict if audit.verdict is not None else Verdict()


def rule_line(audit: Audit, rule_id: str, lang: str) -> str:
    """Return a rule's national rate as one line: ``missing-goal: 65,1 % (71 af 109
    vurderede)``, or that it assessed no contract."""
    stats = audit.total["rules"][rule_id]
    assessed = stats["pass"] + stats["fail"]
    if not assessed:
        return text("ci.rule_not_assessed", lang, rule=rule_id)
    rate = percent(stats["rate"], lang)
    return text(
        "ci.rule_rate", lang, rule=rule_id, rate=rate, fail=stats["fail"], assessed=assessed
    )


def _case(
    suite: ElementTree.Element, classname: str, name: str, failures: list[str], out: str = ""
) -> None:
    case = ElementTree.SubElement(
        suite, "testcase", {"classname": classname, "name": name, "time": "0"}
    )
    if failures:
        failure = ElementTree.SubElement(
            case, "failure", {"message": failures[0], "type": "integaudit"}
        )
        failure.text = "\n".join(failures)
    if out:
        ElementTree.SubElement(case, "system-out").text = out


def junit(audit: Audit, lang: str) -> str:
    """Return the JUnit XML of the run: one test case per rule of the ruleset (failing with the
    threshold's sentence when its --fail-above threshold was hit; its rate in system-out),
    one per --strict reason and one for --fail-on, when asked for."""
    found = conditions(_verdict(audit), lang)
    by_rule: dict[str, list[Condition]] = {}
    for condition in found:
        if condition.id.startswith("fail-above:"):
            by_rule.setdefault(condition.id.split(":", 1)[1], []).append(condition)
    root = ElementTree.Element("testsuites", {"name": "integaudit"})
    suite = ElementTree.SubElement(root, "testsuite", {"name": f"integaudit {audit.ruleset}"})
    titles = audit.titles(lang)
    for rule_id in audit.rule_ids:
        hits = [c.message for c in by_rule.get(rule_id, []) if c.hit]
        out = f"{titles.get(rule_id, rule_id)}\n{rule_line(audit, rule_id, lang)}"
        _case(suite, f"integaudit.{audit.ruleset}", rule_id, hits, out)
    for condition in found:
        if condition.id.startswith("fail-above:"):
            continue
        group, _, name = condition.id.partition(":")
        _case(
            suite,
            f"integaudit.{group}",
            name or condition.option,
            [condition.message] if condition.hit else [],
            condition.message,
        )
    cases = suite.findall("testcase")
    failures = sum(1 for case in cases if case.find("failure") is not None)
    for element in (root, suite):
        element.set("tests", str(len(cases)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("time", "0")
    suite.set("skipped", "0")
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _escape_data(value: str) -> str:
    """Return text for a GitHub workflow command's message (%, CR and LF escaped)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    """Return text for a GitHub workflow command's property (also : and , escaped)."""
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _where(issue: DataIssue, lang: str) -> str:
    """Return where in its file a data issue is (sheet, row, header), as far as it says."""
    if issue.sheet is None and issue.row is None and issue.header is None:
        return ""
    where = text(
        "ci.annotation.where",
        lang,
        sheet=issue.sheet or "–",
        row=issue.row if issue.row is not None else "–",
        header=issue.header or issue.column or "–",
    )
    return f" ({where})"


def _fails_run(verdict: Verdict) -> bool:
    """Return whether error-level data issues make the run fail (--strict or --fail-on)."""
    return bool(verdict.strict.get("on")) or verdict.fail_on.get("level") is not None


def github_annotations(audit: Audit, lang: str) -> list[str]:
    """Return the GitHub Actions workflow commands of the run: an ``::error`` per condition of
    the verdict that was hit, and one per error-level data issue (``::error`` when --strict
    or --fail-on makes it fail the run, else ``::warning``), with its file and kind as title
    and the sheet, row and header in the message."""
    verdict = _verdict(audit)
    title = _escape_property(f"integaudit: {text('ci.annotation.threshold', lang)}")
    lines = [
        f"::error title={title}::{_escape_data(condition.message)}"
        for condition in conditions(verdict, lang)
        if condition.hit
    ]
    command = "error" if _fails_run(verdict) else "warning"
    for issue in audit.extract.issues:
        if issue.level != "error":
            continue
        kind = _escape_property(f"integaudit: {text(f'kind.{issue.kind}', lang)}")
        place = f"file={_escape_property(issue.file)}," if issue.file else ""
        message = issue_message(issue, lang) + _where(issue, lang)
        lines.append(f"::{command} {place}title={kind}::{_escape_data(message)}")
    return lines


def _markdown_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def summary_markdown(audit: Audit, lang: str) -> str:
    """Return the Markdown summary of the run (GitHub's job summary): each rule's national
    rate, the verdict with the exit code, and the data issues by level."""
    verdict = _verdict(audit)
    titles = audit.titles(lang)
    heading = text("ci.summary.title", lang, ruleset=audit.ruleset, as_of=audit.as_of)
    files = len(audit.extract.inputs)
    lines = [
        SUMMARY_MARK,
        f"## {heading}",
        "",
        text("ci.summary.contracts", lang, contracts=audit.total["contracts"], files=files),
        "",
        f"| {text('ci.summary.rule', lang)} | {text('ci.summary.rate', lang)} "
        f"| {text('ci.summary.fail', lang)} |",
        "|---|---|---|",
    ]
    for rule_id in audit.rule_ids:
        stats = audit.total["rules"][rule_id]
        assessed = stats["pass"] + stats["fail"]
        rate = percent(stats["rate"], lang) if assessed else text("not_assessed", lang)
        title = _markdown_cell(f"{titles.get(rule_id, rule_id)} (`{rule_id}`)")
        lines.append(f"| {title} | {rate} | {stats['fail']} / {assessed} |")
    code = text("verdict.exit_code", lang, code=verdict.exit_code)
    lines += ["", f"### {text('verdict.heading', lang)} · {code}", ""]
    found = conditions(verdict, lang)
    for condition in found:
        mark = "❌" if condition.hit else "✅"
        lines.append(f"- {mark} `{condition.option}`: {condition.message}")
    if not found:
        lines.append(text("verdict.none", lang))
    levels = {level: 0 for level in ("error", "warning", "info")}
    for issue in audit.extract.issues:
        levels[issue.level] = levels.get(issue.level, 0) + 1
    counts = text(
        "ci.summary.issues",
        lang,
        errors=levels["error"],
        warnings=levels["warning"],
        infos=levels["info"],
    )
    lines += ["", counts, ""]
    return "\n".join(lines)


def _fingerprint(*parts: Any) -> str:
    """Return a fingerprint of the parts: the same input gives the same fingerprint."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode()).hexdigest()[:32]


def codequality(audit: Audit, lang: str) -> str:
    """Return the GitLab Code Quality report of the run: one entry per condition of the
    verdict that was hit (severity critical) and per data issue at warning (minor) or error
    (major) level, located at its file and row, with a fingerprint made of what the entry is
    about (never of its wording), counted when the same thing occurs twice."""
    entries: list[dict[str, Any]] = []
    seen: dict[str, int] = {}

    def add(check: str, description: str, severity: str, path: str, line: int, *key: Any):
        base = _fingerprint(check, path, line, *key)
        seen[base] = seen.get(base, 0) + 1
        fingerprint = base if seen[base] == 1 else _fingerprint(base, seen[base])
        entries.append(
            {
                "description": description,
                "check_name": CODEQUALITY_PREFIX + check,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {"path": path, "lines": {"begin": line}},
            }
        )

    for condition in conditions(_verdict(audit), lang):
        if condition.hit:
            add(condition.id, condition.message, "critical", ".", 1, audit.ruleset)
    severity = {"error": "major", "warning": "minor"}
    for issue in audit.extract.issues:
        if issue.level not in severity:
            continue
        description = issue_message(issue, lang) + _where(issue, lang)
        add(
            issue.kind,
            description,
            severity[issue.level],
            issue.file or ".",
            issue.row or 1,
            issue.sheet,
            issue.column,
            issue.value,
            issue.param_dict().get("rule"),
        )
    return json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
