"""A store for the web tests: the sample corpus plus one hostile article written straight into the store."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from newsprism.records import (
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
from newsprism.store import open_store

HOSTILE_ID = "bad0bad0bad0bad0"
HOSTILE_STORY = "sty_hostile00001"
HOSTILE_ACTOR = "act_hostile00001"
HOSTILE_TARGET = "act_hostile00002"
HOSTILE_OUTLET = "<svg onload=\"alert('outlet')\">Evil Gazette"
HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert("title")>'
HOSTILE_TEXT = (
    'Minister <script>alert("text")</script> Hostile said "<img src=x onerror=alert(2)> we will go on" '
    'at <a href="javascript:alert(5)">the quay</a> on Monday.\n\n'
    '<b onmouseover="alert(7)">Hover here</b> or visit javascript:alert(6) for the "details".'
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def add_hostile_article(db: Path) -> None:
    """An article whose every field tries to inject markup, with an actor, quote, event, story and claim."""
    text = HOSTILE_TEXT
    quote = "<img src=x onerror=alert(2)> we will go on"
    qs, qe = _span(text, quote)
    ss, se = _span(text, 'Minister <script>alert("text")</script> Hostile')
    ts, te = _span(text, '<a href="javascript:alert(5)">the quay</a>')
    article = Article(
        id=HOSTILE_ID,
        path="hostile.txt",
        text=text,
        title=HOSTILE_TITLE,
        outlet=HOSTILE_OUTLET,
        url="javascript:alert(document.cookie)",
        published="2026-04-05",
        author='"><script>x</script>',
    )
    speaker = SpanRef(text=text[ss:se], start=ss, end=se, actor_id=HOSTILE_ACTOR)
    target = SpanRef(text=text[ts:te], start=ts, end=te, actor_id=HOSTILE_TARGET)
    first_sentence_end = text.index("\n\n")
    analysis = Analysis(
        article=article,
        sentences=(Sentence(0, first_sentence_end), Sentence(first_sentence_end + 2, len(text))),
        mentions=(
            Mention(text=text[ss:se], start=ss, end=se, label="PERSON", actor_id=HOSTILE_ACTOR),
            Mention(text=text[ts:te], start=ts, end=te, label="ORG", actor_id=HOSTILE_TARGET),
        ),
        quotes=(Quote(text=quote, start=qs, end=qe, kind="direct", cue="said", speaker=speaker),),
        events=(
            Event(
                type="ACCUSE",
                trigger="said",
                start=0,
                end=first_sentence_end,
                source=speaker,
                target=target,
                location='<iframe src="javascript:alert(8)">',
                date="2026-04-05",
            ),
        ),
    )
    actors = [
        Actor(
            id=HOSTILE_ACTOR,
            name='<script>alert("actor")</script> Hostile',
            type="PERSON",
            country="XSS",
            sector='<img src=x onerror=alert("sector")>',
            aliases=("<img src=x onerror=alert('alias')>",),
        ),
        Actor(id=HOSTILE_TARGET, name='"><svg onload=alert(3)> Quay Board', type="ORG"),
    ]
    with open_store(db) as store:
        with store.transaction():
            store.add_analysis(analysis, actors)
            store.save_story(HOSTILE_STORY, HOSTILE_TITLE, [HOSTILE_ID], [], "2026-04-05", "2026-04-05")
            store.replace_claims(
                HOSTILE_STORY,
                [
                    Claim(
                        id="clm_hostile01",
                        relation="differ",
                        note='<script>alert("note")</script>',
                        mentions=(ClaimMention(article_id=HOSTILE_ID, start=qs, end=qe, text=quote),),
                    ),
                ],
            )


def web_store(corpus_db: Path, dest: Path) -> Path:
    """A writable copy of the analysed sample corpus with the hostile article added."""
    db = dest / "web.db"
    shutil.copy(corpus_db, db)
    add_hostile_article(db)
    return db


class Markup(HTMLParser):
    """Collects what a browser would treat as markup: tags, attributes and link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """Every script tag, event-handler attribute and javascript:/data: link in a page (should be none)."""
    parser = Markup()
    parser.feed(html)
    problems = [f"<{t}>" for t in parser.tags if t in ("script", "iframe", "object", "embed", "base")]
    for tag, name, value in parser.attrs:
        if name.startswith("on"):
            problems.append(f"<{tag} {name}=...>")
        if name in ("href", "src", "action", "formaction", "xlink:href") and value:
            scheme = value.strip().lower().replace("\t", "").replace("\n", "")
            if scheme.startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"<{tag} {name}={value!r}>")
    return problems


def copy_store(source: Path, dest: str) -> None:
    """Everything the web app shows, copied from the SQLite store ``source`` into the store ``dest`` through
    the store API (articles in their stored order, actors, stories, claims), so both answer alike."""
    with open_store(source, readonly=True) as src, open_store(dest) as dst:
        with dst.transaction():
            dst.upsert_actors(list(src.actors()))
            for aid in src.article_ids():
                dst.add_analysis(src.analysis(aid), [])
            for story in src.stories():
                first, last = src.story_span(story.id)
                dst.save_story(story.id, story.title, list(story.article_ids), [], first, last)
                dst.replace_claims(story.id, story.claims)
