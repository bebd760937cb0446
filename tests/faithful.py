"""Generated transcripts for the cross-parser guarantees (nothing lost, never crash).

`transcripts()` is a Hypothesis strategy for texts that mix the features of every known format;
`seed_variants()` reshuffles the blocks of the real seeds so each format's own code paths run on
texts no developer has seen. The check itself is `edition_builder.parse.missing_characters`.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_files() -> list[Path]:
    """Every transcript in corpus/ and in the fixture corpora, sorted."""
    found = [p for p in CORPUS.glob("*") if p.suffix in (".txt", ".md")]
    found += [p for p in FIXTURES.rglob("*") if p.suffix in (".txt", ".md")]
    return sorted(found)


WORDS = (
    "the Soviet leadership Politburo perestroika reform Warsaw Pact Ceauşescu Kádár Husák Grósz "
    "Горбачёв Москва «цитата» “quoted” ‘single’ — – … naïve façade Zürich 1989 24.2.89 [and] [illegible] "
    "(ambassador) p. 12 No. 41 U.S. C.C. CPSU 50% A&B x<y"
).split()
NAMES = ["Gorbachev", "Shevardnadze", "Lomakin", "Ryzhkov", "Politburo members", "Jaruzelski", "Kryuchkov"]
FURNITURE = [
    "Version classiqueVersion mobile",
    "Texte intégral",
    "Haut de page",
    "Masterpieces of History",
    "Page 12",
    "– 37 –",
    "Citation:",
    "**Original Language:**",
]
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"


@st.composite
def words(draw: st.DrawFn, min_size: int = 1, max_size: int = 25) -> str:
    """A run of words, some with emphasis, glued calls, superscripts or Markdown calls."""
    out = []
    for w in draw(st.lists(st.sampled_from(WORDS), min_size=min_size, max_size=max_size)):
        decoration = draw(st.integers(0, 12))
        if decoration == 1:
            w = f"*{w}*"
        elif decoration == 2:
            w = f"**{w}**"
        elif decoration == 3:
            w = f"_{w}_"
        elif decoration == 4:
            w = f"{w}{draw(st.integers(1, 30))}"
        elif decoration == 5:
            w = f"{w}{draw(st.sampled_from(SUPERSCRIPTS))}"
        elif decoration == 6:
            w = f"{w}[^{draw(st.integers(1, 9))}]"
        elif decoration == 7:
            w = f"{w}."
        out.append(w)
    return " ".join(out)


@st.composite
def block(draw: st.DrawFn) -> str:
    """One block of a transcript, of any of the kinds the formats know."""
    kind = draw(st.integers(0, 13))
    text = draw(words())
    if kind == 0:
        return f"{draw(st.integers(1, 60))}. {text}"
    if kind == 1:
        return f"{draw(st.integers(1, 60))}{text}"  # OpenEdition glues the paragraph number to the word
    if kind == 2:
        return f"{draw(st.sampled_from(NAMES))}: {text}"
    if kind == 3:
        return f"**{draw(st.sampled_from(NAMES))}:** {text}"
    if kind == 4:
        return f"{draw(st.sampled_from(NAMES))}: (ambassador to Poland) {text}"
    if kind == 5:
        return draw(st.sampled_from(FURNITURE))
    if kind == 6:
        return f"[Source: {text}]"
    if kind == 7:
        return f"{draw(st.integers(1, 9))} {text}"  # a note at the end
    if kind == 8:
        return f"[^{draw(st.integers(1, 9))}]: {text}"
    if kind == 9:
        return f"{draw(st.sampled_from(['#', '##', '###']))} {draw(words(1, 6))}"
    if kind == 10:
        return f"> {text}"
    if kind == 11:
        return f"- {text}\n- {draw(words())}"
    if kind == 12:
        return draw(st.text(min_size=1, max_size=40))  # any unicode at all
    return text + "\n" + draw(words())  # a paragraph broken over two lines


SEPARATORS = ["\n", "\n\n", "\n\n\n", "\n\n\n\n\n", "\n \n", "\n\t\n"]


@st.composite
def transcripts(draw: st.DrawFn) -> str:
    """A whole generated transcript: an optional front matter, title, date and a mix of blocks."""
    parts = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["Notes of a Meeting", "Document No. 7: Memorandum", "# Title"])))
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["March 3, 1989", "24 February 1989", "**February 24, 1989**"])))
    parts += draw(st.lists(block(), min_size=0, max_size=14))
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(["Notes", "NOTES", "Notes de bas de page"])))
        parts += [f"{i} {draw(words())}" for i in range(1, draw(st.integers(1, 4)) + 1)]
    text = ""
    for part in parts:
        text += part + draw(st.sampled_from(SEPARATORS))
    if draw(st.integers(0, 4)) == 0:
        text = f"---\ntitle: {draw(words(1, 5))}\ndate: 1989-02\n---\n\n" + text
    return text


def _seed_blocks() -> list[tuple[str, list[str]]]:
    seeds = []
    for path in sorted(CORPUS.glob("*.txt")):
        blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        seeds.append((path.name, blocks))
    return seeds


SEED_BLOCKS = _seed_blocks()


@st.composite
def seed_variants(draw: st.DrawFn) -> tuple[str, str]:
    """(seed name, text): a seed's header kept, a random ordered subset of its other blocks, some doubled."""
    name, blocks = draw(st.sampled_from(SEED_BLOCKS))
    head = min(len(blocks), draw(st.integers(3, 12)))
    rest = blocks[head:]
    keep = draw(st.lists(st.integers(0, max(0, len(rest) - 1)), max_size=30)) if rest else []
    picked = blocks[:head] + [rest[i] for i in sorted(keep)]
    return name, "\n\n".join(picked) + "\n"
