"""Latency of the web pages and API on a store of 100k generated articles, under bounded load.

    python bench/web_latency.py [--articles 100000] [--db bench-web.db] [--requests 200] [--concurrency 4]
                                [--only actor]

1. Builds (or reuses) a store of generated fiction: articles with actors, mentions, quotes, events, stories
   and claims, written straight through the store API (no spaCy), in batched transactions.
2. Starts ``newsprism serve`` on a free loopback port (one process) and drives it from a second process
   with a fixed number of workers (bounded load: each worker sends its next request when the last one
   answered), sampling ids and search words from the store.
3. Prints p50/p95/max latency and throughput per page/endpoint, and the machine's core count.

A benchmark, not a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.records import (  # noqa: E402
    PLOVER_CATEGORIES,
    Actor,
    Analysis,
    Article,
    Claim,
    ClaimMention,
    Event,
    Mention,
    Quote,
    Sentence,
    SpanRef,
)
from newsprism.store import open_store  # noqa: E402

# -- a fiction generator ---------------------------------------------------------------------------------
SYLLABLES = [
    "ar",
    "bel",
    "cor",
    "dan",
    "el",
    "fen",
    "gor",
    "hal",
    "is",
    "jor",
    "kal",
    "lin",
    "mor",
    "nor",
    "os",
    "pel",
    "quin",
    "ros",
    "sal",
    "tor",
    "ul",
    "val",
    "wen",
    "yr",
    "zan",
    "mir",
    "tek",
    "vos",
]
NOUNS = [
    "harbour",
    "bridge",
    "council",
    "ferry",
    "quay",
    "treaty",
    "strait",
    "budget",
    "election",
    "strike",
    "festival",
    "railway",
    "dam",
    "market",
    "fishery",
    "embassy",
    "border",
    "court",
    "mine",
    "university",
]
VERBS = {
    "AGREE": "agreed with",
    "CONSULT": "met",
    "SUPPORT": "praised",
    "CONCEDE": "gave way to",
    "COOPERATE": "worked with",
    "AID": "sent aid to",
    "RETREAT": "pulled back from",
    "REQUEST": "asked",
    "ACCUSE": "accused",
    "REJECT": "rejected",
    "THREATEN": "threatened",
    "PROTEST": "marched against",
    "SANCTION": "fined",
    "MOBILIZE": "sent troops toward",
    "COERCE": "detained",
    "ASSAULT": "attacked",
}
FILLER = [
    "Officials said the talks would continue next week.",
    "Residents gathered near the {n} after dark.",
    "The {n} has been closed since the spring floods.",
    "Local traders said prices had doubled.",
    "A spokesperson declined to comment on the {n}.",
    "The weather delayed the start of the meeting.",
    "Several hundred people watched from the shore.",
    "Engineers inspected the {n} on Tuesday.",
]


def word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def make_actors(rng: random.Random, n: int) -> list[Actor]:
    actors = []
    for i in range(n):
        kind = rng.choice(["PERSON", "PERSON", "ORG", "GPE"])
        name = (
            f"{word(rng)} {word(rng, 3)}"
            if kind == "PERSON"
            else (
                f"{word(rng)} {rng.choice(NOUNS).capitalize()} Authority" if kind == "ORG" else word(rng, 3)
            )
        )
        actors.append(
            Actor(
                id=f"act_bench{i:07d}",
                name=name,
                type=kind,
                country=rng.choice(["NOR", "ARD", "VEL", None]),
                sector=rng.choice(["GOV", "CVL", "BUS", "MIL", None]),
                aliases=(name,),
            )
        )
    return actors


def make_article(
    rng: random.Random, i: int, story: int, day: str, outlet: str, actors: list[Actor]
) -> tuple[Analysis, list[Actor], list[tuple[int, int, str]]]:
    """One article of 8-14 sentences; returns it, its actors, and (start, end, text) spans of its claims."""
    cast = rng.sample(actors[(story * 7) % (len(actors) - 40) : (story * 7) % (len(actors) - 40) + 40], 4)
    noun = NOUNS[story % len(NOUNS)]
    parts: list[str] = []
    sentences, mentions, quotes, events, claims = [], [], [], [], []
    pos = 0

    def add(sentence: str, marks: list[tuple[str, Actor]] | None = None) -> int:
        nonlocal pos
        start = pos
        parts.append(sentence)
        sentences.append(Sentence(start, start + len(sentence)))
        for name, actor in marks or []:
            s = start + sentence.index(name)
            mentions.append(
                Mention(text=name, start=s, end=s + len(name), label=actor.type, actor_id=actor.id)
            )
        pos += len(sentence) + 1
        return start

    a, b = cast[0], cast[1]
    category = PLOVER_CATEGORIES[(story + i) % len(PLOVER_CATEGORIES)]
    s = add(f"{a.name} {VERBS[category]} {b.name} over the {noun} on {day}.", [(a.name, a), (b.name, b)])
    src = SpanRef(text=a.name, start=s, end=s + len(a.name), actor_id=a.id)
    tgt_start = s + len(a.name) + len(VERBS[category]) + 2
    tgt = SpanRef(text=b.name, start=tgt_start, end=tgt_start + len(b.name), actor_id=b.id)
    events.append(
        Event(
            type=category,
            trigger=VERBS[category].split()[0],
            start=s,
            end=pos - 1,
            source=src,
            target=tgt,
            date=day,
        )
    )
    count = 10 + story % 50 + rng.randint(0, 5)
    s = add(f"At least {count} people were at the {noun} when it happened.")
    claims.append((s + 9, s + 9 + len(str(count)), str(count)))
    for speaker in cast[1:3]:
        utterance = f"We will not give up the {noun} {rng.choice(['today', 'this year', 'without a fight'])}"
        sentence = f"\u201c{utterance},\u201d said {speaker.name}."
        s = add(sentence, [(speaker.name, speaker)])
        sp = s + sentence.index(speaker.name)
        quotes.append(
            Quote(
                text=utterance,
                start=s + 1,
                end=s + 1 + len(utterance),
                kind="direct",
                cue="said",
                speaker=SpanRef(text=speaker.name, start=sp, end=sp + len(speaker.name), actor_id=speaker.id),
            )
        )
        claims.append((s + 1, s + 1 + len(utterance), utterance))
    for _ in range(rng.randint(5, 10)):
        add(rng.choice(FILLER).format(n=noun))
    text = " ".join(parts)
    title = f"{a.name} and {b.name} at odds over the {noun}"
    article = Article(
        id=f"{i:016x}",
        path=f"bench/{i}.txt",
        text=text,
        title=title,
        outlet=outlet,
        url=f"https://{outlet.lower().replace(' ', '')}.example/{i}",
        published=day,
    )
    analysis = Analysis(
        article=article,
        sentences=tuple(sentences),
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        events=tuple(events),
    )
    return analysis, cast, claims


def build(db: Path, n_articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    actors = make_actors(rng, max(200, n_articles // 50))
    outlets = [
        f"{word(rng)} {rng.choice(['Courier', 'Ledger', 'Radio', 'Times', 'Review'])}" for _ in range(20)
    ]
    started = time.perf_counter()
    with open_store(db) as store:
        i = 0
        story = 0
        batch_started = time.perf_counter()
        while i < n_articles:
            with store.transaction():
                for _ in range(200):
                    if i >= n_articles:
                        break
                    size = rng.choice([1, 1, 2, 3, 4, 5, 8])
                    day = f"2025-{1 + story % 12:02d}-{1 + story % 28:02d}"
                    sid = f"sty_bench{story:07d}"
                    members, story_claims = [], []
                    for outlet in rng.sample(outlets, min(size, len(outlets))):
                        if i >= n_articles:
                            break
                        analysis, cast, claims = make_article(rng, i, story, day, outlet, actors)
                        store.add_analysis(analysis, cast)
                        members.append(analysis.article.id)
                        story_claims.append((analysis.article.id, claims))
                        i += 1
                    store.save_story(
                        sid, f"Story {story}: the {NOUNS[story % len(NOUNS)]} dispute", members, [], day, day
                    )
                    claim_records = []
                    for k in range(3):
                        mentions = tuple(
                            ClaimMention(article_id=aid, start=c[k][0], end=c[k][1], text=c[k][2])
                            for aid, c in story_claims
                        )
                        relation = "single" if len(mentions) == 1 else ("agree" if k else "differ")
                        claim_records.append(
                            Claim(
                                id=f"clm_{sid}_{k}",
                                relation=relation,
                                note=f"{relation}: {mentions[0].text[:60]}",
                                mentions=mentions,
                            )
                        )
                    store.replace_claims(sid, claim_records)
                    story += 1
            if i % 10_000 < 200:
                rate = 10_000 / (time.perf_counter() - batch_started) if i > 200 else 0.0
                print(f"  {i:,} articles stored ({rate:,.0f}/s)", file=sys.stderr)
                batch_started = time.perf_counter()
        store.conn.execute("ANALYZE")
    print(
        f"built {db} with {n_articles:,} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )


# -- the load ----------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def targets(db: Path, rng: random.Random, n: int) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    stories = [
        r[0]
        for r in conn.execute(
            "SELECT story_id FROM story_articles GROUP BY story_id HAVING count(*) >= 3 LIMIT 5000"
        )
    ]
    articles = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 2000")]
    actors = [r[0] for r in conn.execute("SELECT id FROM actors ORDER BY random() LIMIT 2000")]
    names = [
        r[0].split()[0].lower() for r in conn.execute("SELECT name FROM actors ORDER BY random() LIMIT 500")
    ]
    outlets = [r[0] for r in conn.execute("SELECT name FROM outlets")]
    pages = conn.execute("SELECT count(*) FROM stories").fetchone()[0] // 20
    conn.close()
    pick = rng.choice
    words = NOUNS + names
    return {
        "page: story list /": ["/"] * (n // 2)
        + [f"/?page={rng.randint(1, min(pages, 200))}" for _ in range(n // 2)],
        "page: story list, 2+ articles": [f"/?min_size=2&page={rng.randint(1, 50)}" for _ in range(n)],
        "page: search, outlet filter": [f"/search?q={pick(words)}&outlet={pick(outlets)}" for _ in range(n)],
        "page: story comparison": [f"/stories/{pick(stories)}" for _ in range(n)],
        "page: search": [f"/search?q={pick(words)}" for _ in range(n)],
        "page: actor": [f"/actors/{pick(actors)}" for _ in range(n)],
        "page: article": [f"/articles/{pick(articles)}" for _ in range(n)],
        "page: network": ["/network"] * n,
        "api: articles list": [f"/api/articles?page={rng.randint(1, 50)}" for _ in range(n)],
        "api: articles by outlet": [f"/api/articles?outlet={pick(outlets)}" for _ in range(n)],
        "api: search": [f"/api/articles?q={pick(words)}" for _ in range(n)],
        "api: stories list": [f"/api/stories?page={rng.randint(1, 50)}" for _ in range(n)],
        "api: story": [f"/api/stories/{pick(stories)}" for _ in range(n)],
        "api: actor": [f"/api/actors/{pick(actors)}" for _ in range(n)],
        "api: quotes by speaker": [f"/api/quotes?speaker={pick(actors)}" for _ in range(n)],
        "api: events by category": [f"/api/events?category={pick(PLOVER_CATEGORIES)}" for _ in range(n)],
    }


def load(base: str, plan: dict[str, list[str]], concurrency: int) -> dict[str, dict[str, float]]:
    """Runs in the client process: each endpoint's requests by ``concurrency`` workers, one at a time each."""
    import httpx

    results: dict[str, dict[str, float]] = {}
    with httpx.Client(base_url=base, timeout=60, limits=httpx.Limits(max_connections=concurrency)) as client:
        for url in {urls[0] for urls in plan.values()}:  # warm each route once (connections, page cache)
            client.get(url)
        for name, urls in plan.items():

            def one(url: str) -> float:
                t = time.perf_counter()
                r = client.get(url)
                elapsed = time.perf_counter() - t
                if r.status_code != 200:
                    raise RuntimeError(f"{url} answered {r.status_code}: {r.text[:200]}")
                return elapsed * 1000

            started = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                times = sorted(pool.map(one, urls))
            wall = time.perf_counter() - started
            results[name] = {
                "n": len(times),
                "p50": statistics.median(times),
                "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
                "max": times[-1],
                "rps": len(times) / wall,
            }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("bench-web.db"))
    parser.add_argument("--requests", type=int, default=200, help="requests per page/endpoint")
    parser.add_argument("--concurrency", type=int, default=4, help="client workers (the bound on the load)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--only", help="only the pages/endpoints whose name contains this (e.g. 'actor')")
    parser.add_argument("--client", help=argparse.SUPPRESS)  # internal: run as the load process
    args = parser.parse_args()

    if args.client:
        spec = json.loads(Path(args.client).read_text())
        print(json.dumps(load(spec["base"], spec["plan"], spec["concurrency"])))
        return

    if args.rebuild and args.db.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
    if not args.db.exists():
        build(args.db, args.articles)
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    counts = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("articles", "stories", "actors", "quotes", "events", "claims")
    }
    conn.close()

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    server = subprocess.Popen(
        [sys.executable, "-m", "newsprism.cli", "serve", "--db", str(args.db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("newsprism serve did not start") from None
                time.sleep(0.2)
        plan = targets(args.db, random.Random(11), args.requests)
        if args.only:
            plan = {name: urls for name, urls in plan.items() if args.only in name}
        spec_path = args.db.with_suffix(".load.json")
        spec_path.write_text(
            json.dumps({"base": f"http://127.0.0.1:{port}", "plan": plan, "concurrency": args.concurrency})
        )
        # the load comes from a second process, as a real client would
        client = subprocess.run(
            [sys.executable, __file__, "--client", str(spec_path)], env=env, capture_output=True, text=True
        )
        if client.returncode != 0:
            raise SystemExit(f"the load process failed:\n{client.stderr[-3000:]}")
        results = json.loads(client.stdout.strip().splitlines()[-1])
        spec_path.unlink()
    finally:
        server.terminate()
        server.wait(timeout=10)

    print(
        f"newsprism web latency · {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} · store: "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    print(
        f"{args.requests} requests per row, {args.concurrency} concurrent client workers, loopback, "
        "one server process"
    )
    print(f"{'page / endpoint':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}")
    for name, r in results.items():
        print(f"{name:28} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} {r['rps']:7.1f}")
    target = [
        n for n in results if n.startswith("page: ") and any(k in n for k in ("list", "search", "comparison"))
    ]
    if not target:
        return
    worst = max(results[n]["p95"] for n in target)
    print(
        f"target p95 <= 100 ms for list, search and story pages: worst p95 {worst:.1f} ms "
        f"({'met' if worst <= 100 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
