"""The command group and the one place where errors become messages and exit codes."""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from runbook import collector
from runbook.errors import RunbookError
from runbook.i18n import default_lang

# Each command's module is imported only when that command runs: `runbook open` should not
# pay for the exporter, nor `runbook validate` for the store.
COMMANDS = {
    "open": "open_cmd",
    "validate": "playbook_cmds", "playbooks": "playbook_cmds",
    "export": "export_cmds", "review": "export_cmds",
    **{name: "incident_cmds" for name in (
        "start", "level", "step", "note", "report", "vendor", "handover", "stand-down",
        "close", "reopen", "evaluate", "list", "status", "timeline", "verify")},
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"runbook.cli.{module}")
        return self.commands.get(cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """runbook: play the outsourced-service emergency plan, step by step, on the record.

    runbook：按应急预案逐步处置外包服务突发事件，并完整记录。
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command; explain failures instead of showing tracebacks."""
    lang = default_lang()
    args = sys.argv[1:] if argv is None else argv
    if not args or (args[0].startswith("-") and args[0] not in ("-h", "--help")):
        args = ["open", *args]  # `runbook [--db …] [--lang …]` opens the player
    if args[0] != "open":
        collector.release()  # the player does, after its first frame
    if "--lang" in args:
        i = args.index("--lang")
        if i + 1 < len(args) and args[i + 1] in ("zh", "en"):
            lang = "zh" if args[i + 1] == "zh" else "en"
    try:
        code = cli.main(args=args, prog_name="runbook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted. / 已中止。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except RunbookError as exc:
        click.echo(exc.text(lang), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception:
        if os.environ.get("RUNBOOK_DEBUG"):
            raise
        click.echo(
            "runbook hit an internal error; nothing was lost from the record. Run again with "
            "RUNBOOK_DEBUG=1 to see the details and report them.\n"
            "runbook 发生内部错误；记录未丢失。可设置 RUNBOOK_DEBUG=1 重新运行查看详情并报告。",
            err=True,
        )
        if os.environ.get("RUNBOOK_TRACE_FILE"):
            with open(os.environ["RUNBOOK_TRACE_FILE"], "a", encoding="utf-8") as f:
                traceback.print_exc(file=f)
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
