"""Benchmark the linking stage: a generated register of 5,000 people against the five corpus documents.

Run: `.venv/bin/python benchmarks/bench_link.py [--people N] [--runs K] [--rounds R]`.

Prints the register size, the time to build the lookup tables (once per link() call), and for every corpus
document the time linking adds to it: the median of K runs, and the best such median over R rounds (other
processes on a shared machine only ever make a run slower, so the best round is the closest to the real cost).
Then the mean over the documents and the mean per 1,000 characters. The target (issue 4) is a mean under 20 ms
per document with 5,000 generated people. Every timed run starts with empty caches (suspect words, register
entries met), so a document pays for judging its own words, as the first document of a build does. The lookup
tables are built once per link() call, whatever the number of documents: that fixed cost is printed apart.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from edition_builder.build import parse_file
from edition_builder.link import _link_document, _texts, build_lexicon, link
from edition_builder.model import Document, Person, Registers
from edition_builder.registers import load_registers

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = "ka ro mi ven to la dr sh ov ev in ski ch ek ba na tel mar gr un os ze ly pa ni ko va de".split()
ACCENTED = "á é í ó ú č š ž ř ň ő ł ș".split()
FIRST = "Ivan Pavel Anna Maria Jan Petr Olga Nikolai Sergei Elena Tomas Andrei Irina Lev Marek Zofia".split()
TARGET_MS = 20.0


def _surname(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    if rng.random() < 0.3:
        i = rng.randrange(1, len(word))
        word = word[:i] + rng.choice(ACCENTED) + word[i + 1 :]
    return word.capitalize()


def generated_people(n: int, seed: int = 1) -> list[Person]:
    """n plausible random people, each with surname, initial + surname, full name and an ASCII variant."""
    rng = random.Random(seed)
    people = []
    for k in range(n):
        first, last = rng.choice(FIRST), _surname(rng)
        forms = [last, f"{first[0]}. {last}", f"{first} {last}"]
        plain = last.encode("ascii", "ignore").decode()
        if plain != last and len(plain) > 3:
            forms.append(plain)
        people.append(Person(id=f"p{k}", name=f"{first} {last}", sort_name=f"{last}, {first}", forms=tuple(forms)))
    return people


def linked_chars(doc: Document) -> int:
    """Characters the linker reads in a document (title, summary, headnote, body, footnotes)."""
    return sum(len(piece.text) for piece in _texts(doc))


def main() -> None:
    """Link the corpus against the demo register plus generated people and print per-document timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000, help="generated people added to the demo register")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per document in one round (median)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the best round's median is reported")
    # parse_known_args: `make bench` runs this file inside bench.py, whose own options are in sys.argv
    args, _ = parser.parse_known_args()

    documents = [parse_file(p) for p in sorted((ROOT / "corpus").iterdir()) if p.suffix in (".txt", ".md", ".xml")]
    demo = load_registers(ROOT / "editions" / "demo")
    registers = Registers(
        people=demo.people + tuple(generated_people(args.people)), topics=demo.topics, glossary=demo.glossary
    )
    print(
        f"register: {len(registers.people)} people ({len(demo.people)} demo + {args.people} generated), "
        f"{len(registers.topics)} topics, {len(registers.glossary)} terms"
    )

    t = time.perf_counter()
    lex = build_lexicon(registers)
    tables = (time.perf_counter() - t) * 1000
    print(f"lookup tables, built once per link() call: {tables:.1f} ms (not per document)")

    numbers = {d.number: d.id for d in documents if d.number}
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for doc in documents:
            runs = []
            for _ in range(args.runs):
                lex.suspect_cache.clear()
                lex.exact_refs.clear()
                t = time.perf_counter()
                _link_document(doc, lex, numbers)
                runs.append((time.perf_counter() - t) * 1000)
            median = statistics.median(runs)
            best[doc.id] = min(best.get(doc.id, median), median)

    print(f"per document: best of {args.rounds} rounds of the median of {args.runs} runs")
    chars = {doc.id: linked_chars(doc) for doc in documents}
    for doc in documents:
        ms = best[doc.id]
        per_k = 1000 * ms / chars[doc.id]
        print(f"  {doc.id:28} {chars[doc.id]:7d} chars  {ms:7.2f} ms  ({per_k:.3f} ms per 1,000 chars)")
    mean = statistics.mean(best.values())
    per_k = 1000 * sum(best.values()) / sum(chars.values())
    verdict = "meets" if mean < TARGET_MS else "MISSES"
    print(f"mean per document: {mean:.2f} ms ({verdict} the target of < {TARGET_MS:.0f} ms)")
    print(f"mean per 1,000 characters: {per_k:.3f} ms ({sum(chars.values())} characters in {len(documents)} documents)")

    t = time.perf_counter()
    link(documents, registers)
    whole = (time.perf_counter() - t) * 1000
    print(f"one whole link() call (tables + {len(documents)} documents + index): {whole:.1f} ms")


if __name__ == "__main__":
    main()
