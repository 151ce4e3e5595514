"""The command group and the one place where errors become messages and exit codes."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Mapping

import click

from runbook.errors import RunbookError, UsageError
from runbook.i18n import Msg, default_lang

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
    if "--lang" in args:
        i = args.index("--lang")
        if i + 1 < len(args) and args[i + 1] in ("zh", "en"):
            lang = "zh" if args[i + 1] == "zh" else "en"
    try:
        check_text(sys.argv[1:] if argv is None else argv, os.environ)
        code = cli.main(args=args, prog_name="runbook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted. / 已中止。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except RunbookError as exc:
        from runbook.safetext import block  # a message may quote stored text: shown only

        click.echo(block(exc.text(lang)), err=True)
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


NOT_UTF8 = Msg(
    "{what} is not valid UTF-8 text: {shown}. Type it again, or set the terminal to UTF-8 "
    "(e.g. LANG=zh_CN.UTF-8); nothing was recorded.",
    "{what_zh}不是有效的 UTF-8 文本：{shown}。请重新输入，或将终端设为 UTF-8"
    "（例如 LANG=zh_CN.UTF-8）；未记录任何内容。")


def check_text(argv: list[str], environ: Mapping[str, str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates (PEP 383): refuse them
    before click, the store or the terminal meet them, naming where they were given."""
    for position, arg in enumerate(argv, start=1):
        if _is_text(arg):
            continue
        if arg.startswith("-") and "=" in arg:
            where = f" ({arg.split('=', 1)[0]})"
        elif position > 1 and argv[position - 2].startswith("-") and argv[position - 2] != "-":
            where = f" ({argv[position - 2]})"
        else:
            where = ""
        raise UsageError(NOT_UTF8.format(what=f"Argument {position}{where}",
                                         what_zh=f"第 {position} 个参数{where}",
                                         shown=_escaped(arg)))
    for name, value in environ.items():
        if name.startswith("RUNBOOK_") and not _is_text(value):
            raise UsageError(NOT_UTF8.format(what=f"The variable {name}",
                                             what_zh=f"环境变量 {name} ", shown=_escaped(value)))


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escaped(value: str) -> str:
    """The value with its undecodable bytes as \\xNN, safe to print anywhere."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return ascii(value)
    text = raw.decode("utf-8", "backslashreplace")
    return "'" + "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text) + "'"
