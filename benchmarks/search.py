"""Search latency, server side: where a search request's time goes, and its rate beside a cached page.

Prints, in one run, over the relevance queries (keywords and sentences, tests/search_relevance.yml):
- whether people are sent to the right help (benchmarks/quality.py, beside a constant answer), written
  to docs/performance.md;
- the parts of a search: the situation layer alone, the ranking's first pass alone (analysis, terms,
  adding up the scores kept from Whoosh), the fuzzy retry (how often it runs, and what it costs
  then), the whole engine (`Engine.search`);
- the whole request through the WSGI app (test client): HTML with brotli, HTML uncompressed, JSON;
- requests per second of POST search against a cached GET page (/da/), in the same tight loop
  (the test client's own work is most of a cached page's time there: the aim is measured with --wrk);
- the engine on a synthetic corpus ten times the real one, and index build times;
- with --wrk: wrk against gunicorn (gunicorn.conf.py, as in production), POST search over the same
  queries, then a cached GET page, one after the other in the same run.

Usage: .venv/bin/python benchmarks/search.py [--rounds 3] [--no-situations] [--wrk [--seconds 10]]
Aims: search at least 20 % of a cached page's rate; median server time under 1.5 ms with situations on.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from urllib.parse import urlencode

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))

import quality  # noqa: E402
from record import write  # noqa: E402
from serving import gunicorn, wrk  # noqa: E402

from helpsite import create_app  # noqa: E402
from helpsite.config import settings  # noqa: E402
from helpsite.content.loader import load  # noqa: E402
from helpsite.content.model import Content, Service  # noqa: E402
from helpsite.search import ranking  # noqa: E402
from helpsite.search.analysis import words  # noqa: E402
from helpsite.search.engine import MAX_QUERY_WORDS, Engine, clean  # noqa: E402
from helpsite.search.indexing import build_index  # noqa: E402
from helpsite.search.situations import compile_situations  # noqa: E402

QUERIES = ROOT / "tests" / "search_relevance.yml"


def synthetic(content: Content, copies: int, seed: int = 4) -> Content:
    """`copies` variants of every service: same kinds of words, shuffled, some misspelt (new terms)."""
    rng = random.Random(seed)

    def vary(text: str) -> str:
        found = list(words(text))
        rng.shuffle(found)
        for i, word in enumerate(found):
            if len(word) > 4 and rng.random() < 0.15:  # a new spelling: grows the term dictionary
                j = rng.randrange(1, len(word) - 1)
                found[i] = word[:j] + rng.choice("abdefgiklmnorstuvy") + word[j + 1 :]
        return " ".join(found)

    services: dict[str, Service] = {}
    for service in content.services.values():
        services[service.id] = service
        for n in range(1, copies):
            texts = {
                lang: dataclasses.replace(
                    text,
                    title=f"{text.title} {n}",
                    summary=vary(text.summary),
                    body_text=vary(text.body_text),
                )
                for lang, text in service.texts.items()
            }
            copy = dataclasses.replace(service, id=f"{service.id}-{n}", texts=MappingProxyType(texts))
            services[copy.id] = copy
    return dataclasses.replace(content, services=MappingProxyType(services), fingerprint="5e7" * 4)


# CPU time of this process, not wall time: the machine is shared, and other work there made wall-clock
# medians swing by a factor of two between runs. One thread does everything, so this is server time.
clock = time.process_time


def timed(action: Callable[[], object], rounds: int, items: list) -> list[float]:
    """CPU milliseconds per call of `action(item)` for every item, `rounds` times, after a warm-up."""
    for item in items:
        action(item)
    found = []
    for _ in range(rounds):
        for item in items:
            started = clock()
            action(item)
            found.append((clock() - started) * 1000)
    return sorted(found)


REPORT: list[str] = []  # what is printed, for docs/performance.md


def say(text: str) -> None:
    """Print a line of the figures and keep it for docs/performance.md."""
    print(text)
    REPORT.append(text)


def line(name: str, times: list[float], note: str = "") -> None:
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    say(f"  {name:<34} {statistics.median(times):>8.3f} {p99:>8.3f} {len(times):>7}  {note}")


def parts(content: Content, queries: list[tuple[str, str]], rounds: int) -> None:
    """The pieces of Engine.search, each on its own."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        generation = build_index(content, Path(folder))
        built = time.perf_counter() - started
        print(f"  index of {len(content.services) + len(content.pages)} texts built in {built:.2f} s")
        known = compile_situations(content)
        served = SimpleNamespace(content=content, situations=known, generation=generation)
        engine = Engine(served, Path(folder))
        found = [words(clean(q))[:MAX_QUERY_WORDS] for _, q in queries]
        if known is not None:  # the situation model reads the words as the engine gives them
            line("situations (the model)", timed(lambda f: known.match(" ".join(f)), rounds, found))
        gen = engine._current()  # the generation as a request finds it, in memory
        run = ranking.run
        first = timed(lambda f: run(gen, f, None, fuzzy_all=False), rounds, found)
        line("ranking, first pass", first)
        retried = [f for f in found if len(run(gen, f, None, fuzzy_all=False)) < 3]
        again = timed(lambda f: run(gen, f, None, fuzzy_all=True), rounds, retried)
        line("fuzzy retry, when it runs", again, f"runs for {len(retried)} of {len(found)} queries")
        line("Engine.search (all of it)", timed(lambda q: engine.search(q[1], q[0]), rounds, queries))


