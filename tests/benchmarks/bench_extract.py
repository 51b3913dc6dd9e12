"""How many 20 KB plan texts `plansite.extract.extract` reads per second on one core.

Run: ``python tests/benchmarks/bench_extract.py [seconds]``. Not a test: timings depend on
the machine. The target is 200 texts/second.

The texts are built from the seeds and the test texts: paragraphs in a shuffled order, with
document numbers and dates changed so that each text cites its own documents (the engine
caches what recurs, such as the same number cited twice; identical texts would flatter it).
Two figures are printed: "warm", the engine as it runs when a site imports or re-reads many
texts in one process, and "cold", with every cache emptied before each text.
"""

from __future__ import annotations

import os
import random
import re
import sys
import time
from pathlib import Path

from plansite import extract as engine
from plansite.core import dates, numbers
from plansite.core.text import decode

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
TARGET = 200
SIZE = 20 * 1024

_NUMBER = re.compile(r"\b(\d{1,3})(\s*-\s*)(?=[A-ZĐ][A-Za-zĐđ]{0,4}\s*/)")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b")


def _sources() -> list[str]:
    paths = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "texts").glob("*.txt"))
    return [decode(p.read_bytes())[0] for p in paths]


def _vary(text: str, rng: random.Random) -> str:
    text = _NUMBER.sub(lambda m: f"{rng.randint(1, 999):02d}{m[2]}", text)
    return _DATE.sub(
        lambda m: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2015, 2025)}", text
    )


def build_texts(count: int, seed: int = 20) -> list[str]:
    """``count`` distinct texts of about 20 KB, each a whole plan: head, body, tail."""
    rng = random.Random(seed)
    sources = _sources()
    texts = []
    for _ in range(count):
        base = rng.choice(sources)
        lay = engine.layout(base)
        lines = base.split("\n")
        head = lines[: lay.body[0]]
        tail = lines[lay.body[1] :]
        body: list[str] = []
        while len("\n".join(head + body + tail).encode()) < SIZE:
            other = rng.choice(sources)
            other_lay = engine.layout(other)
            body += _vary(other, rng).split("\n")[other_lay.body[0] : other_lay.body[1]]
        text = "\n".join(head + body + tail).encode()[:SIZE].decode("utf-8", "ignore")
        texts.append(text)
    return texts


#: The modules whose private caches the "cold" figure empties (the code tables stay loaded).
MODULES = (engine, numbers, dates)


def _caches() -> list[object]:
    return [
        getattr(module, name)
        for module in MODULES
        for name in dir(module)
        if hasattr(getattr(module, name), "cache_clear") and name.startswith("_")
    ]


def measure(texts: list[str], seconds: float, *, cold: bool) -> float:
    """Texts per second of CPU time, over at least ``seconds``."""
    caches = _caches()
    done, spent = 0, 0.0
    while spent < seconds:
        for text in texts:
            if cold:
                for cache in caches:
                    cache.cache_clear()  # type: ignore[attr-defined]
            start = time.process_time()
            engine.extract(text)
            spent += time.process_time() - start
            done += 1
    return done / spent


def python_speed() -> float:
    """Seconds for a million pure-Python additions: a yardstick for comparing machines."""
    start = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i
    return time.process_time() - start


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    texts = build_texts(64)
    engine.extract(texts[0])  # loads the code tables once
    kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    warm = measure(texts, seconds, cold=False)
    cold = measure(texts, seconds, cold=True)
    print(
        f"{len(texts)} texts of {kb:.1f} KB on one core (Python: {python_speed():.3f} s "
        "per million additions; about 0.04 s on a recent laptop)"
    )
    print(f"  warm caches:  {warm:7.0f} texts/s  ({warm * kb / 1024:.1f} MB/s)")
    print(f"  cold caches:  {cold:7.0f} texts/s  ({cold * kb / 1024:.1f} MB/s)")
    verdict = "meets" if warm >= TARGET else "is BELOW"
    print(f"  {verdict} the target of {TARGET} texts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
