"""Publishing in production: gunicorn's master watches the content; workers switch only to good content."""

from __future__ import annotations

from pathlib import Path

from editing import field_line, replace
from servers import Gunicorn, get_url, wait_for

LANGUAGES = ["da", "en"]


def test_gunicorn_master_watches_content_and_workers_switch_only_to_good_content(
    fixture_content: Path, tmp_path: Path
) -> None:
    """The production set-up end to end: gunicorn.conf.py's hook, the watcher and the workers' store."""
    server = Gunicorn(
        tmp_path,
        env={"HELPSITE_CONTENT_DIR": str(fixture_content), "HELPSITE_LANGUAGES": ",".join(LANGUAGES)},
    )
    base, log_file = server.base, server.log
    danner = fixture_content / "services" / "danner.md"
    try:
        wait_for(lambda: get_url(f"{base}/healthz")[0] == 200, "the server to start")
        wait_for(lambda: "content: watching" in log_file.read_text(), "the watcher to start")
        old_summary = field_line(danner, "summary").removeprefix("summary: ")

        replace(danner, "category: crisis-centre", "category: shelter")
        wait_for(lambda: "nothing was published" in log_file.read_text(), "the broken content to be logged")
        assert "site/content/services/danner.md" in log_file.read_text()
        status, page = get_url(f"{base}/da/services/danner")
        assert status == 200 and old_summary in page

        replace(danner, "category: shelter", "category: crisis-centre")
        replace(danner, field_line(danner, "summary"), "summary: Teksten efter rettelsen.")
        wait_for(lambda: "content: published version" in log_file.read_text(), "the fix to be published")
        wait_for(
            lambda: "Teksten efter rettelsen." in get_url(f"{base}/da/services/danner")[1],
            "a worker to switch",
        )
    finally:
        server.stop()
