"""The one writer (content/rewrite.py on yaml_io.writer): our quoting, read alike in YAML 1.1 and 1.2."""

from __future__ import annotations

import datetime as dt

import pytest

from helpsite.content import rewrite
from helpsite.yaml_io import yaml_reader

# Text a YAML reader could take for something else, and text in our files' languages.
AWKWARD = [
    "08:00", "8:00-16:00", "+45 70 20 20 20", "112", "0123", "1e3", "1E-3", "0o17", "0x1F", "3.14",
    ".inf", "-1:20", "on", "no", "Yes", "OFF", "y", "n", "true", "null", "~", "2026-01-01", "-", "- a",
    "a: b", "a:b", "? q", ":a", "#x", "a #b", "[a", "{a", "* a", "&a", "!a", "|", ">", "%", "@", "`",
    "'", '"', "it's", "'quoted'", " lead", "trail ", "two\nlines", "=", "<<", "50 %", "½",
    "مرحبا بالعالم", "Zażółć gęślą jaźń", "Привіт, світ", "🙂", "\u200frtl",
]  # fmt: skip


def _read(text: str, version: tuple[int, int]) -> object:
    reader = yaml_reader()
    reader.version = version
    return reader.load(text)


@pytest.mark.parametrize("version", [(1, 1), (1, 2)])
@pytest.mark.parametrize("value", AWKWARD)
def test_a_written_value_reads_back_as_itself_in_yaml_1_1_and_1_2(
    value: str, version: tuple[int, int]
) -> None:
    for key, written in (("name", value), ("keywords", [value, "x"]), ("contacts", [{"label": value}])):
        assert _read(rewrite.field_text(key, written), version) == {key: written}, (key, value)


def test_the_writer_quotes_as_our_files_are_written() -> None:
    written = {v: rewrite.field_text("name", v) for v in ("08:00", "on", "1e3", "y", "a: b", "it's: x")}
    assert written == {
        "08:00": 'name: "08:00"\n',  # times and phone numbers in double quotes, as CONTENT.md shows
        "on": "name: 'on'\n",  # a YAML 1.1 boolean: quoted, so an old reader reads text too
        "1e3": "name: '1e3'\n",  # a YAML 1.2 number
        "y": "name: 'y'\n",  # a YAML 1.1 boolean by the spec (PyYAML, which wrote before, left it plain)
        "a: b": "name: 'a: b'\n",
        "it's: x": "name: 'it''s: x'\n",  # single quotes before double, as PyYAML chose
    }
    assert rewrite.field_text("keywords", ["a:b", "c"]) == "keywords: ['a:b', c]\n"
    assert rewrite.field_text("sources", [{"url": "https://a.dk", "date": dt.date(2026, 1, 2)}]) == (
        "sources:\n  - url: https://a.dk\n    date: 2026-01-02\n"
    )
    confirmed = rewrite.field_text("confirmed", {"by": "kommunikation", "date": dt.date(2026, 11, 30)})
    assert confirmed == "confirmed: {date: 2026-11-30, by: kommunikation}\n"


def test_set_fields_changes_its_fields_and_keeps_every_other_byte() -> None:
    raw = (
        "---\r\nname: Danner\r\n# kept: a comment between fields\r\nsummary: 'Et resumé'\r\n"
        "translation: draft\r\nkeywords: [a, b]\r\n---\r\nBody\r\n"
    )
    front, body = rewrite.split_file(raw)
    values = {
        "summary": "Tid: 24 timer",
        "translation": "reviewed",
        "source": "2ff8ccd1f4b7",
        "keywords": None,
    }
    written = "".join(rewrite.set_fields(front, values, ("name", "summary", "translation", "source"))) + body
    assert written == (
        "---\r\nname: Danner\r\n# kept: a comment between fields\r\nsummary: 'Tid: 24 timer'\r\n"
        'translation: reviewed\r\nsource: "2ff8ccd1f4b7"\r\n---\r\nBody\r\n'
    )
    assert rewrite.set_fields(front, {"name": "Danner"}, ()) == front  # nothing changed: the same lines
