"""Start-up over the real content, each in a new process: a first start, a restart, and their parts.

What a gunicorn master (and `make run`, the preview, each test server) does before it serves: check
the content (which reads every example through the trained situation model), then index it unless
the current generation already holds this content. The references, in the same run:
- a first start, over an empty index folder: check, training and build;
- a restart that trains again although the generation kept the model (what every restart did before
  the store handed that model to the check, decision 19 in docs/architecture.md);
- the examples read by ruamel's pure-Python parser beside libyaml's (decision 14);
- `flask content check` as a person runs it (the whole process), with an index folder whose current
  generation kept the model of these examples, and with an empty one (the reference: it trains).

Usage: .venv/bin/python benchmarks/startup.py   (writes the section "Start-up" of docs/performance.md)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from record import recorded  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3
# One start in a process of its own: the seconds create_app takes, after the imports.
START = """
import json, sys, time
from pathlib import Path
from helpsite import create_app
from helpsite.search import classifier
if sys.argv[2] == "retrain":
    classifier.remember = lambda model: None  # the restart as it was: the kept model is not used
started = time.perf_counter()
create_app({"INDEX_DIR": Path(sys.argv[1])})
print(json.dumps(time.perf_counter() - started))
"""
# The nine examples files read by both parsers, in a process of its own.
EXAMPLES = """
import json, time
from pathlib import Path
from helpsite.yaml_io import compose_plain, yaml_reader
texts = [p.read_text("utf-8") for p in sorted(Path("site/content/examples").glob("*.yml"))]
times = {}
for name, read in (("pure", lambda t: yaml_reader().compose(t)), ("libyaml", compose_plain)):
    started = time.perf_counter()
    for text in texts:
        read(text)
    times[name] = time.perf_counter() - started
print(json.dumps(times))
"""


def run(code: str, *args: str) -> object:
    """What `code` prints as JSON on its last line, run by this Python in a new process."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


def checked(index: str) -> float:
    """The seconds `flask content check` takes, start to end, with HELPSITE_INDEX_DIR=`index`."""
    env = {**os.environ, "HELPSITE_INDEX_DIR": index}
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "content", "check"], cwd=ROOT, env=env,
                   capture_output=True, check=True)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    """Measure and print; the section is written when the run ends well."""
    first, again, retrained, pure, fast, check_kept, check_trained = [], [], [], [], [], [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as empty:
            first.append(float(run(START, folder, "first")))  # type: ignore[arg-type]
            again.append(float(run(START, folder, "restart")))  # type: ignore[arg-type]
            retrained.append(float(run(START, folder, "retrain")))  # type: ignore[arg-type]
            check_trained.append(checked(empty))
            check_kept.append(checked(folder))
        read = run(EXAMPLES)
        assert isinstance(read, dict)
        pure.append(read["pure"])
        fast.append(read["libyaml"])
    rows = [
        ("first start (empty index folder: check, training, build)", first),
        ("restart, the model trained again (reference)", retrained),
        ("restart (the generation's model and index)", again),
    ]
    reads = [("ruamel's pure-Python parser (reference)", pure), ("libyaml (yaml_io.compose_plain)", fast)]
    with recorded("Start-up"):
        print(f"create_app over the real content, in a new process; median of {ROUNDS}, seconds")
        for name, times in rows:
            print(f"  {name:<60} {statistics.median(times):6.2f}")
        print("the nine examples files read, seconds")
        for name, times in reads:
            print(f"  {name:<60} {statistics.median(times):6.2f}")
        print("flask content check over the real content, the whole process, seconds")
        for name, times in (
            ("with an empty index folder: it trains (reference)", check_trained),
            ("with the site's index folder: the kept model", check_kept),
        ):
            print(f"  {name:<60} {statistics.median(times):6.2f}")


if __name__ == "__main__":
    main()
