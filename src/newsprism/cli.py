"""The command line: parse, call one library function, print with Rich. No logic lives here."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import __version__
from .config import Settings, load_settings
from .errors import InputError, NewsprismError

if TYPE_CHECKING:
    from .store import Store

app = typer.Typer(
    name="newsprism",
    help="Who said and did what to whom, according to whom — compared across news outlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite database file or postgresql:// URL. [default: newsprism.db]", show_default=False),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML settings file (default: ./newsprism.toml if present).")
]


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def _settings(config: Path | None, **overrides: object) -> Settings:
    from .link.sentiment_model import use_model

    try:
        settings = load_settings(config, **overrides)
        use_model(settings.sentiment_model)
        return settings
    except NewsprismError as exc:
        fail(str(exc))


@contextmanager
def _reading(config: Path | None, db: str | None) -> Iterator[Store]:
    """The store opened read-only for a view command; a library error becomes one clean line."""
    from .store import open_store

    settings = _settings(config, db=db)
    try:
        with open_store(settings.db, readonly=True) as store:
            yield store
    except NewsprismError as exc:
        fail(str(exc))


def _version(value: bool) -> None:
    if value:
        out.print(f"newsprism {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens (to stderr).")] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def _parse_fields(fields: list[str]) -> dict[str, str]:
    from .ingest.tabular import ARTICLE_FIELDS

    mapping: dict[str, str] = {}
    for item in fields:
        name, sep, column = item.partition("=")
        if not sep or not column or name not in ARTICLE_FIELDS:
            fail(f"--field {item!r} must look like NAME=COLUMN with NAME one of {', '.join(ARTICLE_FIELDS)}")
        mapping[name] = column
    return mapping


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or http(s) URLs.")],
    db: DbOption = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", help="Processes for spaCy (n_process).")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy model to load.")] = None,
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="Map a JSONL/CSV column to an article field: NAME=COLUMN (repeatable)."),
    ] = None,
    config: ConfigOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or per-input messages.")] = False,
    actors: Annotated[
        Path | None,
        typer.Option("--actors", help="Extra actor dictionary (YAML, the format of lexicons/actors.yaml)."),
    ] = None,
    max_articles: Annotated[
        int | None,
        typer.Option("--max-articles",
                     help="Stop after this many new articles; run again to go on. [default: 0, no limit]",
                     show_default=False),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run the per-article work on Dask: a scheduler address, or local:N workers."),
    ] = None,
) -> None:
    """Read articles, extract quotes, events, figures and actors, link stories, and store it all."""
    from .batch import analyze as run
    from .ingest import input_size
    from .store import open_store

    settings = _settings(config, db=db, workers=workers, model=model, max_articles=max_articles, dask=dask,
                         actors_file=str(actors) if actors is not None else None)
    mapping = _parse_fields(field or [])
    total = input_size(paths)
    progress = Progress(
        TextColumn("[bold]analysing"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[articles]} articles · {task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )

    def on_message(problem: InputError) -> None:
        if not quiet:
            style = "yellow" if problem.level == "warning" else "red"
            progress.console.print(f"[{style}]{problem.level}:[/] {problem}", markup=True, highlight=False)

    try:
        with open_store(settings.db, lock_timeout=settings.lock_timeout) as store, progress:
            task = progress.add_task("analyse", total=total or None, articles=0, rate=0.0)

            def on_progress(nbytes: int, summary: object) -> None:
                elapsed = progress.tasks[0].elapsed or 0.0
                new = getattr(summary, "new", 0)
                progress.update(task, advance=nbytes, articles=new, rate=new / elapsed if elapsed else 0.0)

            summary = run(paths, store, settings, mapping=mapping, on_progress=on_progress, on_message=on_message)
            counts = store.counts()
    except NewsprismError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted; every article written before the interruption stays stored — run again to go on", 130)

    table = Table(title=f"newsprism analyze → {settings.db}", show_header=True, header_style="bold")
    table.add_column("this run")
    table.add_column("", justify="right")
    table.add_column("in the store")
    table.add_column("", justify="right")
    rows = [
        ("articles read", summary.read, "articles", counts["articles"]),
        ("new, analysed", summary.new, "outlets", counts["outlets"]),
        ("already stored (duplicates)", summary.duplicates, "stories", counts["stories"]),
        ("near-duplicates flagged", summary.near_duplicates, "claims", counts["claims"]),
        ("quotes", summary.quotes, "quotes", counts["quotes"]),
        ("events", summary.events, "events", counts["events"]),
        ("figures", summary.figures, "actors", counts["actors"]),
        ("errors / warnings", f"{summary.errors} / {summary.warnings}", "input problems", counts["ingest_errors"]),
        ("seconds", f"{summary.seconds:.1f}", "articles/s", f"{summary.rate:.1f}"),
    ]
    for row in rows:
        table.add_row(*(str(c) for c in row))
    out.print(table)
    if summary.processed == 0:
        fail("nothing could be processed; see the messages above", 1)


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    plover = "plover"


class CsvTable(str, Enum):
    articles = "articles"
    quotes = "quotes"
    events = "events"
    figures = "figures"
    mentions = "mentions"
    actors = "actors"
    claims = "claims"


@app.command()
def export(
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    table: Annotated[CsvTable, typer.Option("--table", help="With --format csv: which table.")] = CsvTable.articles,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    config: ConfigOption = None,
) -> None:
    """Export the store as JSON (the output contract), JSONL, CSV or PLOVER event records."""
    from .output.export import write_export
    from .store import open_store

    settings = _settings(config, db=db)
    try:
        with open_store(settings.db, readonly=True) as store:
            if output is None:
                write_export(store, sys.stdout, fmt.value, table.value)
            else:
                with output.open("w", encoding="utf-8", newline="") as fh:
                    write_export(store, fh, fmt.value, table.value)
                err.print(f"wrote {output}")
    except NewsprismError as exc:
        fail(str(exc))
    except BrokenPipeError:
        # The reader stopped early (| head): not an error. Silence the flush at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")


class ShowKind(str, Enum):
    article = "article"
    actor = "actor"
    story = "story"


@app.command()
def show(
    kind: Annotated[ShowKind, typer.Argument(help="What to show.")],
    ident: Annotated[str, typer.Argument(metavar="ID", help="Its id (a unique prefix is enough).")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Show one article, actor or story in the terminal."""
    from .output import views

    with _reading(config, db) as store:
        views.show(out, store, kind.value, ident)


