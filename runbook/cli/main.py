"""The command group and the one place where errors become messages and exit codes."""

from __future__ import annotations

import importlib
import io
import sys
import traceback

import click

from runbook.cli.environment import Environment
from runbook.cli.invocation import Invocation
from runbook.cli.options import workspace_options
from runbook.cli.utf8 import NOT_UTF8, escaped, is_text
from runbook.errors import RunbookError, UsageError

# Each command's module is imported only when that command runs: `runbook open` should not
# pay for the exporter, nor `runbook validate` for the store.
COMMANDS = {
    "open": "open_cmd", "init": "init_cmd",
    "validate": "playbook_cmds", "playbooks": "playbook_cmds",
    "export": "export_cmds", "draft": "export_cmds", "review": "export_cmds",
    "checklist": "checklist_cmd", "keys": "keys_cmd",
    "action": "followup_cmds", "signoff": "followup_cmds", "import": "cacao_cmds",
    "switch-version": "version_cmds", "sync": "sync_cmds", "sites": "sync_cmds",
    **{name: "incident_cmds" for name in (
        "start", "level", "step", "note", "report", "vendor", "handover", "stand-down",
        "close", "reopen", "evaluate", "fact", "correct", "list", "status", "timeline",
        "verify", "resolve")},
}


class LazyGroup(click.Group):
    """The command group: each command's module is imported when that command runs.

    `runbook` with no command (alone, or with only the workspace options) opens the
    player, as `runbook open` does: click's `invoke_without_command`, the group's callback
    invoking `open`. (click-default-group's group, which sqlite-utils uses, resolves any
    unknown word to the default command, so a mistyped `runbook lsit` in a script would try
    to open the player instead of saying there is no such command; and with only options
    given it still asks for a command.)
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str],
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as unknown:
            # click suggests among the commands loaded, and here only the one asked is.
            raise click.exceptions.NoSuchCommand(unknown.command_name, possibilities=COMMANDS,
                                                 ctx=ctx) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"runbook.cli.{module}")
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="runbook", message="%(prog)s %(version)s",
                      help="Print the version and exit / 显示版本并退出")
@workspace_options()
@click.pass_context
def cli(ctx: click.Context) -> int | None:
    """runbook: play the outsourced-service emergency plan, step by step, on the record.

    runbook：按应急预案逐步处置外包服务突发事件，并完整记录。

    Without a command, opens the player (runbook open). The options here apply to any
    command; given after the command, they win. / 不带命令时打开播放器（runbook open）。
    此处的选项适用于所有命令；写在命令之后的同名选项优先。
    """
    invocation = ctx.ensure_object(Invocation)
    ctx.with_resource(invocation)  # its store is closed however the command ends
    if ctx.invoked_subcommand is not None:
        return None
    player = cli.get_command(ctx, "open")
    assert player is not None
    code: int = ctx.invoke(player)
    return code


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command; explain failures instead of showing tracebacks."""
    args = sys.argv[1:] if argv is None else argv
    _tolerant_output()
    invocation = Invocation(Environment.read())
    try:
        check_text(args)
        invocation.env.check_text()
        code = cli.main(args=args, prog_name="runbook", standalone_mode=False, obj=invocation)
    except click.exceptions.Abort:
        click.echo("Aborted. / 已中止。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        from runbook.cli.usage import language_given, show

        show(exc, language_given(args) or invocation.lang)
        sys.exit(exc.exit_code)
    except RunbookError as exc:
        from runbook.safetext import block  # a message may quote stored text: shown only

        click.echo(block(exc.text(invocation.lang)), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:
        if invocation.env.debug:
            raise
        click.echo(
            "runbook hit an internal error; nothing was lost from the record. Run again with "
            "RUNBOOK_DEBUG=1 to see the details and report them.\n"
            "runbook 发生内部错误；记录未丢失。可设置 RUNBOOK_DEBUG=1 重新运行查看详情并报告。",
            err=True,
        )
        trace = invocation.env.trace_file
        if trace is not None:
            with open(trace, "a", encoding="utf-8") as f:
                traceback.print_exc(file=f)
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)


def _tolerant_output() -> None:
    """On a terminal that is not UTF-8 (a GBK locale, PYTHONIOENCODING=ascii) a character it
    cannot encode is written as its escape (`\\U0001f525`) instead of failing the command
    half-way through its output. (`--json` writes such characters as JSON escapes.)"""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def check_text(argv: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates (PEP 383): refuse them
    before click, the store or the terminal meet them, naming where they were given."""
    for position, arg in enumerate(argv, start=1):
        if is_text(arg):
            continue
        if arg.startswith("-") and "=" in arg:
            where = f" ({arg.split('=', 1)[0]})"
        elif position > 1 and argv[position - 2].startswith("-") and argv[position - 2] != "-":
            where = f" ({argv[position - 2]})"
        else:
            where = ""
        raise UsageError(NOT_UTF8.format(what=f"Argument {position}{where}",
                                         what_zh=f"第 {position} 个参数{where}",
                                         shown=escaped(arg)))
