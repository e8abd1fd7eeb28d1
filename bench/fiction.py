"""Generated fictional news for the benchmarks: invented people, places and events, varied wording.

Every article is built from a seeded random choice of an event (who did what to whom, where, when),
an outlet, and sentences with quotes, reported speech, figures and dates, so the extractors and the
story linker do the work they do on real news. Several outlets cover each event, so stories form.
Nothing here is real or copied.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_FIRST = (
    "Ilse Tomas Mara Oskar Lene Piet Ada Joran Vesna Milo Rhea Anouk Teodor Saski Dario Helka Ruben "
    "Ines Kasimir Nadja Otto Liv Bram Selma Aurel Yara Emil Dunja Falk Greta"
).split()
_LAST = (
    "Varga Reyl Lindqvist Okafor Brandt Moreau Santos Halvorsen Ibarra Kowal Dalgaard Ferreira Novak "
    "Aalto Quist Marchetti Ostrova Tamsin Vell Harrow Castel Denholm Ruiz Pellan Strand Koval Maren Ysel "
    "Galla Thorne"
).split()
_COUNTRIES = (
    "Norvania Ardell Velmora Castrea Ostland Brevia Lusaria Kelland Marovia Tessaly Quorin "
    "Dravenia Solvay Ebrinth Carmont"
).split()
_CITIES = (
    "Velmora Port Anse Halden Rusk Tarrow Emberly Caldera Noss Brinmouth Lorne Weyfield Istra "
    "Corvel Dunmere Saltash"
).split()
_ROLES = (
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Senator",
    "Governor",
    "Mayor",
    "General",
    "Ambassador",
    "Interior Minister",
    "Finance Minister",
)
_ORGS = (
    "the Harbour Workers Union",
    "the Coastal Fisheries Board",
    "the National Assembly",
    "the Northern Grain Cooperative",
    "the Red Lantern Relief Fund",
    "the Strait Patrol Authority",
    "the Civic Reform Party",
    "the Miners Federation",
    "the Central Bank",
    "the River Shipping Guild",
)
_OUTLETS = (
    "The Coastline Courier",
    "Meridian Daily",
    "The Ledger",
    "Harbourwatch",
    "Morning Star Wire",
    "The Velmora Post",
    "Northern Signal",
    "The Evening Lamp",
)
_ACTS = (
    ("met", "for talks on", "CONSULT"),
    ("signed an agreement with", "on", "AGREE"),
    ("accused", "of stalling on", "ACCUSE"),
    ("rejected a proposal from", "on", "REJECT"),
    ("threatened", "with sanctions over", "THREATEN"),
    ("pledged aid to", "after", "AID"),
    ("urged", "to reopen talks on", "REQUEST"),
    ("praised", "for its handling of", "SUPPORT"),
    ("expelled diplomats from", "over", "SANCTION"),
    ("deployed troops near the border with", "amid", "MOBILIZE"),
)
_TOPICS = (
    "the fishing dispute",
    "the grain tariff",
    "the river dam",
    "the port strike",
    "the border fence",
    "the power grid",
    "the rail link",
    "the water treaty",
    "the mining licences",
    "the refugee camps",
    "the customs union",
    "the ferry subsidies",
    "the election law",
    "the debt talks",
)
_CUES = ("said", "told reporters", "added", "warned", "insisted", "argued", "declared", "noted")
_WHO = ("Our people", "Our farmers", "Our workers")
_OPENERS = ("This is", "It was", "That remains")
_VERDICTS = ("a question of trust", "the only way forward", "not enough", "long overdue")
_JOBS = ("spokesperson", "union leader", "senator", "mayor")
_INVERTED = ("said", "added", "warned", "insisted", "argued", "declared")
_FILLER = (
    "Officials from both sides said a draft text was on the table and that talks would continue.",
    "The dispute has weighed on trade along the coast for months, according to local business groups.",
    "Analysts in {city} said the outcome would depend on whether parliament backs the plan.",
    "Residents of {city} watched the proceedings on screens set up in the main square.",
    "The government of {country} has not commented on the reports, a spokesperson said.",
    "Critics said the plan did little to address the underlying causes of the crisis.",
    "Shipping companies said they would wait for the final text before changing their routes.",
    "The meeting was the first between the two delegations since the crisis began last year.",
    "Opposition leaders in {country} called the move a distraction from the economy.",
    "Police in {city} closed several streets ahead of the arrival of the delegations.",
)


@dataclass(frozen=True)
class Piece:
    title: str
    outlet: str
    published: str
    text: str


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return f"{first} {last}", last


def _article(rng: random.Random, event: dict[str, object], outlet: str, day: date) -> Piece:
    a_full, a_last = event["a"]  # type: ignore[misc]
    b_country = event["b_country"]
    verb, prep, _ = event["act"]  # type: ignore[misc]
    topic, city, role = event["topic"], event["city"], event["role"]
    n = event["number"]
    count = int(n) + rng.choice((0, 0, 0, 5, 10, -5))  # outlets sometimes disagree on the figure
    title = f"{a_last} {verb} {b_country} {prep} {topic}"
    paras = [
        f"{role} {a_full} of {event['a_country']} {verb} {b_country} {prep} {topic} on "
        f"{day.strftime('%A')}, in {city}, officials said.",
        f"“We did not come to {city} to lose time. {rng.choice(_WHO)} "
        f"expect results,” {a_last} {rng.choice(_CUES)}.",
        f"About {count:,} people gathered outside the hall on {day.strftime('%d %B %Y')}, and the "
        f"organisers said {rng.randint(2, 40)}% of them had travelled from {rng.choice(_CITIES)}.",
    ]
    b_full, b_last = event["b"]  # type: ignore[misc]
    paras.append(
        f"{b_full}, who leads {rng.choice(_ORGS)}, said that {b_country} would "
        f"{rng.choice(['not give up its position', 'study the offer', 'respond within a week'])}, "
        f"calling the talks “{rng.choice(['a fair start', 'a missed chance', 'a serious step'])}”."
    )
    for _ in range(rng.randint(4, 10)):
        who, last = _person(rng)
        paras.append(rng.choice(_FILLER).format(city=rng.choice(_CITIES), country=rng.choice(_COUNTRIES)))
        if rng.random() < 0.6:
            paras.append(
                f"“{rng.choice(_OPENERS)} {rng.choice(_VERDICTS)},” "
                f"{rng.choice(_INVERTED)} {who}, a {rng.choice(_JOBS)} "
                f"from {rng.choice(_CITIES)}. {last} said the government had spent "
                f"{rng.randint(2, 900)} million dollars on {rng.choice(_TOPICS)} "
                f"since {rng.randint(2015, 2025)}."
            )
    return Piece(title, outlet, day.isoformat(), "\n\n".join(paras))


def generate(n: int, seed: int = 7) -> Iterator[Piece]:
    """``n`` articles: events covered by 2 to 5 outlets each, in publication order."""
    rng = random.Random(seed)
    day = date(2026, 1, 1)
    made = 0
    while made < n:
        day += timedelta(days=rng.random() < 0.25)
        a_country, b_country = rng.sample(_COUNTRIES, 2)
        event = {
            "a": _person(rng),
            "b": _person(rng),
            "a_country": a_country,
            "b_country": b_country,
            "act": rng.choice(_ACTS),
            "topic": rng.choice(_TOPICS),
            "city": rng.choice(_CITIES),
            "role": rng.choice(_ROLES),
            "number": rng.randint(2, 90) * 100,
        }
        for outlet in rng.sample(_OUTLETS, rng.randint(2, 5)):
            if made >= n:
                break
            yield _article(rng, event, outlet, day)
            made += 1


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[str]:
    """Write ``n`` articles as text files with front matter; their texts, for bare spaCy."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i, piece in enumerate(generate(n, seed)):
        front = f"---\ntitle: {piece.title}\noutlet: {piece.outlet}\npublished: {piece.published}\n---\n"
        (folder / f"a{i:06d}.txt").write_text(front + piece.text + "\n", encoding="utf-8")
        texts.append(piece.text)
    return texts


def write_jsonl(path: Path, n: int, seed: int = 7) -> int:
    """Write ``n`` articles to one JSONL file, streaming; the number of words written."""
    import json

    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for piece in generate(n, seed):
            words += len(piece.text.split())
            fh.write(
                json.dumps(
                    {
                        "title": piece.title,
                        "outlet": piece.outlet,
                        "published": piece.published,
                        "text": piece.text,
                    }
                )
                + "\n"
            )
    return words
