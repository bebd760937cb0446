"""`make bench`: parsing, linking and whole-build speed, on the demo corpus and a generated one.

Prints figures; asserts nothing (speed is measured here, not in the tests). Usage:
    .venv/bin/python benchmarks/bench.py [--copies N]
"""

from __future__ import annotations

import argparse
import re
import runpy
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from edition_builder import build as build_api

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


def generated_project(folder: Path, copies: int) -> Path:
    """A project whose corpus repeats the demo corpus `copies` times under fresh names and numbers."""
    (folder / "corpus").mkdir(parents=True)
    (folder / "templates").symlink_to(ROOT / "templates")
    shutil.copytree(ROOT / "editions" / "demo", folder / "editions" / "demo")
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    for k in range(copies):
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            # give each copy its own document number so that ids stay unique
            text = re.sub(r"Document No\. (\d+):", lambda m, k=k: f"Document No. {k * 1000 + int(m.group(1))}:", text)
            (folder / "corpus" / f"{k:04d}_{seed.name}").write_text(text, encoding="utf-8")
    return folder / "editions" / "demo"


def time_build(edition: Path, out: Path, runs: int = 3, cache: bool = False) -> list[float]:
    """Wall-clock seconds of `runs` full builds (cold: every file parsed, unless `cache`)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build_api.build(edition, out, cache=cache)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Run every benchmark and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40, help="copies of the demo corpus in the generated one")
    args = parser.parse_args()
    for script in ("bench_parse.py", "bench_link.py"):
        if (HERE / script).is_file():
            print(f"== {script}")
            sys.argv = [str(HERE / script)]  # each benchmark takes its own defaults, not our options
            runpy.run_path(str(HERE / script), run_name="__main__")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        demo = time_build(ROOT / "editions" / "demo", tmp_path / "demo-site")
        print(f"== build: demo edition (5 documents): median {statistics.median(demo):.2f} s over {len(demo)} runs")
        edition = generated_project(tmp_path / "gen", args.copies)
        n = args.copies * 5
        gen = time_build(edition, tmp_path / "gen-site", runs=1)
        print(f"== build: generated edition ({n} documents), cold: {gen[0]:.2f} s, {1000 * gen[0] / n:.1f} ms/document")
        time_build(edition, tmp_path / "gen-site", runs=1, cache=True)  # fills the parse cache
        warm = time_build(edition, tmp_path / "gen-site", runs=1, cache=True)
        print(f"== build: rebuilt with every parse cached: {warm[0]:.2f} s, {1000 * warm[0] / n:.1f} ms/document")


if __name__ == "__main__":
    main()
