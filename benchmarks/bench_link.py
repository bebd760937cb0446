"""Benchmark the linking stage: a generated register of 5,000 people against the five seeds.

Run: `.venv/bin/python benchmarks/bench_link.py [N_PEOPLE]`. Prints the time to build the lookup tables
(once per link() call) and the linking time per document; the target is under 20 ms per document.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

from edition_builder.build import parse_file
from edition_builder.link import _link_document, build_lexicon, link
from edition_builder.model import Person, Registers
from edition_builder.registers import load_registers

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = "ka ro mi ven to la dr sh ov ev in ski ch ek ba na tel mar gr un os ze ly pa ni ko va de".split()
ACCENTED = "á é í ó ú č š ž ř ň ő ł ș".split()
FIRST = "Ivan Pavel Anna Maria Jan Petr Olga Nikolai Sergei Elena Tomas Andrei Irina Lev Marek Zofia".split()


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


def main() -> None:
    """Link the five seeds against the demo register plus generated people and print timings."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    documents = [parse_file(p) for p in sorted((ROOT / "corpus").iterdir()) if p.is_file()]
    demo = load_registers(ROOT / "editions" / "demo")
    registers = Registers(people=demo.people + tuple(generated_people(n)), topics=demo.topics, glossary=demo.glossary)
    print(f"register: {len(registers.people)} people, {len(registers.topics)} topics, {len(registers.glossary)} terms")

    t = time.perf_counter()
    lex = build_lexicon(registers)
    print(f"lookup tables built once per link(): {(time.perf_counter() - t) * 1000:.1f} ms")

    numbers = {d.number: d.id for d in documents if d.number}
    per_doc: dict[str, list[float]] = {d.id: [] for d in documents}
    for _ in range(5):
        lex.suspect_cache.clear()
        for doc in documents:
            t = time.perf_counter()
            _link_document(doc, lex, numbers)
            per_doc[doc.id].append((time.perf_counter() - t) * 1000)
    for doc in documents:
        chars = sum(len(b.text) for b in doc.headnote + doc.body) + sum(len(f.text) for f in doc.footnotes)
        runs = per_doc[doc.id]
        print(f"  {doc.id:28} {chars:7d} chars  median {statistics.median(runs):6.2f} ms, best {min(runs):6.2f} ms")
    medians = [statistics.median(v) for v in per_doc.values()]
    print(f"mean per document: {statistics.mean(medians):.2f} ms  (target < 20 ms)")

    t = time.perf_counter()
    link(documents, registers)
    print(f"whole link() call (tables + 5 documents + index): {(time.perf_counter() - t) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
