"""Readers: every format, every encoding, every bad input gives an article or one clear error."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from newsprism.config import Settings
from newsprism.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputWarning,
    MalformedInput,
    MissingPath,
    TooLarge,
    UnknownFormat,
)
from newsprism.ingest import iter_inputs
from newsprism.ingest.normalise import article_id, clean_text, decode
from newsprism.ingest.text import split_front_matter
from newsprism.records import Article

BODY = "The harbour council of Velmora voted on Monday to reopen the northern quay.\n\nIt said the work would take a year."


def read(paths, settings=None, mapping=None):
    items = [item for item, _ in iter_inputs([str(p) for p in paths], settings or Settings(), mapping)]
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def test_text_with_front_matter(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"---\ntitle: Quay to reopen\noutlet: Velmora Post\nurl: https://post.example/q\n"
                 f"published: 2026-02-03\nauthor: Ana Brek\n---\n{BODY}\n", encoding="utf-8")
    (art,), errs = read([f])
    assert not errs
    assert (art.title, art.outlet, art.url, art.published, art.author) == (
        "Quay to reopen", "Velmora Post", "https://post.example/q", "2026-02-03", "Ana Brek")
    assert art.text == BODY and art.path == str(f)


def test_front_matter_with_colon_in_title_is_still_read(tmp_path):
    f = tmp_path / "a.md"
    f.write_text(f"---\ntitle: Quay: a year of work\noutlet: Post\n---\n{BODY}", encoding="utf-8")
    (art,), errs = read([f])
    assert art.title == "Quay: a year of work" and not errs


def test_broken_front_matter_warns_and_keeps_body(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"---\ntitle: [unclosed\n  - x: {{\n---\n{BODY}", encoding="utf-8")
    (art,), errs = read([f])
    assert art.text == BODY
    assert len(errs) == 1 and isinstance(errs[0], InputWarning) and "front matter" in errs[0].message


def test_no_front_matter(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text(BODY, encoding="utf-8")
    (art,), _ = read([f])
    assert art.title is None and art.text == BODY


def test_split_front_matter_only_at_top():
    assert split_front_matter("text\n---\nmore")[0] is None
    assert split_front_matter("---\na: 1\n---\nbody") == ("a: 1", "body")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_bom_encodings(tmp_path, encoding):
    data = BODY.replace("harbour", "harbøur")
    raw = data.encode(encoding)
    if encoding == "utf-16-le":
        raw = codecs.BOM_UTF16_LE + raw
    if encoding == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    f = tmp_path / "bom.txt"
    f.write_bytes(raw)
    (art,), errs = read([f])
    assert "harbøur" in art.text and not errs


def test_legacy_encoding_is_detected_with_a_warning(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes(("Le ministre a déclaré que la réforme était très avancée, "
                   "après des années de débats à l'Assemblée. " * 5).encode("cp1252"))
    (art,), errs = read([f])
    assert "déclaré" in art.text
    assert len(errs) == 1 and isinstance(errs[0], InputWarning) and "not valid UTF-8" in str(errs[0])


def test_decode_never_returns_utf8_for_invalid_bytes():
    text, warning = decode("Grüße aus Köln, sagte die Bürgermeisterin.".encode("latin-1"), "x")
    assert warning is not None and "Köln" in text


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("empty.txt", b"", EmptyInput),
        ("blank.txt", b"   \n\n \t ", EmptyInput),
        ("binary.txt", bytes(range(256)) * 10, BinaryInput),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, UnknownFormat),
        ("nobody.html", b"<html><head><title>Nothing</title></head></html>", EmptyInput),
        ("only-nav.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", EmptyInput),
        ("front-only.txt", b"---\ntitle: x\n---\n", EmptyInput),
    ],
)
def test_bad_inputs_give_one_clear_error(tmp_path, name, content, error):
    f = tmp_path / name
    f.write_bytes(content)
    arts, errs = read([f])
    assert arts == []
    assert len(errs) == 1 and isinstance(errs[0], error)
    assert name in str(errs[0])  # the message says which file


def test_missing_path(tmp_path):
    arts, errs = read([tmp_path / "nope.txt"])
    assert arts == [] and isinstance(errs[0], MissingPath) and "does not exist" in str(errs[0])


def test_too_large_file_is_refused_without_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # a 50 MB file
    arts, errs = read([f])
    assert arts == [] and isinstance(errs[0], TooLarge) and "50.0 MiB" in str(errs[0])


def test_overlong_text_is_cut_with_a_warning(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text(("word " * 20 + "\n") * 200)
    (art,), errs = read([f], Settings(max_text_chars=5000))
    assert len(art.text) <= 5000
    assert isinstance(errs[0], InputWarning) and "only the first" in str(errs[0])


def test_html_body_and_metadata(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        """<!doctype html><html><head><title>Quay vote | Velmora Post</title>
        <meta property="og:site_name" content="Velmora Post">
        <meta property="og:title" content="Quay vote">
        <meta name="author" content="Ana Brek">
        <meta property="article:published_time" content="2026-02-03T10:00:00Z"></head>
        <body><nav><a href="/">Home</a> <a href="/x">Sport</a></nav><article><h1>Quay vote</h1>
        <p>The harbour council of Velmora voted on Monday to reopen the northern quay after two years.</p>
        <p>Council leader Mira Tann said the work would take a year and cost the city a great deal.</p>
        </article><footer>Copyright Velmora Post</footer></body></html>""",
        encoding="utf-8",
    )
    (art,), errs = read([f])
    assert art.title == "Quay vote" and art.outlet == "Velmora Post" and art.author == "Ana Brek"
    assert art.published.startswith("2026-02-03")
    assert art.text.startswith("The harbour council")
    assert "Sport" not in art.text and "Copyright" not in art.text


def test_jsonl_broken_line_does_not_stop_the_file(tmp_path):
    f = tmp_path / "dump.jsonl"
    good = {"title": "A", "text": BODY, "source": "Post", "date": "2026-01-01"}
    f.write_text(
        json.dumps(good) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n[1, 2]\n\n"
        + json.dumps({**good, "text": BODY + " Second."}) + "\n",
        encoding="utf-8",
    )
    arts, errs = read([f])
    assert [a.path for a in arts] == [f"{f}#1", f"{f}#6"]
    assert arts[0].outlet == "Post" and arts[0].published == "2026-01-01"
    assert [type(e) for e in errs] == [MalformedInput] * 3
    assert f"{f}#2" in str(errs[0]) and "not valid JSON" in str(errs[0])
    assert "--field text=" in str(errs[1])


def test_jsonl_field_mapping(tmp_path):
    f = tmp_path / "dump.jsonl"
    f.write_text(json.dumps({"story_body": BODY, "paper": "Post"}) + "\n")
    (art,), _ = read([f], mapping={"text": "story_body", "outlet": "paper"})
    assert art.text == BODY and art.outlet == "Post"


def test_csv(tmp_path):
    f = tmp_path / "dump.csv"
    f.write_text('title,text,outlet\n"One","' + BODY + '","Post"\n"Two","",""\n', encoding="utf-8")
    arts, errs = read([f])
    assert [a.title for a in arts] == ["One"] and arts[0].text == BODY
    assert len(errs) == 1 and "#3" in str(errs[0])


def test_feed_entries_with_full_content(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(
        """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Velmora Post</title>
        <entry><title>Quay vote</title><link href="https://post.example/q"/><updated>2026-02-03T10:00:00Z</updated>
        <author><name>Ana Brek</name></author>
        <content type="html">&lt;p&gt;The council voted.&lt;/p&gt;&lt;p&gt;Work starts in May.&lt;/p&gt;</content></entry>
        <entry><title>Empty</title><content type="html"></content></entry></feed>""",
        encoding="utf-8",
    )
    arts, errs = read([f])
    assert len(arts) == 1
    a = arts[0]
    assert (a.title, a.outlet, a.url, a.author) == ("Quay vote", "Velmora Post", "https://post.example/q", "Ana Brek")
    assert a.text == "The council voted.\n\nWork starts in May."
    assert a.published == "2026-02-03T10:00:00Z" and a.path == f"{f}#1"
    assert len(errs) == 1 and isinstance(errs[0], EmptyInput)


def test_malformed_feed(tmp_path):
    f = tmp_path / "feed.rss"
    f.write_text("<rss><channel><item><title>x</ti")
    arts, errs = read([f])
    assert arts == [] and len(errs) == 1


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a.txt").write_text(BODY + " A")
    (tmp_path / "b" / "c" / "d.txt").write_text(BODY + " D")
    (tmp_path / ".hidden.txt").write_text(BODY + " H")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    arts, errs = read([tmp_path])
    assert [Path(a.path).name for a in arts] == ["a.txt", "d.txt"] and not errs


def test_empty_folder(tmp_path):
    arts, errs = read([tmp_path])
    assert arts == [] and isinstance(errs[0], EmptyInput)


def test_article_id_ignores_case_and_spacing():
    assert article_id("The  Council voted.\n") == article_id("the council voted.")
    assert article_id("The council voted.") != article_id("The council voted!")


def test_clean_text_normalises():
    assert clean_text("a\r\nb\x00c\u200b\n\n\n\nd  \n") == "a\nbc\u200b\n\nd"


def test_html_that_trips_lxml_in_the_metadata_is_one_clear_error():
    """htmldate, looking for the page's date, hits an assertion inside lxml on this tree (found by fuzzing)."""
    from newsprism.errors import InputError
    from newsprism.ingest.html import read_html

    with pytest.raises(InputError, match="no article body"):
        read_html("<svg><p><p>", "x.html", max_chars=10_000, warnings=[])


