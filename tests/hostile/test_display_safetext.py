"""The one rule for showing stored text: control characters and bidi controls visible."""

from __future__ import annotations

import json

from display_kit import RAW, raw_found
from hypothesis import given
from hypothesis import strategies as st

from runbook.safetext import block, json_text, line


def test_escape_sequences_are_shown_not_obeyed() -> None:
    assert line("\x1b[1A\x1b[2K gone") == "\\x1b[1A\\x1b[2K gone"
    assert line("\x9b2J \x7f \x00") == "\\x9b2J \\x7f \\x00"


def test_bidi_controls_are_shown_so_nothing_after_them_is_reversed() -> None:
    assert line("pay \u202eyawetag\u202c ok") == "pay \\u202eyawetag\\u202c ok"
    assert line("\u2066a\u2069 \u200e\u200f\u061c") == "\\u2066a\\u2069 \\u200e\\u200f\\u061c"


def test_a_line_never_breaks_and_a_block_keeps_its_lines() -> None:
    text = "one\r\ntwo\rthree\nfour\tfive\u2028six"
    assert line(text) == "one⏎two⏎three⏎four five\\u2028six"
    assert block(text) == "one\ntwo\nthree\nfour five\\u2028six"
    assert line("a\nb", newline=" ") == "a b"


def test_ordinary_text_comes_back_as_it_is() -> None:
    for text in ("网关故障，已通知厂商", "API [/v2] down", "C:\\logs", "emoji 🚨 ok", ""):
        assert line(text) is text
        assert block(text) is text
    assert block("two\nlines") == "two\nlines"


def test_a_lone_surrogate_from_a_damaged_file_is_shown() -> None:
    assert line("bad \udced byte") == "bad \\udced byte"
    encoded = json_text(json.dumps("bad \udced byte", ensure_ascii=False))
    assert encoded == '"bad \\udced byte"' and json.loads(encoded) == "bad \udced byte"


@given(st.text())
def test_json_keeps_the_data_and_no_raw_control(value: str) -> None:
    encoded = json_text(json.dumps({"text": value}, ensure_ascii=False))
    assert json.loads(encoded) == {"text": value}
    assert raw_found(encoded) == []


@given(st.text())
def test_nothing_raw_survives_either_form(value: str) -> None:
    assert raw_found(line(value)) == [] and "\n" not in line(value)
    assert raw_found(block(value)) == [] and "\r" not in block(value)


def test_the_fast_path_lets_no_concerned_character_through() -> None:
    for code in (*range(0x2100), *range(0xD800, 0xE000)):
        char = chr(code)
        if RAW.match(char) or char in "\t\r\n":
            assert line(f"a{char}b") != f"a{char}b", hex(code)
