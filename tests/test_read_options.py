"""check, due and municipal-reports share one typed ReadOptions: a library caller passes a
date and a number of bytes, the command line's texts are parsed in cli, and the options of a
command are never copied field by field."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import shutil

import pytest

from integaudit import api
from integaudit.errors import IntegauditError
from tests.conftest import run_cli_in
from tests.paths import ROOT

SAMPLE = ROOT / "samples" / "rr2014"


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    folder = tmp_path_factory.mktemp("read")
    shutil.copy(SAMPLE / "aalborg_kontrakter.xlsx", folder / "aalborg_kontrakter.xlsx")
    return folder


def test_a_library_check_is_the_command_lines(extract) -> None:
    paths = [extract / "aalborg_kontrakter.xlsx"]
    settings = api.load_settings(None, paths)
    read = api.ReadOptions(paths, as_of=dt.date(2014, 6, 30), max_file_size=200_000_000)
    audit = api.check(api.CheckOptions(read), settings).audit
    cli = run_cli_in(extract, "check", "aalborg_kontrakter.xlsx", "--as-of", "30-06-2014",
                     "--max-file-size", "200 MB", "--json", "-")  # fmt: skip
    assert cli.exit_code in (0, 1), cli.output
    document = json.loads(cli.stdout)
    assert audit is not None and audit.as_of == dt.date(2014, 6, 30)
    assert document["as_of"] == "2014-06-30"
    assert document["total"] == json.loads(json.dumps(audit.total))


def test_max_file_size_is_bytes_for_a_library_caller(extract) -> None:
    paths = [extract / "aalborg_kontrakter.xlsx"]
    read = api.ReadOptions(paths, max_file_size=1_000)
    result = api.check(api.CheckOptions(read), api.load_settings(None, paths))
    assert result.audit is None
    assert [i.kind for i in result.extract.issues] == ["file-too-large"]


def test_due_takes_its_days_as_a_number(extract) -> None:
    paths = [extract / "aalborg_kontrakter.xlsx"]
    settings = api.load_settings(None, paths)
    read = api.ReadOptions(paths, as_of=dt.date(2014, 6, 30))
    work = api.due(api.DueOptions(read, within=10), settings).work
    assert work is not None and work.within_days == 10
    with pytest.raises(IntegauditError) as caught:
        api.due(api.DueOptions(read, within=-1), settings)
    assert caught.value.key == "due-within"


@pytest.mark.parametrize("within", ["-1", "ti", "1.5"])
def test_the_command_line_refuses_within_that_is_not_days(extract, within) -> None:
    result = run_cli_in(extract, "due", "aalborg_kontrakter.xlsx", "--within", within)
    assert result.exit_code == 2 and "--within" in result.stderr


def test_the_commands_options_hold_one_read_options() -> None:
    for options in (api.CheckOptions, api.DueOptions, api.MunicipalOptions):
        fields = {f.name: f.type for f in dataclasses.fields(options)}
        assert fields["read"] in ("ReadOptions", api.ReadOptions)
        assert not {"paths", "as_of", "max_file_size"} & set(fields)


def test_no_option_is_copied_by_hasattr() -> None:
    for path in sorted((ROOT / "integaudit" / "api").glob("*.py")):
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "hasattr"
        ]
        assert calls == [], path.name