def _near_copies(count: int, seed: int) -> list[tuple[str, str]]:
    """(id, text) pairs: originals of random words, and copies of them with a share of words changed."""
    import random

    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    texts: list[tuple[str, str]] = []
    for i in range(count):
        if texts and rng.random() < 0.5:
            words = rng.choice(texts)[1].split()
            for _ in range(int(len(words) * rng.choice([0.0, 0.005, 0.01, 0.02, 0.04, 0.08]))):
                words[rng.randrange(len(words))] = rng.choice(vocab)
        else:
            words = [rng.choice(vocab) for _ in range(rng.randint(60, 300))]
        texts.append((f"{i:016x}", " ".join(words)))
    return texts


def test_compact_near_duplicate_index_flags_what_the_datasketch_index_flags():
    import numpy as np
    from near_reference import ReferenceIndex

    from newsprism.ingest.dedup import NearDuplicateIndex, signature

    class Small(NearDuplicateIndex):
        _BLOCK = 5  # several storage blocks and many merges of the buffer on a small corpus
        _BUFFER = 7

    compact, reference = Small(0.8), ReferenceIndex(0.8)
    flagged = 0
    for aid, text in _near_copies(400, seed=3):
        sig = signature(text)
        got, want = compact.query(sig), reference.query(sig)
        assert got == want, aid
        flagged += got is not None
        compact.add(aid, sig)
        reference.add(aid, sig)
        compact.add(aid, np.array(sig))  # the same article again is no second entry
    assert len(compact) == 400
    assert 20 < flagged < 380  # both outcomes occur, so the agreement means something


