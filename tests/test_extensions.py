"""The dicts the components leave on a Doc are the records' own ``to_dict`` (built faster), and come
back as the same records."""

from __future__ import annotations

from pathlib import Path

from newsprism.nlp.extensions import KINDS, _plain, get_records
from newsprism.records import Actor, Event, Quote, SpanRef

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


def test_plain_equals_to_dict_for_nested_records():
    ref = SpanRef("Ilse Varga", 4, 14, actor_id="act_1", refers_to=(0, 3))
    records = [
        Quote("We will rebuild the quay", 20, 44, "direct", cue="said", speaker=ref),
        Event("CONSULT", "met", 0, 60, source=ref, target=None, reporter=ref, trigger_start=15, trigger_end=18),
        Actor(id="act_1", name="Ilse Varga", type="PERSON", aliases=("Varga", "Ms Varga"), roles=("mayor",)),
    ]
    for record in records:
        plain = _plain(record)
        assert plain == record.to_dict()
        assert type(record).from_dict(plain) == record
    assert type(_plain(records[0])["speaker"]["refers_to"]) is tuple


def test_components_leave_to_dict_output(nlp):
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))[:4]]
    assert texts
    seen = 0
    for doc in nlp.pipe(texts):
        for kind in KINDS:
            records = get_records(doc, kind)
            assert doc.user_data.get(("newsprism", kind), []) == [r.to_dict() for r in records]
            seen += len(records)
    assert seen > 20
