"""Chinese lines break as Chinese is set (issue 12 item 19): never before `，` or `。`."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from rich.text import Text

from runbook.linebreak import wrap

SENTENCE = ("应急指挥中心负责人根据事件严重程度，决定是否向上级主管部门和监管机构报告；"
            "报告应当及时。")


def lines(text: str, width: int) -> list[str]:
    return [line.plain for line in wrap(Text(text), width)]


def test_no_line_starts_with_a_closing_mark_at_any_width() -> None:
    for width in range(4, 60):
        out = lines(SENTENCE, width)
        assert "".join(out) == SENTENCE, width
        assert all(cell_len(line) <= width for line in out), (width, out)
        assert not any(line[0] in "，。；" for line in out), (width, out)


def test_the_character_before_the_mark_goes_down_with_it() -> None:
    # 18 cells hold 负责人根据事件严重程度 up to 程度 (9 characters); the comma would start line 2
    out = lines("负责人根据事件严重程度，决定是否报告", 22)
    assert out == ["负责人根据事件严重程", "度，决定是否报告"]


def test_latin_words_stay_whole_and_spaces_are_dropped_at_a_break() -> None:
    assert lines("vendor confirms a database failover", 16) == [
        "vendor confirms", "a database", "failover"]
    assert lines("数据 vendor 确认", 9) == ["数据", "vendor 确", "认"]


def test_a_word_wider_than_the_line_is_folded_and_line_breaks_are_kept() -> None:
    assert lines("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert lines("第一行\n第二行", 20) == ["第一行", "第二行"]


def test_styles_follow_the_characters() -> None:
    text = Text("报告：")
    text.append("已发送，", style="bold")
    out = list(wrap(text, 8))
    assert [line.plain for line in out] == ["报告：已", "发送，"]
    assert out[1].spans and out[1].spans[0].style == "bold"



def test_the_detail_pane_breaks_chinese_lines_before_the_character_not_the_comma() -> None:
    from textual.app import App, ComposeResult

    from tui.widgets.textpane import TextPane

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield TextPane("zh")

    async def scenario(width: int) -> list[str]:
        app = One()
        async with app.run_test(size=(width, 30)) as pilot:
            pane = app.query_one(TextPane)
            pane.show(Text(SENTENCE))
            await pilot.pause()
            return [pane.render_row(i, pane.size.width).plain for i in range(pane.line_count())]

    for width in (19, 25, 36):  # where a plain fold starts a line with `；` or `，`
        shown = asyncio.run(scenario(width))
        assert "".join(shown) == SENTENCE
        assert not any(line[:1] in ("，", "。", "；") for line in shown), shown


def test_a_cut_ends_in_an_ellipsis_right_after_the_last_character() -> None:
    from tui.cells import fit

    # a wide character that does not fit, a space or a separator at the cut: none before …
    assert fit("宣布事件 技术故障 二级", 14).plain == "宣布事件 技术…"
    assert fit("1 小时 44 分钟后 · 12-02 03:00", 19).plain == "1 小时 44 分钟后…  "
    assert fit("payment gateway down", 9).plain == "payment… "
    assert fit("技术", 3).plain == "技…"
    assert cell_len(fit("技术故障", 4).plain) == 4


def test_a_page_of_its_own_breaks_chinese_lines_before_the_character_not_the_comma() -> None:
    from textual.app import App
    from textual.widgets import Static

    from tui.screens.reader import ReadScreen

    async def scenario(width: int) -> list[str]:
        app: App[None] = App()
        async with app.run_test(size=(width, 30)) as pilot:
            await app.push_screen(ReadScreen("§4.1.3", Text(SENTENCE), "zh"))
            await pilot.pause()
            static = app.screen.query_one(Static)
            strips = static.render_lines(static.region.reset_offset)
            return [strip.text.strip() for strip in strips if strip.text.strip()]

    for width in range(24, 44, 3):  # a plain fold starts some of these with `；` or `，`
        shown = asyncio.run(scenario(width))
        assert "".join(shown) == SENTENCE, shown
        assert not any(line[:1] in ("，", "。", "；") for line in shown), (width, shown)


def test_a_dialog_intro_never_ends_a_line_with_an_opening_bracket() -> None:
    from textual.app import App
    from textual.widgets import Static

    from runbook.events import Actor
    from tui.screens import dialogs

    async def scenario(width: int) -> list[str]:
        app: App[None] = App()
        async with app.run_test(size=(width, 30)) as pilot:
            await app.push_screen(dialogs.identity("zh", Actor("root", None), first=True))
            await pilot.pause()
            intro = app.screen.query_one("#intro", Static)
            strips = intro.render_lines(intro.region.reset_offset)
            return [strip.text.strip() for strip in strips if strip.text.strip()]

    for width in (80, 60, 44):  # 80 columns left `（` at the end of the first line
        shown = asyncio.run(scenario(width))
        assert not any(line.endswith("（") for line in shown), (width, shown)
        assert not any(line[:1] in ("，", "。", "；", "）") for line in shown), (width, shown)
