"""A stored payload is read by msgspec for speed; it must read exactly what `json.loads`
reads, a file another program wrote included, and refuse what is no JSON object."""

from __future__ import annotations

import json

import pytest

from store.codec import payload_from_text


@pytest.mark.parametrize("text", [
    '{"text": "plain", "n": 3, "list": [1, 2.5, null, true], "zh": "\\u4e2d文"}',
    '{"a": 1, "a": 2}',  # the last of a repeated key, as json.loads
    '{"big": 123456789012345678901234567890}',
    '{"x": 1e309}', '{"x": NaN}',  # not written by the store: json.loads's reading kept
    '{"text": "\\ud800 a lone surrogate escape"}',
    '{"text": "caf\udce9 a lone surrogate itself"}',  # as Python holds bytes not UTF-8
])
def test_a_stored_payload_reads_as_json_loads_reads_it(text: str) -> None:
    assert ascii(payload_from_text(text)) == ascii(json.loads(text))


@pytest.mark.parametrize("text", ['[1]', '"x"', '{"a": ', ''])
def test_a_payload_that_is_no_json_object_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        payload_from_text(text)
