"""Parse speed: every corpus file N times, and a generated corpus built from the seeds in memory.

Prints mean and median milliseconds per document for each source format (the target is under 50 ms per
document on average). It only prints; timings are never asserted.

    .venv/bin/python benchmarks/bench_parse.py [--repeat 5] [--generated 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path

from edition_builder.model import SourceFile
from edition_builder.parse import parse_source

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50.0


def corpus() -> list[SourceFile]:
    """The corpus files and the Markdown fixtures, as the build reads them (no sidecars)."""
    paths = sorted(p for p in (ROOT / "corpus").glob("*") if p.suffix in (".txt", ".md"))
    paths += sorted((ROOT / "tests" / "fixtures" / "markdown").glob("*.md"))
    return [SourceFile(str(p.relative_to(ROOT)), p.read_bytes()) for p in paths]


def vary(source: SourceFile, rng: random.Random, k: int) -> SourceFile:
    """A new transcript of the same format: the header kept, later blocks dropped, doubled and reordered."""
    blocks = source.data.decode("utf-8", errors="replace").split("\n\n")
    head = min(len(blocks), 12)
    rest = blocks[head:]
    picked = [b for b in rest if rng.random() > 0.15]
    picked += rng.sample(rest, k=min(len(rest), rng.randint(0, max(1, len(rest) // 4))))
    if len(picked) > 4:  # swap a few neighbours, as a careless copy-paste would
        for _ in range(3):
            i = rng.randrange(len(picked) - 1)
            picked[i], picked[i + 1] = picked[i + 1], picked[i]
    text = "\n\n".join(blocks[:head] + picked)
    path = Path(source.path)
    return SourceFile(str(path.with_name(f"{path.stem}-v{k}{path.suffix}")), text.encode("utf-8"))


def generated(seeds: list[SourceFile], count: int) -> list[SourceFile]:
    """`count` transcripts varied from the seeds, deterministically."""
    rng = random.Random(1989)
    return [vary(seeds[k % len(seeds)], rng, k) for k in range(count)]


def measure(sources: list[SourceFile], repeat: int) -> dict[str, list[float]]:
    """Milliseconds per parse, grouped by the source format detected."""
    times: dict[str, list[float]] = defaultdict(list)
    for source in sources:
        for _ in range(repeat):
            start = time.perf_counter()
            doc = parse_source(source)
            times[doc.source_format].append((time.perf_counter() - start) * 1000)
    return times


def report(title: str, times: dict[str, list[float]]) -> None:
    """Print a table: format, parses, mean, median and max ms per document."""
    print(f"\n{title}")
    print(f"  {'format':<15}{'parses':>8}{'mean ms':>10}{'median ms':>11}{'max ms':>9}")
    everything: list[float] = []
    for fmt in sorted(times):
        t = times[fmt]
        everything += t
        print(f"  {fmt:<15}{len(t):>8}{statistics.mean(t):>10.2f}{statistics.median(t):>11.2f}{max(t):>9.2f}")
    if everything:
        mean = statistics.mean(everything)
        verdict = "within" if mean < TARGET_MS else "OVER"
        print(
            f"  {'all':<15}{len(everything):>8}{mean:>10.2f}{statistics.median(everything):>11.2f}"
            f"{max(everything):>9.2f}   ({verdict} the {TARGET_MS:.0f} ms target)"
        )


def main() -> None:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5, help="parses of each corpus file (default 5)")
    ap.add_argument("--generated", type=int, default=200, help="generated transcripts (default 200)")
    args = ap.parse_args()
    seeds = corpus()
    parse_source(seeds[0])  # imports and compiled patterns warm up outside the timings
    report(f"corpus: {len(seeds)} files x {args.repeat}", measure(seeds, args.repeat))
    report(
        f"generated: {args.generated} transcripts varied from the seeds", measure(generated(seeds, args.generated), 1)
    )


if __name__ == "__main__":
    main()
