"""Terminal views for ``newsprism show``: Rich tables built from the store."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import NotFound
from ..store import SQLiteStore

_RELATION_STYLE = {"agree": "green", "differ": "red", "single": "yellow"}


def show(console: Console, store: SQLiteStore, kind: str, ident: str) -> None:
    if kind == "article":
        show_article(console, store, ident)
    elif kind == "actor":
        show_actor(console, store, ident)
    elif kind == "story":
        show_story(console, store, ident)
    else:
        raise NotFound(f"unknown kind {kind!r}; use article, actor or story")


def show_article(console: Console, store: SQLiteStore, ident: str) -> None:
    a = store.analysis(store.article(ident).id)
    art = a.article
    console.print(f"[bold]{escape(art.title or '(untitled)')}[/]")
    console.print(f"{escape(art.outlet or '(unknown outlet)')} · {art.published or 'undated'} · {escape(art.path)}")
    console.print(f"id {art.id} · story {store.story_of(art.id) or '-'} · {len(art.text)} characters")
    dup = store.near_duplicate_of(art.id)
    if dup:
        console.print(f"[yellow]near copy of {dup}[/]")
    quotes = Table(title="quotes", show_lines=False)
    for col in ("kind", "speaker", "cue", "text"):
        quotes.add_column(col)
    for q in a.quotes:
        quotes.add_row(q.kind, escape(q.speaker.text) if q.speaker else "—", escape(q.cue or ""), escape(q.text))
    console.print(quotes)
    events = Table(title="events")
    for col in ("type", "source", "target", "trigger", "flags"):
        events.add_column(col)
    for e in a.events:
        flags = " ".join(f for f, on in (("negated", e.negated), ("hypothetical", e.hypothetical)) if on)
        events.add_row(e.type, escape(e.source.text) if e.source else "—", escape(e.target.text) if e.target else "—",
                       escape(e.trigger), flags)
    console.print(events)
    figures = Table(title="figures")
    for col in ("text", "value", "unit", "about"):
        figures.add_column(col)
    for f in a.figures:
        figures.add_row(escape(f.text), f"{f.value:g}" if f.value is not None else "", f.unit or "", f.about or "")
    console.print(figures)


def show_actors(console: Console, store: SQLiteStore, *, limit: int | None = None) -> None:
    rows = store.actor_table()
    # A compact table: it must stay readable in an 80-column terminal.
    table = Table(title=f"actors ({len(rows)})", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
                  padding=(0, 1))
    for col in ("actor", "type", "country", "sector", "mentions", "articles", "outlets", "id"):
        table.add_column(col, justify="right" if col in {"mentions", "articles", "outlets"} else "left",
                         no_wrap=col != "actor", overflow="fold", min_width=16 if col == "actor" else None)
    for r in rows[:limit] if limit else rows:
        # ten characters of the id are a prefix 'newsprism show actor' accepts
        table.add_row(escape(r["name"]), r["type"], r["country"] or "-", r["sector"] or "-", str(r["mentions"]),
                      str(r["articles"]), str(r["outlets"]), r["id"][:10])
    console.print(table)


def show_actor(console: Console, store: SQLiteStore, ident: str) -> None:
    actor = store.actor(ident)
    stats = store.actor_stats(actor.id)
    console.print(f"[bold]{escape(actor.name)}[/] ({actor.type}) · id {actor.id}")
    console.print(f"country {actor.country or '-'} · sector {actor.sector or '-'}")
    console.print(f"{stats['mentions']} mentions in {stats['articles']} articles from {stats['outlets']} outlets")
    console.print("aliases: " + escape(", ".join(actor.aliases)))
    console.print("roles: " + (escape(", ".join(actor.roles)) or "-"))
    table = Table(title="quotes by this actor")
    table.add_column("article")
    table.add_column("kind")
    table.add_column("text")
    for article_id, q in store.quotes_by(actor.id):
        table.add_row(article_id, q.kind, escape(q.text))
    console.print(table)
    events = Table(title="events with this actor")
    for col in ("article", "as", "type", "source", "target", "trigger"):
        events.add_column(col)
    for article_id, side, e in store.events_of(actor.id):
        events.add_row(article_id, side, e.type, escape(e.source.text) if e.source else "—",
                       escape(e.target.text) if e.target else "—", escape(e.trigger))
    console.print(events)


def show_story(console: Console, store: SQLiteStore, ident: str) -> None:
    story = store.story(ident)
    console.print(f"[bold]{escape(story.title)}[/] · id {story.id}")
    arts = Table(title="articles")
    for col in ("id", "outlet", "published", "title"):
        arts.add_column(col)
    for aid in story.article_ids:
        art = store.article(aid)
        arts.add_row(aid, escape(art.outlet or "-"), art.published or "-", escape(art.title or "-"))
    console.print(arts)
    claims = Table(title="claims", show_lines=True)
    claims.add_column("relation")
    claims.add_column("note")
    claims.add_column("where")
    for c in story.claims:
        style = _RELATION_STYLE.get(c.relation, "")
        where = "\n".join(f"{store.article(m.article_id).outlet or m.article_id}: {m.text}" for m in c.mentions)
        claims.add_row(f"[{style}]{c.relation}[/]", escape(c.note), escape(where))
    console.print(claims)


def show_events(console: Console, store: SQLiteStore, *, type: str | None = None, actor: str | None = None,
                since: str | None = None, limit: int | None = 50, negated: bool = False) -> int:
    """``newsprism events``: one row per event, oldest first; returns how many were shown."""
    import datetime as dt

    from ..errors import ConfigError
    from ..records import PLOVER_CATEGORIES
    from .export import event_row

    if type is not None and type.upper() not in PLOVER_CATEGORIES:
        raise ConfigError(f"--type {type!r} is not a PLOVER category; choose one of {', '.join(PLOVER_CATEGORIES)}")
    if since is not None:
        try:
            dt.date.fromisoformat(since[:10] if len(since) >= 10 else f"{since}-01-01"[:10])
        except ValueError:
            raise ConfigError(f"--since {since!r} is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD") from None
    table = Table(title="events", show_lines=False)
    for col in ("date", "type", "mode", "source", "target", "where", "trigger", "outlet"):
        table.add_column(col)
    shown = 0
    for article, event in store.events(type=type, actor=actor, since=since, negated=negated, limit=limit):
        row = event_row(article, event)

        def who(role: str, row: dict = row) -> str:
            text = row[f"{role}_text"]
            if text is None:
                return "—"
            code = "/".join(c for c in (row[f"{role}_country"], row[f"{role}_sector"]) if c)
            return escape(text) + (f" [dim]{code}[/]" if code else "")

        flags = "".join(f for f, on in ((" ✗", event.negated), (" ?", event.hypothetical), (" →", event.future)) if on)
        table.add_row(event.date or f"[dim]{(article.published or '')[:10]}[/]", event.type + flags,
                      event.mode or "", who("source"), who("target"), escape(event.location or ""),
                      escape(event.trigger), escape(article.outlet or ""))
        shown += 1
    console.print(table)
    console.print("[dim]✗ did not happen · ? hypothetical · → announced; "
                  "an undated event shows its article's date, dimmed[/]")
    return shown
def show_stories(console: Console, store: SQLiteStore, limit: int | None = None) -> int:
    """One line a story: id, title, articles, outlets and how many claims agree, differ or stand alone."""
    table = Table(title="stories", header_style="bold")
    for col in ("id", "first", "title", "articles", "outlets", "agree", "differ", "single"):
        table.add_column(col, justify="right" if col in {"articles", "outlets", "agree", "differ", "single"}
                         else "left")
    shown = 0
    for story in store.stories():
        if limit is not None and shown >= limit:
            break
        outlets = {store.article(aid).outlet or aid for aid in story.article_ids}
        relations = {r: sum(c.relation == r for c in story.claims) for r in ("agree", "differ", "single")}
        first = store.story_span(story.id)[0] or "-"
        table.add_row(story.id, first[:10], escape(story.title), str(len(story.article_ids)),
                      str(len(outlets)),
                      f"[green]{relations['agree']}[/]", f"[red]{relations['differ']}[/]",
                      f"[yellow]{relations['single']}[/]")
        shown += 1
    console.print(table)
    return shown


def show_compare(console: Console, store: SQLiteStore, ident: str) -> None:
    """A story side by side: each claim with every outlet's own words, then each outlet's coverage."""
    from ..link.coverage import compare_stored

    cmp = compare_stored(store, ident)
    outlets = [o.outlet for o in cmp.outlets]
    console.print(f"[bold]{escape(cmp.story.title)}[/] · id {cmp.story.id} · "
                  f"{len(cmp.story.article_ids)} articles from {len(outlets)} outlets")
    for relation in ("differ", "single", "agree"):
        claims = cmp.claims(relation)
        if not claims:
            continue
        style = _RELATION_STYLE[relation]
        table = Table(title=f"[{style}]{relation}[/] ({len(claims)})", show_lines=True, header_style="bold",
                      expand=True)
        table.add_column("claim", ratio=2)
        for outlet in outlets:
            table.add_column(escape(outlet), ratio=2)
        for c in claims:
            cells = cmp.by_outlet.get(c.id, {})
            table.add_row(escape(c.note), *(escape(cells.get(o, "—")) for o in outlets))
        console.print(table)
    cover = Table(title="coverage by outlet", show_lines=True, header_style="bold", expand=True)
    cover.add_column("", style="bold")
    for outlet in outlets:
        cover.add_column(escape(outlet))
    cover.add_row("only here", *(str(len(o.exclusive)) + " claims" for o in cmp.outlets))
    cover.add_row("voices", *("\n".join(f"{escape(s)} ×{n}" for s, n in o.voices) or "—"
                              for o in cmp.outlets))
    cover.add_row("actors (prominence)", *(
        "\n".join(f"{escape(a.name)} {a.prominence:.0%}" for a in o.actors[:6]) or "—" for o in cmp.outlets))
    cover.add_row("labels", *(
        "\n".join(f"{escape(a.name)}: {escape(', '.join(a.labels))}" for a in o.actors if a.labels) or "—"
        for o in cmp.outlets))
    cover.add_row("tone toward", *(
        "\n".join(f"{escape(a.name)}: {a.tone} ({a.sentiment:+.2f})" for a in o.actors[:6]
                  if a.tone != "neutral") or "all neutral" for o in cmp.outlets))
    console.print(cover)
