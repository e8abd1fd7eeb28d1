"""The versioned schema. Each migration moves the database from version N-1 to N; never edit a shipped one.

SQLite keeps the version in ``PRAGMA user_version``. A database from a newer newsprism is refused rather
than guessed at.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE outlets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        title TEXT,
        outlet_id INTEGER REFERENCES outlets(id),
        url TEXT,
        published TEXT,
        author TEXT,
        source_format TEXT NOT NULL,
        text TEXT NOT NULL,
        near_duplicate_of TEXT,
        minhash BLOB,
        added_at TEXT NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet_id);
    CREATE INDEX articles_published ON articles(published);
    -- every input that carried an article's text: the first one and its exact duplicates
    CREATE TABLE article_sources (
        path TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        outlet TEXT,
        url TEXT,
        title TEXT,
        added_at TEXT NOT NULL
    );
    CREATE INDEX article_sources_article ON article_sources(article_id);
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        country TEXT,
        sector TEXT
    );
    CREATE TABLE actor_aliases (
        actor_id TEXT NOT NULL REFERENCES actors(id),
        alias TEXT NOT NULL,
        PRIMARY KEY (actor_id, alias)
    ) WITHOUT ROWID;
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        actor_id TEXT REFERENCES actors(id)
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_actor ON mentions(actor_id);
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL,
        cue TEXT,
        speaker_text TEXT,
        speaker_start INTEGER,
        speaker_end INTEGER,
        speaker_actor_id TEXT REFERENCES actors(id)
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_actor_id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        type TEXT NOT NULL,
        mode TEXT,
        negated INTEGER NOT NULL,
        hypothetical INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        source_text TEXT, source_start INTEGER, source_end INTEGER, source_actor_id TEXT,
        target_text TEXT, target_start INTEGER, target_end INTEGER, target_actor_id TEXT,
        location TEXT,
        date TEXT,
        context TEXT,
        future INTEGER NOT NULL DEFAULT 0,
        reporter_text TEXT, reporter_start INTEGER, reporter_end INTEGER, reporter_actor_id TEXT,
        trigger_start INTEGER, trigger_end INTEGER,
        source_refers_start INTEGER, source_refers_end INTEGER,
        target_refers_start INTEGER, target_refers_end INTEGER
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_date ON events(date);
    CREATE TABLE figures (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value REAL,
        unit TEXT,
        about TEXT
    );
    CREATE INDEX figures_article ON figures(article_id);
    CREATE TABLE dates (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        precision TEXT
    );
    CREATE INDEX dates_article ON dates(article_id);
    -- the features story linking compares; kept so that a new article is linked without re-reading others
    CREATE TABLE article_features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        features TEXT NOT NULL
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        first_published TEXT,
        last_published TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT NOT NULL REFERENCES stories(id)
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);
    CREATE TABLE story_terms (
        term TEXT NOT NULL,
        story_id TEXT NOT NULL REFERENCES stories(id),
        PRIMARY KEY (term, story_id)
    ) WITHOUT ROWID;
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id),
        relation TEXT NOT NULL,
        note TEXT NOT NULL
    );
    CREATE INDEX claims_story ON claims(story_id);
    CREATE TABLE claim_mentions (
        claim_id TEXT NOT NULL REFERENCES claims(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX claim_mentions_claim ON claim_mentions(claim_id);
    CREATE TABLE ingest_errors (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        level TEXT NOT NULL,
        message TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        UNIQUE (path, code, message)
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, title, text);
    -- web: an actor's events as source or target, the story list (latest first) and an outlet's articles
    -- (newest first), read from indexes rather than by scanning the tables
    CREATE INDEX events_source_actor ON events(source_actor_id);
    CREATE INDEX events_target_actor ON events(target_actor_id);
    CREATE INDEX stories_last_published ON stories(last_published, id);
    CREATE INDEX articles_outlet_published ON articles(outlet_id, published);
    -- titles and offices an actor was named with ("president", "former prime minister")
    CREATE TABLE actor_roles (
        actor_id TEXT NOT NULL REFERENCES actors(id),
        role TEXT NOT NULL,
        PRIMARY KEY (actor_id, role)
    ) WITHOUT ROWID;
    -- the main event of an article as 5W1H phrases (extract/main_event.py)
    CREATE TABLE main_events (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        who TEXT, what TEXT, "when" TEXT, "where" TEXT, why TEXT, how TEXT,
        date TEXT, type TEXT, start INTEGER, "end" INTEGER
    );
    -- story linking: each article's sentence embedding (float16, unit length), computed once
    CREATE TABLE article_embeddings (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        model TEXT NOT NULL,
        vector BLOB NOT NULL
    );
    -- story linking: what the linker keeps of a story (summed embedding and features), so a new article
    -- is scored against it without reading the members
    CREATE TABLE story_state (
        story_id TEXT PRIMARY KEY REFERENCES stories(id),
        size INTEGER NOT NULL,
        vector BLOB,
        features TEXT NOT NULL
    );
    -- story linking: in how many linked articles each feature occurs (inverse document frequency)
    CREATE TABLE feature_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    -- what an article calls an actor: appositions (*Varga, a reformer*) and predicates (*Varga is a hardliner*)
    CREATE TABLE actor_labels (
        id INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id),
        actor_text TEXT NOT NULL,
        actor_start INTEGER NOT NULL,
        actor_end INTEGER NOT NULL,
        actor_id TEXT,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL
    );
    CREATE INDEX actor_labels_article ON actor_labels(article_id);
    CREATE INDEX actor_labels_actor ON actor_labels(actor_id);
    -- stories whose title and claims still have to be recomputed: written in the transaction that links
    -- articles to them and cleared in the one that refreshes them, so a run killed in between resumes
    CREATE TABLE stories_pending (
        story_id TEXT PRIMARY KEY
    );
    """,
    # 2: web speed. A filtered search joins each full-text match to its article through the FTS rowid kept
    # on the article (reading ``articles_fts.article_id`` reads the whole stored text of the match), and
    # each story keeps its size, so "stories covered at least twice" is read from an index, not counted.
    """
    ALTER TABLE articles ADD COLUMN fts_rowid INTEGER;
    UPDATE articles SET fts_rowid = f.rowid FROM articles_fts f WHERE f.article_id = articles.id;
    CREATE INDEX articles_fts_rowid ON articles(fts_rowid, outlet_id, published, id);
    ALTER TABLE stories ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
    UPDATE stories SET size = (SELECT count(*) FROM story_articles WHERE story_id = stories.id);
    CREATE INDEX stories_recent_size ON stories(last_published DESC, id, size);
    """,
    # 3: actor pages. An actor's counts and timeline join its mentions to their articles for the outlet and
    # the day; an article row holds its whole text, so each join read a wide row per mention. These
    # covering indexes answer both from the index alone.
    """
    CREATE INDEX mentions_actor_article ON mentions(actor_id, article_id);
    CREATE INDEX articles_id_outlet_published ON articles(id, outlet_id, published);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