def requests(queries: list[tuple[str, str]], rounds: int, situations: bool) -> None:
    """Whole requests through the app, and the rate of search beside a cached page."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"INDEX_DIR": Path(folder)})
        if not situations:  # the same app as before the situation layer existed
            store = app.extensions["helpsite.store"]
            store.situations = None
        client = app.test_client()
        brotli = {"Accept-Encoding": "br"}

        def post(headers: dict[str, str]) -> Callable[[tuple[str, str]], object]:
            return lambda q: client.post(f"/{q[0]}/search", data={"q": q[1]}, headers=headers).close()

        html = timed(post(brotli), rounds, queries)
        line("request: HTML, brotli", html)
        line("request: HTML, uncompressed", timed(post({}), rounds, queries))
        line("request: JSON", timed(post({"Accept": "application/json"}), rounds, queries))
        cached = timed(lambda _: client.get("/da/", headers=brotli).close(), rounds, queries)
        line("request: cached GET /da/, brotli", cached)
        # Rates from the same loop: one request after another, one thread, by CPU time per request.
        # Not the aim's measure: a server's own work per request (the same for both) is not in it, and
        # the test client's is most of a cached page's time here. The aim is measured under wrk.
        search_rate, page_rate = 1000 / statistics.mean(html), 1000 / statistics.mean(cached)
        print(
            f"  rate in this loop: POST search {search_rate:,.0f}/s, cached page {page_rate:,.0f}/s "
            f"({search_rate / page_rate:.0%}; no server's work in either: the aim is under --wrk)"
        )


def served(queries: list[tuple[str, str]], seconds: int, connections: int) -> None:
    """wrk against gunicorn: POST search over the queries, then a cached GET page, in the same run."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as bodies:
        # As people send them: the header's box sends the words alone, the search page's form both
        # filters too, empty unless chosen (every other query each way).
        forms = [
            {"q": q, **({"audience": "", "category": ""} if i % 2 else {})}
            for i, (_, q) in enumerate(queries)
        ]
        bodies.write(
            "".join(f"{lang} {urlencode(form)}\n" for (lang, _), form in zip(queries, forms, strict=True))
        )
        bodies.flush()
        script = Path(__file__).with_name("search.lua")
        results = {}
        with gunicorn() as (base, _):
            for name, args in (("POST search", ["search", bodies.name]), ("cached GET /da/", ["page"])):
                wrk(base, connections, 2, script=script, args=args)  # warm up
                results[name] = wrk(base, connections, seconds, script=script, args=args)
    print(f"wrk against gunicorn: {connections} connections, {seconds} s each")
    print(f"  {'request':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"  {name:<34} {r.per_second:>8.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.errors:>7}")
    share = results["POST search"].per_second / results["cached GET /da/"].per_second
    print(f"  POST search is {share:.0%} of a cached page's rate (aim: 20 %)")


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-situations", action="store_true", help="measure without the situation layer")
    parser.add_argument("--wrk", action="store_true", help="also wrk against gunicorn (the situations on)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-synthetic", action="store_true", help="leave out the 10x corpus")
    opts = parser.parse_args()
    config = settings()
    # Both layers, as the site serves them (the national content and the municipality's own).
    content = load(config["CONTENT_DIR"], config["LANGUAGES"], municipality=config["MUNICIPALITY_DIR"])
    if opts.no_situations:
        content = dataclasses.replace(content, situations=None)
    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    queries = [(lang, str(query)) for lang, query, *_ in cases]
    compiled = compile_situations(content)
    model = compiled.model if compiled is not None else None
    grams = len(model.index) if model else 0
    say(f"{len(queries)} queries x {opts.rounds} rounds; situation model: {grams} n-grams")
    # Other work on the machine shows up in p99: say how busy it was.
    say(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    say(f"  {'CPU time':<34} {'median ms':>8} {'p99 ms':>8} {'calls':>7}")
    say("real content:")
    parts(content, queries, opts.rounds)
    requests(queries, opts.rounds, not opts.no_situations)
    if not opts.no_synthetic:
        say("10x synthetic corpus:")
        parts(synthetic(content, 10), queries, opts.rounds)
    if opts.wrk:
        served(queries, opts.seconds, opts.connections)
    say(f"load average after: {os.getloadavg()[0]:.1f}")
    write("Search time", REPORT)
    write("Search quality", quality.main())


if __name__ == "__main__":
    main()
