"""Memory and time on hostile inputs: 100 MB files, a million-line JSONL, deep HTML, a 100k-entry feed.

Each case runs in a fresh process and reports its wall time and peak RSS, so one case's memory never
hides another's. Inputs are generated into a temporary folder (fiction, see tests/fiction.py). Memory is
bounded when the peak stays flat as the input grows tenfold, so the ingest cases run at two sizes.

    python bench/hostile_inputs.py            # full sizes (a few minutes on 2 cores)
    python bench/hostile_inputs.py --quick    # a tenth of the sizes
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
MB = 1024 * 1024


# -- input generators ---------------------------------------------------------------------------------
def make_jsonl(path: Path, lines: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(0, lines, 1000):
            fh.write("".join(json.dumps({"text": f"Harbour note {j}: the northern quay of Velmora stays shut, "
                                                 f"{j % 97} residents were told on Monday.", "outlet": "Wire"}) + "\n"
                             for j in range(i, min(lines, i + 1000))))
    return path


def make_big_jsonl(path: Path, megabytes: int) -> Path:
    """Realistic article sizes (about 3 KB each) up to ``megabytes``."""
    import fiction

    with path.open("w", encoding="utf-8") as fh:
        for i, record in enumerate(fiction.articles(10**9)):
            record["text"] = "\n\n".join([record["text"]] * 8) + f" ({i})"
            fh.write(json.dumps(record) + "\n")
            if fh.tell() >= megabytes * MB:
                break
    return path


def make_feed(path: Path, entries: int) -> Path:
    with path.open("wb") as fh:
        fh.write(b"<?xml version='1.0'?><rss version='2.0'><channel><title>Quay Wire</title>")
        for i in range(0, entries, 1000):
            fh.write("".join(
                f"<item><title>Note {j}</title><link>https://wire.example/{j}</link><description>&lt;p&gt;Harbour "
                f"note {j}: the northern quay of Velmora stays shut this week.&lt;/p&gt;</description></item>"
                for j in range(i, min(entries, i + 1000))).encode())
        fh.write(b"</channel></rss>")
    return path


def make_deep_html(path: Path, depth: int) -> Path:
    words = "The harbour council of Velmora voted to reopen the quay, its leader Mira Tann said on Monday."
    path.write_text("<html><body>" + "<div>" * depth + f"<p>{words}</p>" + "</div>" * depth + "</body></html>")
    return path


def make_sparse(path: Path, megabytes: int) -> Path:
    with path.open("wb") as fh:
        fh.truncate(megabytes * MB)
    return path


# -- cases, each run in its own process ---------------------------------------------------------------
def case_ingest(path: str) -> dict[str, object]:
    """Read every article of the input (no NLP): what streaming costs."""
    from newsprism.config import Settings
    from newsprism.errors import InputError
    from newsprism.ingest import iter_inputs
    from newsprism.records import Article

    articles = problems = 0
    messages: list[str] = []
    for item, _ in iter_inputs([path], Settings()):
        if isinstance(item, Article):
            articles += 1
        elif isinstance(item, InputError):
            problems += 1
            if len(messages) < 2:
                messages.append(str(item)[-160:])
    return {"articles": articles, "problems": problems, "messages": messages}


def case_analyze(path: str, n: str) -> dict[str, object]:
    """analyze the first n articles of a dump (max_articles), next to bare spaCy on the same texts."""
    import spacy

    from newsprism.batch import analyze
    from newsprism.config import Settings
    from newsprism.ingest import iter_inputs
    from newsprism.records import Article
    from newsprism.store import open_store

    limit = int(n)
    texts = []
    for item, _ in iter_inputs([path], Settings()):
        if isinstance(item, Article):
            texts.append(item.text)
            if len(texts) >= limit:
                break
    settings = Settings()
    nlp = spacy.load(settings.model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    bare = time.perf_counter() - started
    del nlp
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "b.db")
        with open_store(db) as store:
            started = time.perf_counter()
            summary = analyze([path], store, Settings(db=db, max_articles=limit))
            took = time.perf_counter() - started
    return {"articles": summary.new, "bare_spacy_s": round(bare, 1), "newsprism_s": round(took, 1),
            "ratio_to_bare_spacy": round(took / bare, 2) if bare else None}


CASES = {"ingest": case_ingest, "analyze": case_analyze}


def run_case(name: str, *args: str) -> dict[str, object]:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--case", name, *args], capture_output=True, text=True,
                         check=False)
    wall = time.perf_counter() - started
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else f"exit {out.returncode}"}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(wall, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.case:
        result = CASES[args.case](*rest)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        print(json.dumps(result))
        return

    scale = 10 if args.quick else 1
    print(f"newsprism hostile-input benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}"
          f"{' (quick: sizes / 10)' if args.quick else ''}")
    rows: list[tuple[str, dict[str, object]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)

        def add(label: str, result: dict[str, object]) -> None:
            rows.append((label, result))
            shown = {k: v for k, v in result.items() if k != "messages"}
            print(f"{label:<44} {json.dumps(shown)}", flush=True)
            for message in result.get("messages", []) or []:  # type: ignore[union-attr]
                print(f"{'':<44}   message: {message}")

        for mb in (10, 100):
            mb_ = max(1, mb // scale)
            add(f"sparse {mb_} MB .txt (refused)", run_case("ingest", str(make_sparse(t / f"s{mb_}.txt", mb_))))
        for mb in (10, 100):
            mb_ = max(1, mb // scale)
            add(f"{mb_} MB JSONL of ~3 KB articles", run_case("ingest", str(make_big_jsonl(t / f"b{mb_}.jsonl", mb_))))
        for lines in (100_000, 1_000_000):
            n = lines // scale
            path = make_jsonl(t / f"l{n}.jsonl", n)
            add(f"{n:,}-line JSONL ({path.stat().st_size / MB:.0f} MB)", run_case("ingest", str(path)))
        for entries in (30_000, 100_000):
            n = entries // scale
            path = make_feed(t / f"f{n}.rss", n)
            add(f"feed, {n:,} entries ({path.stat().st_size / MB:.0f} MB)", run_case("ingest", str(path)))
        for depth in (100_000, 1_000_000):
            d = depth // scale
            path = make_deep_html(t / f"d{d}.html", d)
            add(f"HTML nested {d:,} deep ({path.stat().st_size / MB:.0f} MB)", run_case("ingest", str(path)))
        dump = t / f"l{1_000_000 // scale}.jsonl"
        for n in (500, 2000):
            n_ = max(50, n // scale)
            add(f"analyze first {n_:,} of the million-line JSONL", run_case("analyze", str(dump), str(n_)))


if __name__ == "__main__":
    main()