@app.command("actors")
def actors_(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Show only the N most mentioned actors.")] = None,
    config: ConfigOption = None,
) -> None:
    """List the actors: type, country, sector, and how often, in how many articles and outlets."""
    from .output import views

    with _reading(config, db) as store:
        views.show_actors(out, store, limit=limit)


@app.command("events")
def events_(
    type_: Annotated[
        str | None, typer.Option("--type", "-t", help="Only this PLOVER category (e.g. ASSAULT).")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", "-a", help="Only events whose source or target is this actor (id or name)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only events on or after this date (YYYY[-MM[-DD]]).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many events (0: all).")] = 50,
    negated: Annotated[
        bool, typer.Option("--negated", help="Also show events the text says did not happen.")
    ] = False,
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """List the stored events (who did what to whom, when, where) in the terminal."""
    from .output.views import show_events

    with _reading(config, db) as store:
        shown = show_events(out, store, type=type_, actor=actor, since=since, limit=limit or None,
                            negated=negated)
    if shown == 0:
        err.print("no events match; try without --type, --actor or --since")


@app.command()
def report(
    db: DbOption = None,
    output: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("newsprism-report.html"),
    config: ConfigOption = None,
) -> None:
    """Write a static, self-contained HTML report of the store."""
    from .output.report import write_report
    from .store import open_store

    settings = _settings(config, db=db)
    try:
        with open_store(settings.db, readonly=True) as store:
            path = write_report(store, output)
    except NewsprismError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    out.print(f"report: {path.resolve()}")


@app.command()
def stories(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Show at most N stories.")] = None,
    config: ConfigOption = None,
) -> None:
    """List the stories: articles, outlets and how many claims agree, differ or only one outlet makes."""
    from .output.views import show_stories

    with _reading(config, db) as store:
        if not show_stories(out, store, limit):
            err.print("no stories yet; run 'newsprism analyze' first")


@app.command()
def compare(
    story_id: Annotated[str, typer.Argument(metavar="STORY_ID", help="The story (a unique id prefix is enough).")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Compare the outlets of one story side by side: claims that agree, differ or only one outlet makes,
    and each outlet's voices, actors, labels and tone."""
    from .output.views import show_compare

    with _reading(config, db) as store:
        show_compare(out, store, story_id)


@app.command("eval")
def eval_(
    name: Annotated[str, typer.Argument(help="quotes, actors, events, main-event, stories or sentiment.")],
    data: Annotated[
        Path | None, typer.Option("--data", help="Evaluation set folder [default: ../shared/evaldata/<set>].")
    ] = None,
    split: Annotated[str, typer.Option("--split", help="Which split of the set to score.")] = "dev",
    limit: Annotated[int | None, typer.Option("--limit", help="Score only the first N documents.")] = None,
    baseline: Annotated[
        Path | None, typer.Option("--check-baseline", help="Fail if a metric falls below its floor in this file.")
    ] = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="Skip slow optional parts (sentiment: training the optional model).")
    ] = False,
) -> None:
    """Score newsprism on an evaluation set: print a table, then one JSON line of the metrics."""
    from . import evaluate

    try:
        report_ = evaluate.run(name, data, split=split, limit=limit, quick=quick)
    except NewsprismError as exc:
        fail(str(exc))
    if report_.rows:
        table = Table(title=f"newsprism eval {name}", header_style="bold")
        for col in report_.columns:
            table.add_column(col, justify="left" if col == report_.columns[0] else "right")
        for row in report_.rows:
            table.add_row(*(f"{c:.3f}" if isinstance(c, float) else str(c) for c in row))
        err.print(table)
    for note in report_.notes:
        err.print(note)
    print(report_.to_json())
    if baseline is not None:
        failures = evaluate.check_baseline(report_, baseline)
        if failures:
            fail("; ".join(failures), 1)


@app.command()
def train(
    name: Annotated[str, typer.Argument(help="What to train: sentiment.")],
    data: Annotated[Path, typer.Option("--data", help="Training data: NewsMTSC-format JSONL (docs/stories.md).")],
    out: Annotated[Path, typer.Option("--out", help="Model file to write (.npz); point sentiment_model at it.")],
    limit: Annotated[int | None, typer.Option("--limit", help="Use only the first N lines.")] = None,
) -> None:
    """Train an optional model from your own labelled data (now: sentiment toward actors)."""
    from .link.sentiment_model import train as train_sentiment

    if name != "sentiment":
        fail(f"cannot train {name!r}; the trainable model is: sentiment")
    try:
        _, n = train_sentiment(data, out, limit=limit)
    except NewsprismError as exc:
        fail(str(exc))
    err.print(f"trained on {n} targets → {out}; set sentiment_model = \"{out}\" to use it")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    config: ConfigOption = None,
) -> None:
    """Serve the web pages and the JSON API (OpenAPI at /docs) over the store."""
    from .web import serve as run_server

    settings = _settings(config, db=db)
    try:
        run_server(settings.db, host=host, port=port, settings=settings, announce=err.print)
    except NewsprismError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another --port or --host")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
