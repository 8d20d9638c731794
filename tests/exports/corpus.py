"""What the tests of the export corpus (tests/data/exports/) share: each layout's hand-written
expectations, the commands run on a copy of its files, and what is compared.

Statuses in expected.toml are written one contract a line, ``ID  P F N  # why``, one letter per
rule in the order of the ruleset's ``rules``: P pass, F fail, N not-applicable, A not-assessed.
Counts are ``[pass, fail, not-applicable, not-assessed]`` per rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from conftest import Result, run_cli_in
from python_calamine import CalamineWorkbook

from tests.paths import ROOT

EXPORTS = ROOT / "tests" / "data" / "exports"
GENERATOR = EXPORTS / "generate.py"
LAYOUTS = (
    "nexus",
    "momentum",
    "fasit",
    "stale_copy",
    "two_row_header",
    "follow_up_export",
    "own_headers",
)
STATUS_LETTERS = {"P": "pass", "F": "fail", "N": "not-applicable", "A": "not-assessed"}
COUNT_KEYS = ("pass", "fail", "not_applicable", "not_assessed")
# Each run reads its files in this process: quicker than starting worker processes.
ENV = {"INTEGAUDIT_WORKERS": "1"}
# What the English message of a row set aside says about why (issue 19 §1).
REASON_WORDS = {
    "footer": ("footer", "total"),
    "note": ("note",),
    "header-repeat": ("header",),
    "no-id-no-date": ("no contract id",),
}
CONFIG = "integaudit.toml"


@dataclass(frozen=True)
class Layout:
    """One layout of the corpus and what its expected.toml says."""

    name: str

    @property
    def folder(self) -> Path:
        return EXPORTS / self.name

    @cached_property
    def expected(self) -> dict[str, Any]:
        return tomllib.loads((self.folder / "expected.toml").read_text(encoding="utf-8"))

    @property
    def files(self) -> list[Path]:
        """Return the layout's export files (everything in its folder but expected.toml)."""
        return sorted(p for p in self.folder.iterdir() if p.name != "expected.toml")

    @property
    def config(self) -> str | None:
        """Return the config lines the user writes for this layout, if it needs any."""
        return self.expected.get("config", {}).get("lines")

    def statuses(self, ruleset: str, without_config: bool = False) -> dict[str, dict[str, str]]:
        """Return contract id → rule → status under ``ruleset`` (with the config lines, or
        without them where expected.toml says what differs then)."""
        section = self.expected[ruleset]
        found = parse_statuses(section["status"], section["rules"])
        if without_config:
            found |= parse_statuses(
                self.expected["without_config"][ruleset]["status"], section["rules"]
            )
        return found

    def counts(self, ruleset: str, without_config: bool = False) -> dict[str, list[int]]:
        """Return rule → [pass, fail, not-applicable, not-assessed] under ``ruleset``."""
        source = self.expected["without_config"] if without_config else self.expected
        return source[ruleset]["counts"]

    def copy_into(self, target: Path, config: str | None = None) -> Path:
        """Copy the export files into ``target`` (with ``config`` as its integaudit.toml)."""
        target.mkdir(parents=True)
        for path in self.files:
            shutil.copy(path, target / path.name)
        if config is not None:
            (target / CONFIG).write_text(config, encoding="utf-8")
        return target


def parse_statuses(block: str, rules: list[str]) -> dict[str, dict[str, str]]:
    """Return contract id → rule → status from lines ``ID  P F N  # comment``."""
    found: dict[str, dict[str, str]] = {}
    for line in block.splitlines():
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        contract, letters = fields[0], fields[1:]
        assert len(letters) == len(rules), line
        assert contract not in found, contract
        found[contract] = {r: STATUS_LETTERS[s] for r, s in zip(rules, letters, strict=True)}
    return found


@dataclass
class Audited:
    """A ``check`` run and the JSON document it wrote."""

    result: Result
    doc: dict[str, Any] | None
    json_text: str = ""

    @property
    def output(self) -> str:
        return self.result.output + self.json_text

    def statuses(self, rules: list[str]) -> dict[str, dict[str, str]]:
        assert self.doc is not None, self.result.output
        out: dict[str, dict[str, str]] = {}
        for contract in self.doc["contracts"]:
            assert contract["contract_id"] not in out, f"{contract['contract_id']} twice"
            out[contract["contract_id"]] = {r: contract["status"][r] for r in rules}
        return out

    def counts(self, rules: list[str]) -> dict[str, list[int]]:
        assert self.doc is not None, self.result.output
        total = self.doc["total"]["rules"]
        return {r: [total[r][k] for k in COUNT_KEYS] for r in rules}

    def kinds(self) -> Counter[str]:
        assert self.doc is not None, self.result.output
        return Counter(issue["kind"] for issue in self.doc["data_issues"])

    def issues(self, kind: str) -> list[dict[str, Any]]:
        assert self.doc is not None, self.result.output
        return [issue for issue in self.doc["data_issues"] if issue["kind"] == kind]


def check(cwd: Path, folder: str, as_of: str, ruleset: str, *options: str) -> Audited:
    """Run ``integaudit check FOLDER --as-of --ruleset --json --strict OPTIONS`` in ``cwd``."""
    out = cwd / f"check-{folder}-{ruleset}.json"
    out.unlink(missing_ok=True)
    result = run_cli_in(
        cwd,
        "check",
        folder,
        "--as-of",
        as_of,
        "--ruleset",
        ruleset,
        "--json",
        str(out),
        "--strict",
        *options,
        env=ENV,
    )
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    return Audited(result, json.loads(text) if text else None, text)


