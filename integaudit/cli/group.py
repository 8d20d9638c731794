"""The command line's frame around the commands: usage errors in the run's language, exit
codes that mean the same in every command, and help pages written the same way whatever
typer's version (options with what they take, -h beside --help).

The help is in English (the options are); errors are in the run's language (cli.usage).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from integaudit.cli.usage import _choices, _kind, is_usage_error, usage_language, usage_line

# A usage error exits 2 (SPEC §1.4); so does a run that is asked for nothing to do.
USAGE_EXIT = 2
# What an option's value is called in the help when the option does not say.
_METAVARS = {"int": "N", "float": "NUMBER", "path": "PATH", "text": "TEXT"}


def _metavar(param: Any) -> str:
    """Return what an option takes, as its help shows it: its own metavar, else its choices,
    else the kind of value (N, PATH, TEXT)."""
    if getattr(param, "metavar", None):
        return str(param.metavar)
    choices = _choices(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    return _METAVARS[_kind(param)]


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False)) or getattr(param, "count", False) is True


def _default(param: Any) -> str:
    """Return an option's default for its help (empty when it has none worth showing)."""
    default = getattr(param, "default", None)
    if _is_flag(param) or default in (None, False, (), []) or callable(default):
        return ""
    return f"  [default: {getattr(default, 'value', default)}]"


def _option_row(param: Any) -> tuple[str, str]:
    names = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    shown = ", ".join(names)
    if getattr(param, "secondary_opts", None):
        shown += " / " + ", ".join(param.secondary_opts)
    if not _is_flag(param):
        shown += f" {_metavar(param)}"
    return shown, (param.help or "") + _default(param)


def _argument_name(param: Any) -> str:
    name = str(param.name).upper() + ("..." if param.nargs != 1 else "")
    return name if param.required else f"[{name}]"


def _description(formatter: Any, help_text: str | None) -> None:
    if help_text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(" ".join(inspect.cleandoc(help_text).split()))


def _parameters(command: Any, ctx: Any) -> tuple[list[Any], list[Any]]:
    """Return the command's shown arguments and options."""
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    return arguments, options


class IntegauditCommand(TyperCommand):
    """A command whose help shows each argument and option with what it takes."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Write the command's help: usage, description, arguments and options."""
        arguments, options = _parameters(self, ctx)
        usage = " ".join(["[OPTIONS]", *(_argument_name(p) for p in arguments)])
        formatter.write_usage(ctx.command_path, usage)
        _description(formatter, self.help)
        if arguments:
            with formatter.section("Arguments"):
                rows = [(_argument_name(p).strip("[]"), p.help or "") for p in arguments]
                formatter.write_dl(rows)
        with formatter.section("Options"):
            formatter.write_dl([_option_row(p) for p in options])


def _short_help(command: Any) -> str:
    """Return the first sentence of a command's help."""
    words = " ".join(inspect.cleandoc(command.help or "").split())
    first = words.split(". ")[0].split(": ")[0]
    return first.rstrip(".")


class IntegauditGroup(TyperGroup):
    """The integaudit command: its help, and every command's usage errors and closed pipes."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """Write the help of integaudit: usage, description, options and commands."""
        _, options = _parameters(self, ctx)
        formatter.write_usage(ctx.command_path, "[OPTIONS] COMMAND [ARGS]...")
        _description(formatter, self.help)
        with formatter.section("Options"):
            formatter.write_dl([_option_row(p) for p in options])
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(
                [(name, _short_help(cmd)) for name, cmd in commands if cmd and not cmd.hidden]
            )

    def main(  # type: ignore[override]  # click overloads it on standalone_mode
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; a usage error is one line on stderr in the run's language
        (--lang, else the config's lang, else Danish) and exit code 2."""
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except Exception as exc:
            if not is_usage_error(exc):
                raise
            code = _show_usage_error(exc, argv)
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _show_usage_error(exc: Any, argv: list[str]) -> int:
    """Print a usage error (the help, when no command was given) and return its exit code."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        typer.echo(exc.ctx.get_help())
        return USAGE_EXIT
    from integaudit.errors import readable
    from integaudit.privacy.run import run_pseudonymiser

    lang = usage_language(argv)
    # A value typed on the command line may be a CPR number: pseudonymised, as everywhere.
    line = run_pseudonymiser().scrub_text(readable(usage_line(exc, argv, lang)))
    Console(stderr=True, highlight=False, soft_wrap=True).print(line, markup=False)
    return int(getattr(exc, "exit_code", USAGE_EXIT) or USAGE_EXIT)


class IntegauditTyper(typer.Typer):
    """The typer app whose commands write their help the integaudit way."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        """Register a command (see typer.Typer.command) as an IntegauditCommand."""
        kwargs.setdefault("cls", IntegauditCommand)
        return super().command(*args, **kwargs)
