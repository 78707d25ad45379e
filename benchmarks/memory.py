"""Memory per gunicorn worker, after every page and a search in every language, beside the master.

Private memory (Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup) is what a worker costs on
its own: what it shares with the master after the fork (the preloaded app, the content and its
trained situation model) is counted once, in Shared_*. The reference in the same run is the master,
which holds the same app before any request. Budget: under 100 MB private per worker.

Usage: .venv/bin/python benchmarks/memory.py   (writes the section "Memory" of docs/performance.md)
"""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from record import write  # noqa: E402
from serving import gunicorn  # noqa: E402

LANGUAGES = ("da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl")
SEARCHES = ("min mand slår mig", "he has a knife", "زوجي يضربني", "krisecenter", "я бю свою дружину")
BUDGET_MB = 100


def kilobytes(pid: int) -> dict[str, int]:
    """The smaps_rollup totals of a process, in kB."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        found[name.rstrip(":")] = int(value)
    return found


def children(pid: int) -> list[int]:
    """The worker processes of a gunicorn master."""
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def visit(base: str) -> None:
    """Every language's pages and searches, enough times that every worker serves some."""
    for _ in range(4):
        for lang in LANGUAGES:
            for path in ("/", "/services/danner", "/safety", "/search", "/sheet"):
                urllib.request.urlopen(f"{base}/{lang}{path}", timeout=10).read()
            for query in SEARCHES:
                body = urllib.parse.urlencode({"q": query}).encode()
                urllib.request.urlopen(f"{base}/{lang}/search", data=body, timeout=10).read()


def master_of(port_base: str) -> int:
    """The gunicorn master serving `port_base`: the gunicorn process whose children are workers."""
    found = subprocess.run(["pgrep", "-f", "gunicorn.conf.py"], capture_output=True, text=True, check=False)
    return next(pid for pid in map(int, found.stdout.split()) if children(pid))


def main() -> None:
    """Start gunicorn as in production, visit, print and record the figures."""
    with gunicorn() as (base, _):
        master = master_of(base)
        visit(base)
        rows = [("master (reference)", kilobytes(master))]
        rows += [(f"worker {pid}", kilobytes(pid)) for pid in children(master)]
    lines = [f"  {'process':<20} {'private MB':>10} {'shared MB':>10} {'RSS MB':>8}"]
    for name, kb in rows:
        private = (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024
        shared = (kb["Shared_Clean"] + kb["Shared_Dirty"]) / 1024
        lines.append(f"  {name:<20} {private:>10.1f} {shared:>10.1f} {kb['Rss'] / 1024:>8.1f}")
    worst = max((kb["Private_Clean"] + kb["Private_Dirty"]) / 1024 for _, kb in rows[1:])
    lines.append(f"  largest private memory of a worker: {worst:.1f} MB (budget {BUDGET_MB} MB)")
    print("\n".join(lines))
    write("Memory", lines)


if __name__ == "__main__":
    main()