def run(cwd: Path, *args: str) -> Result:
    """Run ``integaudit ARGS`` in ``cwd``, reading files in this process."""
    return run_cli_in(cwd, *args, env=ENV)


def no_traceback(result: Result) -> None:
    """Assert the run ended without an exception the user would see."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


# --- the config init writes -------------------------------------------------------------------

_SETTING = re.compile(r"^\s*#+\s?(\[\[?[A-Za-z_.]+\]\]?\s*|[A-Za-z_][\w.\-\"]*\s*=.*)$")


def uncommented(text: str) -> str:
    """Return ``text`` with every commented line that is a TOML setting on its own (a table
    header, or ``key = value`` that parses by itself) uncommented: "every suggested line";
    comments that explain stay comments."""
    lines = []
    for line in text.splitlines():
        found = _SETTING.match(line)
        setting = found.group(1).strip() if found else None
        if setting is not None and _is_setting(setting):
            lines.append(setting)
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _is_setting(line: str) -> bool:
    if line.startswith("["):
        return bool(re.fullmatch(r"\[\[?[A-Za-z_][\w.]*\]\]?", line))
    try:
        tomllib.loads(line)
    except tomllib.TOMLDecodeError:
        return False
    return True


def with_user_lines(config: str, extra: str) -> str:
    """Return ``config`` with the settings of ``extra`` added where it has none of its own:
    a table's missing keys (lists joined), and each [[layout]] for files no layout names."""
    merged = tomllib.loads(config)
    for key, value in tomllib.loads(extra).items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            have = {item.get("files") for item in merged.get(key, [])}
            merged.setdefault(key, []).extend(v for v in value if v.get("files") not in have)
        elif isinstance(value, dict):
            table = merged.setdefault(key, {})
            for name, item in value.items():
                if isinstance(item, list):
                    old = table.get(name, [])
                    table[name] = old + [v for v in item if v not in old]
                else:
                    table.setdefault(name, item)
        else:
            merged.setdefault(key, value)
    return to_toml(merged)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def to_toml(data: dict[str, Any], prefix: str = "") -> str:
    """Return TOML text for ``data`` (plain values, tables, arrays of tables)."""
    lines, tables = [], []
    for key, value in data.items():
        name = f"{prefix}{json.dumps(key)}"
        if isinstance(value, dict):
            tables.append(f"\n[{name}]\n" + to_toml(value, f"{name}."))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            tables.extend(f"\n[[{name}]]\n" + to_toml(v, f"{name}.") for v in value)
        else:
            lines.append(f"{json.dumps(key)} = {_value(value)}")
    return "\n".join(lines) + "\n" + "".join(tables)


def suggested_aliases(text: str) -> list[tuple[str, str]]:
    """Return (header, field) for every alias ``field = ["header", …]`` in ``text``, commented
    or not, under [aliases]."""
    pairs, table = [], None
    for line in text.splitlines():
        bare = line.strip().lstrip("#").strip()
        if re.fullmatch(r"\[\[?[\w.]+\]\]?", bare):
            table = bare.strip("[]")
            continue
        found = re.match(r"^([A-Za-z_][\w]*)\s*=\s*(\[.*\])", bare)
        if table == "aliases" and found:
            try:
                headers = tomllib.loads(f"x = {found.group(2)}")["x"]
            except tomllib.TOMLDecodeError:
                continue
            pairs += [(h, found.group(1)) for h in headers if isinstance(h, str)]
    return pairs


# --- personal data in the corpus --------------------------------------------------------------

_CPR = re.compile(r"(?<!\d)(\d{6})-(\d{4})(?!\d)")


def sheets(path: Path) -> list[list[list[str]]]:
    """Return the rows of each sheet of a corpus file (or an anonymised copy) as texts."""
    if path.suffix == ".csv":
        raw = path.read_bytes()
        text = raw.decode("utf-8") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
        return [list(csv.reader(io.StringIO(text), delimiter=";"))]
    workbook = CalamineWorkbook.from_path(str(path))
    return [
        [[str(c) for c in row] for row in workbook.get_sheet_by_name(name).to_python()]
        for name in workbook.sheet_names
    ]


def cells(path: Path) -> list[list[str]]:
    """Return every row of every sheet of a file, one sheet after the other, as texts."""
    return [row for sheet in sheets(path) for row in sheet]


@dataclass(frozen=True)
class Personal:
    """The CPR numbers (both spellings) and names a layout's files hold."""

    cprs: frozenset[str]
    names: frozenset[str]

    def found_in(self, text: str) -> list[str]:
        """Return the CPR numbers and names that occur in ``text``."""
        return sorted(v for v in self.cprs | self.names if v in text)


def personal_data(files: list[Path]) -> Personal:
    """Return the CPR numbers and the names (the cells under a header "Navn") of ``files``."""
    cprs: set[str] = set()
    names: set[str] = set()
    for path in files:
        for rows in sheets(path):
            for row in rows:
                for cell in row:
                    for birth, sequence in _CPR.findall(cell):
                        cprs |= {f"{birth}-{sequence}", birth + sequence}
            for i, row in enumerate(rows):
                for column in (c for c, cell in enumerate(row) if cell == "Navn"):
                    names |= {r[column] for r in rows[i + 1 :] if column < len(r) and r[column]}
    return Personal(frozenset(cprs), frozenset(names))