def test_minhash_signature_is_datasketchs():
    """The signature is computed without datasketch, but must be the one datasketch computes (signatures
    stored by earlier runs are compared with new ones)."""
    import numpy as np
    from datasketch import MinHash

    from newsprism.ingest.dedup import _WORD, NUM_PERM, SCHEME, SHINGLE, signature

    texts = [t for _, t in _near_copies(60, seed=5)]
    texts += ["", "one", "two words here", "Ünïcode wörds, all five of them — and more: 42 % of it", "a " * 4]
    for text in texts:
        words = _WORD.findall(text.casefold())
        shingles = ({" ".join(words)} if len(words) < SHINGLE
                    else {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)})
        reference = MinHash(num_perm=NUM_PERM, seed=7, scheme=SCHEME)
        reference.update_batch([s.encode("utf-8") for s in shingles])
        ours = signature(text)
        assert ours.dtype == np.uint64
        np.testing.assert_array_equal(ours, np.asarray(reference.hashvalues, dtype=np.uint64))


def test_lsh_bands_are_datasketchs():
    from datasketch import MinHashLSH

    from newsprism.ingest.dedup import NUM_PERM, lsh_bands

    checked = 0
    for step in range(10, 96):
        threshold = step / 100
        try:
            lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        except ValueError:  # datasketch refuses a single band (thresholds near 1)
            continue
        assert lsh_bands(threshold) == (lsh.b, lsh.r), threshold
        checked += 1
    assert checked > 50
    assert lsh_bands(0.5, 16) == (lambda lsh: (lsh.b, lsh.r))(MinHashLSH(threshold=0.5, num_perm=16))
