"""The command line's own usage errors follow --lang and the config like every other message,
as one line with exit code 2; -h is help on every command; the help names what each option
takes, never a Python type; a missing path is exit 2 in every command."""

from __future__ import annotations

import re

import pytest

from integaudit.cli import app
from tests.conftest import run_cli_in
from tests.paths import RR2014

USAGE = [
    (
        ["check", "x", "--jsn", "out.json"],
        "ukendt tilvalg --jsn (mente du --json?); se integaudit check --help",
        "no such option --jsn (did you mean --json?); see integaudit check --help",
    ),
    (
        ["check", "x", "--by", "kommune"],
        '--by: ugyldig værdi "kommune" (mulige: municipality, region, none)',
        '--by: invalid value "kommune" (choose from municipality, region, none)',
    ),
    (
        ["check", "x", "--workers", "0"],
        '--workers: "0" er for lille (mindst 1)',
        '--workers: "0" is too small (at least 1)',
    ),
    (
        ["check", "x", "--workers", "to"],
        '--workers: "to" er ikke et helt tal',
        '--workers: "to" is not a whole number',
    ),
    (["check"], "mangler argumentet PATHS...", "missing argument PATHS..."),
    (["check", "x", "--as-of"], "--as-of skal have en værdi", "--as-of needs a value"),
    (["check", "x", "--strict=ja"], "--strict tager ingen værdi", "--strict takes no value"),
    (["chek", "x"], "ukendt kommando chek (mente du check?)", "no such command chek"),
    (["compare", "a.json"], "mangler argumentet NEW", "missing argument NEW"),
    (["rules", "a", "b"], "for mange argumenter: b", "unexpected extra arguments: b"),
    (["sample", "x", "--size", "5", "--seed", "1"], "mangler tilvalget --out", "missing option"),
]


@pytest.mark.parametrize(("args", "danish", "english"), USAGE, ids=lambda v: str(v)[:30])
def test_a_usage_error_is_one_line_in_the_runs_language(tmp_path, args, danish, english):
    for lang, prefix, message in (
        ([], "integaudit: fejl: ", danish),
        (["--lang", "en"], "integaudit: error: ", english),
    ):
        result = run_cli_in(tmp_path, args[0], *lang, *args[1:])
        assert result.exit_code == 2, result.output
        line = result.stderr.strip()
        assert "\n" not in line and "Traceback" not in line, line
        assert line.startswith(prefix), line
        assert message in line, line
        assert "Usage:" not in line and "Error" not in line


def test_the_configs_lang_makes_usage_errors_english(tmp_path):
    (tmp_path / "integaudit.toml").write_text('lang = "en"\n', encoding="utf-8")
    result = run_cli_in(tmp_path, "check", ".", "--jsn", "out.json")
    assert result.stderr.startswith("integaudit: error: no such option --jsn"), result.stderr
    # --lang on the command line wins over the config
    danish = run_cli_in(tmp_path, "check", ".", "--jsn", "x", "--lang", "da")
    assert danish.stderr.startswith("integaudit: fejl: ukendt tilvalg --jsn")


def test_a_config_in_the_first_folder_argument_sets_the_language(tmp_path):
    folder = tmp_path / "udtraek"
    folder.mkdir()
    (folder / "integaudit.toml").write_text('lang = "en"\n', encoding="utf-8")
    result = run_cli_in(tmp_path, "due", str(folder), "--within", "30", "--bad")
    assert result.stderr.startswith("integaudit: error: no such option --bad"), result.stderr


def _commands() -> list[str]:
    return [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("command", _commands())
def test_minus_h_is_help_on_every_command_and_names_no_python_type(tmp_path, command):
    short = run_cli_in(tmp_path, command, "-h")
    assert short.exit_code == 0, short.output
    assert short.stdout.startswith(f"Usage: integaudit {command} [OPTIONS]"), short.stdout
    assert short.stdout == run_cli_in(tmp_path, command, "--help").stdout
    assert "-h, --help" in short.stdout
    for python in ("<bool>", "<str>", "<int", "<path>", "list[", "{", "Path]"):
        assert python not in short.stdout, (python, short.stdout)


def test_the_help_says_what_each_option_takes(tmp_path):
    help_text = run_cli_in(tmp_path, "check", "-h").stdout
    assert "Usage: integaudit check [OPTIONS] PATHS..." in help_text
    assert "--by [municipality|region|none]" in help_text
    assert "--fail-above RULE=PCT" in help_text
    assert "--json FILE|-" in help_text
    assert "--workers N" in help_text
    assert re.search(r"-v, --verbose +List every data issue", help_text)
    top = run_cli_in(tmp_path, "-h")
    assert top.exit_code == 0
    assert "--install-completion" in top.stdout and "check " in top.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check", "missing"],
        ["due", "missing"],
        ["columns", "missing"],
        ["columns", str(RR2014 / "101.xlsx"), "missing"],
        ["municipal-reports", "missing", "--out", "out"],
        ["sample", "missing", "--size", "3", "--seed", "1", "--out", "s.xlsx"],
        ["anonymise", "missing", "--out", "copies"],
        ["evaluate", "missing.xlsx"],
        ["compare", "missing.json", "missing2.json"],
    ],
)
def test_a_missing_path_is_exit_2_in_every_command(tmp_path, args):
    result = run_cli_in(tmp_path, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["check", "x", "--workers", "010190-1234"],
        ["check", "x", "--by", "0101901234"],
        ["0101901234"],
        ["check", "x", "--bogus-010190-1234"],
    ],
    ids=["option-value", "choice", "command", "option-name"],
)
def test_a_cpr_number_typed_on_the_command_line_is_pseudonymised_in_the_usage_error(tmp_path, args):
    result = run_cli_in(tmp_path, *args)
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert "integaudit: fejl: " in line
    assert not re.search(r"0101\d\d-?\d{4}", line), line
    assert re.search(r"P-[0-9a-f]{12}", line), line
