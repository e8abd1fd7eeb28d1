"""Generated fiction articles for the reliability tests and benchmarks.

Every text is invented from the small vocabularies below (towns, people, bodies that do not exist), and
every article differs from every other one, so each gets its own id. Generation is seeded and lazy:
``write_jsonl`` streams to disk without holding the corpus in memory.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

TOWNS = ("Velmora", "Ostrava Bay", "Karsk", "Pellingham", "Duneholt", "Marrowgate", "Tessaly", "Brinmoor")
PEOPLE = ("Mira Tann", "Oskar Velde", "Ilse Marrow", "Teodor Quill", "Ana Ferreiro", "Jonas Brecht",
          "Lidia Sorn", "Pavel Ostrin")
ROLES = ("mayor", "harbour master", "council leader", "union spokesperson", "health minister", "police chief")
BODIES = ("the harbour council", "the dockworkers' union", "the regional assembly", "the fisheries board",
          "the rail authority", "the port police")
ACTIONS = ("voted to reopen the northern quay", "rejected the new tariff plan", "agreed to resume talks",
           "accused the ministry of delaying repairs", "called for an inquiry into the flooding",
           "announced aid for families who lost their boats", "protested outside the town hall")
SAYINGS = ("We waited long enough", "Nobody here asked for this", "The quay will open before winter",
           "This is a matter for the courts", "We will keep talking until there is a deal",
           "The figures speak for themselves")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def article(i: int, rng: random.Random, short: bool = False) -> dict[str, str]:
    town, person, role, body = rng.choice(TOWNS), rng.choice(PEOPLE), rng.choice(ROLES), rng.choice(BODIES)
    day, action, saying = rng.choice(DAYS), rng.choice(ACTIONS), rng.choice(SAYINGS)
    count = rng.randint(3, 900)
    if short:
        # A quote with its speaker, a place, a day and a figure in about twenty tokens.
        text = f"\"{saying},\" said {role} {person} in {town} on {day}, where {count} residents signed (no. {i})."
    else:
        text = (
            f"{body.capitalize()} of {town} {action} on {day}, after {count} residents signed a petition "
            f"(dispatch {i}).\n\n"
            f"\"{saying},\" said {role} {person}. "
            f"{person.split()[0]} added that the decision would be reviewed in {rng.randint(2, 11)} weeks."
        )
    return {
        "text": text,
        "title": f"{town}: {action} ({i})",
        "outlet": rng.choice(("The Coastline Courier", "Harbour Watch", "The Meridian Ledger")),
        "published": f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
    }


def articles(n: int, seed: int = 7, short: bool = False) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for i in range(n):
        yield article(i, rng, short)


def write_jsonl(path: Path, n: int, seed: int = 7, short: bool = False) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in articles(n, seed, short):
            fh.write(json.dumps(record) + "\n")
    return path
