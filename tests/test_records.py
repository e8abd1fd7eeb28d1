from newsprism.records import Claim, ClaimMention, Event, Quote, SpanRef


def test_quote_round_trips_through_plain_dicts():
    q = Quote(text="a firm response", start=10, end=25, kind="partial", cue="promised",
              speaker=SpanRef(text="he", start=0, end=2, actor_id="act_1", refers_to=(40, 50)))
    back = Quote.from_dict(q.to_dict())
    assert back == q
    assert isinstance(back.speaker, SpanRef)


def test_event_round_trip_keeps_missing_target_none():
    e = Event(type="ASSAULT", trigger="shelled", start=0, end=30, source=SpanRef("army", 0, 4))
    assert Event.from_dict(e.to_dict()) == e


def test_claim_round_trip_with_mentions():
    c = Claim(id="c", relation="differ", note="n", mentions=(ClaimMention("a", 1, 3, "40"),))
    assert Claim.from_dict(c.to_dict()) == c


def test_from_dict_ignores_unknown_keys():
    assert SpanRef.from_dict({"text": "x", "start": 0, "end": 1, "extra": 5}) == SpanRef("x", 0, 1)
