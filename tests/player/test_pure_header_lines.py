"""The header's lines (`tui.header_lines`): every piece whole, only a title cut."""

from __future__ import annotations

from rich.text import Text

from tui.header_lines import Piece, by_words, headline, wrap


def plain(lines: list[Text]) -> list[str]:
    return [line.plain for line in lines]


def test_pieces_share_a_line_while_they_fit_and_move_down_whole() -> None:
    pieces = [Piece(Text("▶ next: "), Text("Send the brief report"), Text(" in 9m · 03:25")),
              Piece(Text("2 overdue")), Piece(Text("acting as lin·Office"))]
    assert plain(wrap(pieces, 80)) == [
        "▶ next: Send the brief report in 9m · 03:25 · 2 overdue · acting as lin·Office"]
    assert plain(wrap(pieces, 60)) == [
        "▶ next: Send the brief report in 9m · 03:25 · 2 overdue",
        "acting as lin·Office"]


def test_only_the_title_is_cut_and_the_deadline_stays_whole() -> None:
    pieces = [Piece(Text("▶ next: "), Text("Send the brief report to regulators"),
                    Text(" (Office) in 23h59m · 12-02 03:25"))]
    assert plain(wrap(pieces, 60)) == [
        "▶ next: Send the brief rep… (Office) in 23h59m · 12-02 03:25"]
    assert all(line.cell_len <= 60 for line in wrap(pieces, 60))


def test_a_piece_wider_than_a_line_wraps_at_its_spaces() -> None:
    words = Text("outage 2 h 15 min ≥ 2 h: raise to Level I (red)? (l)")
    assert plain(wrap([Piece(Text("nothing due")), Piece(words)], 30)) == [
        "nothing due", "outage 2 h 15 min ≥ 2 h: raise", "to Level I (red)? (l)"]


def test_chinese_counts_two_cells_a_character() -> None:
    lines = by_words(Text("中断 2 小时 15 分钟 ≥ 2 小时：是否升级至一级预警（红色）？（l）"), 30)
    assert all(line.cell_len <= 30 for line in lines)
    assert "".join(line.plain for line in lines).replace(" ", "") == (
        "中断2小时15分钟≥2小时：是否升级至一级预警（红色）？（l）")


def test_the_headline_keeps_the_id_and_shortens_the_badge_then_the_title() -> None:
    badges = [Text(" Level III (yellow) "), Text(" III ")]
    title = Text("Technical fault · payment gateway down")
    ident = Text("20261126-ab12")
    wide = headline(badges, title, Text(""), ident, 100).plain
    assert wide == " Level III (yellow)  Technical fault · payment gateway down  20261126-ab12"
    narrow = headline(badges, title, Text(""), ident, 50).plain
    assert narrow == " Level III (yellow)  Technical fau…  20261126-ab12"
    narrower = headline(badges, title, Text(" DRILL "), ident, 40).plain
    assert narrower == " III  Technical f… DRILL   20261126-ab12"
