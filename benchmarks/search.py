"""Search latency, server side: median and p99 over the relevance queries, on the real content and on a
synthetic corpus ten times its size; index build times too.

Usage: .venv/bin/python benchmarks/search.py [--rounds 5]
Targets (the project's design): median under 5 ms, p99 under 20 ms.
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
from pathlib import Path
from types import MappingProxyType, SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpsite.config import settings  # noqa: E402
from helpsite.content.loader import load  # noqa: E402
from helpsite.content.model import Content, Service  # noqa: E402
from helpsite.search.analysis import words  # noqa: E402
from helpsite.search.engine import Engine  # noqa: E402
from helpsite.search.indexing import build_index  # noqa: E402

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


def measure(content: Content, queries: list[tuple[str, str]], rounds: int) -> dict[str, float]:
    """Build an index of `content`, then time every query `rounds` times (after one warm-up pass)."""
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        generation = build_index(content, Path(folder))
        build = time.perf_counter() - started
        engine = Engine(SimpleNamespace(content=content, generation=generation), Path(folder))
        for lang, query in queries:
            engine.search(query, lang)
        times = []
        for _ in range(rounds):
            for lang, query in queries:
                started = time.perf_counter()
                engine.search(query, lang)
                times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "documents": len(content.services) + len(content.pages),
        "build_s": build,
        "median_ms": statistics.median(times),
        "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
        "max_ms": times[-1],
        "searches": len(times),
    }


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    opts = parser.parse_args()
    config = settings()
    content = load(config["CONTENT_DIR"], config["LANGUAGES"])
    cases = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    queries = [(lang, str(query)) for lang, query, _ in cases]
    languages = sorted({lang for item in content.services.values() for lang in item.texts})
    print(f"{len(queries)} queries x {opts.rounds} rounds; content languages: {' '.join(languages)}")
    # Other work on the machine shows up in p99: say how busy it was.
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'corpus':<12} {'docs':>5} {'build s':>8} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}")
    for name, corpus in (("real", content), ("10x", synthetic(content, 10))):
        r = measure(corpus, queries, opts.rounds)
        print(
            f"{name:<12} {r['documents']:>5} {r['build_s']:>8.2f} {r['median_ms']:>10.2f} "
            f"{r['p99_ms']:>8.2f} {r['max_ms']:>8.2f}"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
