"""The loader: immutable objects, sanitised HTML, opening hours, and start-up refusing bad content."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from editing import line_of, replace

from helpsite.content.contacts import Contact
from helpsite.content.loader import load
from helpsite.content.markdown import render_markdown
from helpsite.languages import TIMEZONE


def test_content_is_immutable(app) -> None:
    content = app.extensions["helpsite.store"].content
    service = content.services["lev-uden-vold"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        service.order = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        content.services["new"] = service  # type: ignore[index]
    with pytest.raises(TypeError):
        service.texts["xx"] = service.texts["da"]  # type: ignore[index]


def test_raw_html_is_sanitised_and_links_are_safe() -> None:
    html, text = render_markdown(
        "Hej <script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick='x()'>fed</b>\n\n"
        "[ude](https://example.org) [farlig](javascript:alert(1)) [hjælp](service:danner) "
        "[side](page:safety)\n\nRing 33 33 00 47 eller 1888."
    )
    assert "<script" not in html and "onerror" not in html and "onclick" not in html and "<img" not in html
    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">ude</a>' in html
    # Internal links keep naming their entry; web/links.py gives them an address as a page is shown.
    assert 'href="service:danner"' in html
    assert 'href="page:safety"' in html
    assert '<bdi class="num">33 33 00 47</bdi>' in html and '<bdi class="num">1888</bdi>' in html
    assert "alert" not in html
    # The plain text (for search and summaries) holds the words only: no markup, no script.
    assert text == "Hej fed ude farlig hjælp side Ring 33 33 00 47 eller 1888."


def test_contact_links() -> None:
    assert Contact("phone", "33 33 00 47").href == "tel:+4533330047"
    assert Contact("phone", "1888").href == "tel:1888"
    assert Contact("sms", "116 111").href == "sms:116111"
    assert Contact("email", "a@b.dk").href == "mailto:a@b.dk"
    assert Contact("web", "https://www.levudenvold.dk/").display == "levudenvold.dk"


def test_opening_hours_in_copenhagen_time(fixture_content: Path) -> None:
    """Weekday hours are open or closed by Danish local time, whatever the server's zone."""
    hours = 'hours: [{days: mon-fri, open: "08:00", close: "14:00"}]\nkeywords:'
    replace(fixture_content / "services" / "hjaelp-voldsofre.md", "keywords:", hours)
    hours = load(fixture_content, ["da"]).services["hjaelp-voldsofre"].hours
    assert hours is not None and not hours.always
    monday_9_copenhagen = dt.datetime(2026, 11, 23, 9, 0, tzinfo=TIMEZONE)
    assert hours.is_open(monday_9_copenhagen)
    # 13:30 UTC on a Monday in winter is 14:30 in Copenhagen: closed.
    assert not hours.is_open(dt.datetime(2026, 11, 23, 13, 30, tzinfo=dt.UTC))
    assert hours.is_open(dt.datetime(2026, 11, 23, 12, 30, tzinfo=dt.UTC))
    assert not hours.is_open(dt.datetime(2026, 11, 28, 10, 0, tzinfo=TIMEZONE))  # Saturday
    assert load(fixture_content, ["da"]).services["lev-uden-vold"].hours.always


def test_broken_content_stops_start_up_with_a_plain_message(make_app, fixture_content: Path, capsys) -> None:
    """No traceback for a content mistake: the file, the line, the field and what is allowed."""
    path = fixture_content / "services" / "danner.md"
    replace(path, "category: crisis-centre", "category: shelter")
    with pytest.raises(SystemExit) as stopped:
        make_app(CONTENT_DIR=fixture_content)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    line = line_of(path, "category:")
    assert f"site/content/services/danner.md:{line}: 'shelter' is not a category: use one of: hotline," in err
    assert "Traceback" not in err


def test_yaml_error_names_the_line(make_app, fixture_content: Path, capsys) -> None:
    path = fixture_content / "pages" / "about.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = "summary: [unclosed"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        make_app(CONTENT_DIR=fixture_content)
    err = capsys.readouterr().err
    assert "site/content/pages/about.md:" in err and "not valid YAML" in err
