"""Quotations and speakers: kinds, quote marks, speakers and actor ids, on text parsed by the real model.

Every sentence here is fiction written for these tests. Each case lists the quotes it must produce as
``(kind, quoted text, speaker text)``; a speaker of ``None`` means the quote must have none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.evaluate import default_data_root
from newsprism.evaluate import quotes as quote_eval
from newsprism.extract import scan_quote_marks
from newsprism.extract.quotes import quotes as extract_quotes
from newsprism.link.actors import link_article
from newsprism.nlp.pipeline import make_doc, to_analysis
from newsprism.records import Article

_ROOT = default_data_root()
POLNEAR = (_ROOT / "polnear") if _ROOT is not None else Path("/nonexistent")


def analyse(nlp, text):
    article = Article(id="t", path="t", text=text, published="2026-03-12")
    return to_analysis(nlp(make_doc(nlp, article)), article)


def triples(nlp, text):
    return [(q.kind, q.text, q.speaker.text if q.speaker else None) for q in analyse(nlp, text).quotes]


def marks(text):
    return [text[q.start : q.end] for q in scan_quote_marks(text)]


# -- 1. kinds ------------------------------------------------------------------------------------------------
KINDS = [
    # direct: a whole quoted utterance
    (
        '"We will not sign this agreement," Minister Ilse Varga said.',
        [("direct", "We will not sign this agreement,", "Ilse Varga")],
    ),
    (
        "“The bridge will open in May,” the engineer told reporters on Friday.",
        [("direct", "The bridge will open in May,", "engineer")],
    ),
    # partial: a quoted fragment inside reported speech
    (
        "Senator Tomas Reyl promised “a firm response” to the blockade.",
        [("partial", "a firm response", "Tomas Reyl")],
    ),
    (
        "Varga called the offer “an insult to every fisherman” and left the hall.",
        [("partial", "an insult to every fisherman", "Varga")],
    ),
    (
        'President Ilse Varga said on Tuesday that her government would sign "as soon as the ink is dry".',
        [
            ("partial", "as soon as the ink is dry", "Ilse Varga"),
            ("indirect", 'that her government would sign "as soon as the ink is dry"', "Ilse Varga"),
        ],
    ),
    (
        "“On this basis,” the harbour board said, “true losses are far higher than the ministry admits.”",
        [
            ("direct", "On this basis,", "harbour board"),
            ("direct", "true losses are far higher than the ministry admits.", "harbour board"),
        ],
    ),
    # indirect: reported speech or belief without marks
    (
        "The mayor of Velmora said that the quay would reopen in May.",
        [("indirect", "that the quay would reopen in May", "mayor of Velmora")],
    ),
    (
        "According to the harbour authority, forty boats were damaged.",
        [("indirect", "forty boats were damaged", "harbour authority")],
    ),
    (
        "Forty boats were damaged in the storm, according to the harbour authority.",
        [("indirect", "Forty boats were damaged in the storm", "harbour authority")],
    ),
    (
        "Anja Toller believes that the old bridge can still be saved.",
        [("indirect", "that the old bridge can still be saved", "Anja Toller")],
    ),
    (
        "Varga's claim that the talks had collapsed surprised the delegates.",
        [("indirect", "that the talks had collapsed", "Varga")],
    ),
    (
        "The ferry will not sail this week, port officials said.",
        [("indirect", "The ferry will not sail this week", "port officials")],
    ),
    # scare: quoted words that no one is reported as saying
    ("Critics mocked the so-called “harbour bargain” on Tuesday.", [("scare", "harbour bargain", None)]),
    (
        "Protesters carried banners reading “Bridges not walls” through the square.",
        [("scare", "Bridges not walls", None)],
    ),
    ("The new “reform” raised every tax in Velmora.", [("scare", "reform", None)]),
    ("Tomas “the Anchor” Reyl arrived late to the summit.", [("scare", "the Anchor", None)]),
    ("Most of the crew had watched the film “Northern Lights” twice.", [("scare", "Northern Lights", None)]),
]


@pytest.mark.parametrize("text, expected", KINDS)
def test_kinds(nlp, text, expected):
    got = triples(nlp, text)
    for item in expected:
        assert item in got, got


@pytest.mark.parametrize(
    "text",
    [
        "A ship named ‘Endeavour’ sailed from Velmora on Monday.",
        "The trawler, christened “Morning Gull”, left the harbour at dawn.",
        "Residents joined a group called “Friends of the Quay” last year.",
    ],
)
def test_a_name_in_quotes_is_neither_quote_nor_speaker(nlp, text):
    assert analyse(nlp, text).quotes == ()


# -- 2. quote marks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will win" and "soon".', ["we will win", "soon"]),
        ("He said “we will win” today.", ["we will win"]),
        ("She called it ‘a farce’, then left.", ["a farce"]),
        ("She called it 'a farce', then left.", ["a farce"]),
        ("It won’t matter, Brazil’s envoy said.", []),
        ("It won't matter, the ministers' plan said; Ardell's fleet stayed.", []),
        ("The '90s were hard for the fleet, he said.", []),
        ("“It won’t matter,” Brazil’s envoy said.", ["It won’t matter,"]),
        ("«Nous restons», a-t-il dit.", ["Nous restons"]),
        ("‹Wir bleiben›, sagte er.", ["Wir bleiben"]),
        ("He said ``we will win'' today.", ["we will win"]),
        (
            "''This isn't reform,'' said the economist. ''It is a tax rise.''",
            ["This isn't reform,", "It is a tax rise."],
        ),
        ("“We came. We stayed. We won,” she said.", ["We came. We stayed. We won,"]),
        (
            "“First paragraph of a quote.\n\n“Second paragraph,” she said.",
            ["First paragraph of a quote.\n\n“Second paragraph,"],
        ),
        ("A stray “mark never closes.\n\nNext paragraph “is fine” here.", ["is fine"]),
        ('A stray "mark here. Then "a pair" later.', ["a pair"]),
        ("”Fear is what I feel,” wrote one reader.", ["Fear is what I feel,"]),
        # a paragraph opening with a closing mark and an ellipsis: the rest of an excerpt
        (
            "The mayor spoke at length.\n\n” … what I learned from the fishermen is that the quay matters,” he said.",
            [" … what I learned from the fishermen is that the quay matters,"],
        ),
        ("He paused ” … and then left.", []),
        ("“”", []),
        ("“ ”", []),
        # a mixed pair: one curly and one straight mark still pair up
        ('"We will not sign,” Varga said.', ["We will not sign,"]),
        ('“We will not sign," Varga said. "Never."', ["We will not sign,", "Never."]),
        # a nested quote closes first, a space before the outer closer
        (
            "\"I was tired of the term 'harbour outreach,' \" Varga said.",
            ["I was tired of the term 'harbour outreach,' "],
        ),
        ("He said \"it's 'fine' \"again and left.", []),
        # a curly quotation inside a straight one is part of it
        ('"The so-called “harbour bargain” is dead," Reyl said.', ["The so-called “harbour bargain” is dead,"]),
        # a straight mark that never closes does not hide the curly pairs inside it
        ('"Reyl walked in, chanting “Quay! Quay!”\n\nNobody answered.', ["Quay! Quay!"]),
        # a quoted transcript whose lines close no quote: each line ends with its paragraph
        (
            'Transcript:\n\n"HOLT: Will you sign?\n\n"(CROSSTALK.)\n\n"VARGA: Not today. Not ever.\n\n'
            '"But ask me in May.\n\nThe hearing ended.',
            ["HOLT: Will you sign?", "(CROSSTALK.)", "VARGA: Not today. Not ever.\n\n\"But ask me in May."],
        ),
        ('"HOLT: Will you sign?\n\n"VARGA: No.', ["HOLT: Will you sign?", "VARGA: No."]),
    ],
)
def test_quote_marks(text, expected):
    assert marks(text) == expected


def test_unbalanced_mark_does_not_swallow_the_article(nlp):
    text = (
        "The minister said “we will never sign.\n\nThe harbour reopened on Monday. Boats returned.\n\n"
        "“It is good news,” the mayor said."
    )
    got = triples(nlp, text)
    assert ("direct", "It is good news,", "mayor") in got
    assert not any("harbour reopened" in q for _, q, _ in got if _ != "indirect")


def test_quote_spanning_paragraphs_keeps_its_speaker(nlp):
    text = (
        "“The strait belongs to no one,” Reyl said. “Our fleet has fished it for centuries.\n\n"
        "“We will not give that up for a photograph,” he added."
    )
    got = triples(nlp, text)
    assert ("direct", "The strait belongs to no one,", "Reyl") in got
    spanning = [t for t in got if t[1].startswith("Our fleet") and "photograph" in t[1]]
    assert spanning and spanning[0][0] == "direct" and spanning[0][2] is not None


@pytest.mark.parametrize(
    "text, content, speaker",
    [
        # a judgement: the object and what it is taken as
        (
            "The fishermen saw the new quota as a betrayal of the coast.",
            "the new quota as a betrayal of the coast",
            "fishermen",
        ),
        (
            "Mayor Anja Toller views the bridge as a symbol of hope.",
            "the bridge as a symbol of hope",
            "Anja Toller",
        ),
        (
            "Reyl hailed Varga as a pioneer for her work on the harbour.",
            "Varga as a pioneer for her work on the harbour",
            "Reyl",
        ),
        # the day and the occasion say when and where the judgement was made, not what it is
        (
            "Governor Ann Holt described Varga as a “disgrace” Wednesday on The Harbour Hour Show.",
            "Varga as a “disgrace”",
            "Ann Holt",
        ),
        (
            "Harbour Governor Ann Holt blasted Varga as a “disgrace” Wednesday on The Harbour Hour Show.",
            "Varga as a “disgrace”",
            "Ann Holt",
        ),
        (
            "Mayor Toller described the quota as a “cruel system” during a campaign stop in Velmora.",
            "the quota as a “cruel system”",
            "Toller",
        ),
        # the parser hangs the report on the name: the comma after it ends the phrase
        (
            "According to radio host Ana Varga, the move reeks of “fear” and desperation.",
            "the move reeks of “fear” and desperation",
            "Varga",
        ),
        (
            "Reyl's repeated emphasis that only 1 percent of the fleet had broken what officials called “the rules” "
            "angered the council.",
            "that only 1 percent of the fleet had broken what officials called “the rules”",
            "Reyl",
        ),
        # the charge after "accuse of", "blame for"
        ("The council accused her of hiding the storm report.", "hiding the storm report", "council"),
        ("Varga blamed him for delaying the new quay.", "delaying the new quay", "Varga"),
        # a passive cue: the agent backed or reported what the subject names
        (
            "The new ferry timetable is supported by the harbour union.",
            "The new ferry timetable",
            "harbour union",
        ),
        (
            "The quota scheme was first reported by the Velmora Courier.",
            "The quota scheme",
            "Velmora Courier",
        ),
    ],
)
def test_judgements_and_passive_cues_are_reported(nlp, text, content, speaker):
    got = triples(nlp, text)
    assert any(k == "indirect" and c == content and s is not None and speaker in s for k, c, s in got), got


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "The union praised Varga, citing her work after the storm and her stand on the fishing quota.",
            "her work after the storm and her stand on the fishing quota",
        ),
        (
            "The captain complained about his radio the morning after the storm.",
            "his radio the morning after the storm",
        ),
        # the clause ends at a comma and a conjunction: the next clause is not what was reported
        (
            "The mayor questioned the budget in a letter to the council, and the council met on Friday.",
            "the budget in a letter to the council",
        ),
    ],
)
def test_object_content_runs_to_the_end_of_the_cue_clause(nlp, text, content):
    assert content in [c for k, c, _ in triples(nlp, text) if k == "indirect"]


@pytest.mark.parametrize(
    "text",
    [
        "The fishermen saw the new harbour from the hill.",  # no "as": a sight, not a view held
        "The harbour was built by the fishermen in 1905.",  # not a cue verb
        "It was announced by nobody in particular.",  # a pronoun subject names no content
    ],
)
def test_no_judgement_or_passive_cue_without_its_parts(nlp, text):
    assert not [t for t in triples(nlp, text) if t[0] == "indirect"]


# -- 3. speakers ---------------------------------------------------------------------------------------------
SPEAKERS = [
    # subject of the cue
    ("The minister said the fleet would stay in port.", "minister"),
    ("Lula emphasized that the forest was not for sale.", "Lula"),
    # post-posed
    ("“We will rebuild the quay,” said the senator.", "senator"),
    ("“Nothing has been decided,” said Ilse Varga, the president of Norvania.", "Ilse Varga"),
    # according to
    ("According to Ilse Varga, the talks will resume in June.", "Ilse Varga"),
    # X: “…”
    ("Senator Mara Holt: “We will vote against the bill.”", "Mara Holt"),
    # appositions and titles
    ("Foreign Minister Penny Wong explained that the envoy had been recalled.", "Penny Wong"),
    ("Mara Holt, a senator from the coast, said the bridge was unsafe.", "Mara Holt"),
    # organisations
    ("The Velmora Courier wrote that the mayor had resigned.", "Velmora Courier"),
    # dash attribution under a quotation
    ("“The bridge is a promise kept.” ― Ana Ruiz", "Ana Ruiz"),
    # the occasion of speaking is not the speaker: the one who spoke there is
    ("The mayor spoke at a news conference announcing that the quay would reopen in May.", "mayor"),
    ("Ilse Varga appeared at a rally declaring that the strike was over.", "Ilse Varga"),
    # a parse that gives the cue a subject inside the quotation as well as the speaker
    ('"One of the finest harbours in the north," Ada Holt (D-Vel.) said in an interview.', "Ada Holt"),
    # the parser lost the subject, but the name stands right before the cue
    (
        "In a March meeting with the editorial board of the Velmora Courier Varga said that the quay "
        "may need to be rebuilt in the coming years.",
        "Varga",
    ),
    ("In an interview with the Norvania Times Reyl said that the strike was over.", "Reyl"),
    # "as X put it"
    ("As the harbour master put it, “nobody sails in this weather.”", "harbour master"),
    # who issued the document that says it
    ("The harbour board issued a statement calling the strike illegal.", "harbour board"),
    ("Tomas Reyl posted a series of messages criticizing the ferry company.", "Tomas Reyl"),
    # the subject of an adjective the cue depends on
    ("Reyl was able to tout his strong polling numbers.", "Reyl"),
    ("Varga is determined to warn her supporters about the tax.", "Varga"),
    # a post-posed name with a title the parser reads as a verb, and a day after the cue
    (
        "“I will just make this promise to you: we will reopen the quay by May,” Kestrel police Chief Anna Lind "
        "said Monday.",
        "Anna Lind",
    ),
]


@pytest.mark.parametrize("text, speaker", SPEAKERS)
def test_speakers(nlp, text, speaker):
    got = [s for _, _, s in triples(nlp, text) if s]
    assert any(speaker == s or s == "The " + speaker for s in got), triples(nlp, text)


@pytest.mark.parametrize(
    "text, second, speaker",
    [
        (
            "Mara Holt waved. “Here he comes,” she said, clapping. “The Captain. Big Man.”",
            "The Captain. Big Man.",
            "she",
        ),
        (
            "“The fleet is back,” Reyl said, smiling. “Velmora Harbour Forever.”",
            "Velmora Harbour Forever.",
            "Reyl",
        ),
    ],
)
def test_a_title_case_quote_in_the_speakers_own_line_continues_the_utterance(nlp, text, second, speaker):
    assert ("direct", second, speaker) in triples(nlp, text)


@pytest.mark.parametrize(
    "text, title",
    [
        # a subhead after a speaker's paragraph: title case leaves short function words in lower case
        (
            "“These are strange days,” said Peter Vance, a lawyer for the fishermen. “I doubt he can pull it off.”"
            "\n\n'Legend in the Harbour Yards.'\n\nThe company was founded in 2007 from the remains of a shipyard.",
            "Legend in the Harbour Yards.",
        ),
        (
            "“We will rebuild,” the mayor said.\n\n'Coal Isn't the Villain.'\n\nThe mine closed in May.",
            "Coal Isn't the Villain.",
        ),
        # the title of a work right after the noun that names it
        (
            "In his 2019 book, ''Make Your Boat a Fortune,'' Mr. Ardell suggested selling the nets first.",
            "Make Your Boat a Fortune,",
        ),
        (
            "The mayor's inclusion of the quay in his 1994 “Contract with the Harbour.” changed the town.",
            "Contract with the Harbour.",
        ),
        # a title between two pieces of an utterance continues no one's words
        (
            "“We are ready,” Reyl, the harbour master, said Thursday on Velmora Radio’s “Harbour Hour.” "
            "“I mean, the boats are waiting.”",
            "Harbour Hour.",
        ),
        (
            "At the end of her rendition of the anthem ''A Tide Is Gonna Turn,'' she added the words, "
            "''Vote Varga.''",
            "A Tide Is Gonna Turn,",
        ),
    ],
)
def test_headlines_and_titles_with_small_words_are_nobodys_words(nlp, text, title):
    got = triples(nlp, text)
    assert ("scare", title, None) in got, got
    # nor does a title's comma end a reported clause before the cue
    assert not any(k == "indirect" and title in q for k, q, _ in got), got


@pytest.mark.parametrize(
    "text, fragment, kind",
    [
        # the quotation hangs on words of the reported clause: a fragment, however capitalised
        ("The fact-check panel concluded his remarks were “Mostly False.”", "Mostly False.", "partial"),
        # it hangs on the cue itself: a whole utterance
        ("Tomas Reyl told reporters “We will win the vote in May.”", "We will win the vote in May.", "direct"),
    ],
)
def test_a_capitalised_quote_inside_the_reported_clause_is_partial(nlp, text, fragment, kind):
    got = triples(nlp, text)
    assert any(k == kind and q == fragment for k, q, _ in got), got


def test_a_question_keeps_the_cue_of_a_long_sentence_that_opens_with_it(nlp):
    text = (
        "“You winning?” she said, but Reyl was drifting off again, and as the mayor went on about the quay, "
        "Ana Varga said yes."
    )
    got = triples(nlp, text)
    assert ("direct", "You winning?", "she") in got, got
    # the reporting clause of the question is no content of the later cue
    assert not any(k == "indirect" and q.startswith("she said") for k, q, _ in got), got


def test_an_exclamation_keeps_the_cue_after_a_long_speaker(nlp):
    text = (
        '"This is a big year for our future senator, Tomas Reyl!" Reyl\'s niece, state Del. Marta "Mia" Holt '
        '(D-Velmora), shouted to the crowd. "The coast is watching us."'
    )
    got = triples(nlp, text)
    assert any(k == "direct" and q.startswith("This is a big year") and s for k, q, s in got), got
    # the nickname inside the speaker's mention names her: no one's words
    assert ("scare", "Mia", None) in got, got


@pytest.mark.parametrize(
    "text, label",
    [
        ('By the fall, Harbour Party "super funds" backed by the Ardell brothers had seized on the quota.', "super funds"),
        ("The four “loopholes” he cited are “the right to fish at night and to sell the catch at sea.”", "loopholes"),
        # a name after "known as the", "dubbed a"
        ("She would set a 30 percent rate, a version of what has become known as the ''Ardell rule'' in Velmora.",
         "Ardell rule"),
    ],
)
def test_a_quoted_label_in_the_speakers_mention_or_after_a_naming_word_is_no_quote(nlp, text, label):
    got = triples(nlp, text)
    assert not any(q == label and k in ("direct", "partial") for k, q, _ in got), got


def test_a_nickname_ending_a_sentence_is_not_reported_by_the_next_one(nlp):
    text = 'Varga mocked him with the nickname "Lyin\' Tom." Varga called the senator a "nasty guy" and "sick."'
    got = triples(nlp, text)
    assert not any(k == "direct" and q.startswith("Lyin") for k, q, _ in got), got


def test_a_day_after_the_cue_is_not_the_speaker(nlp):
    got = triples(nlp, '"The quay will reopen," said Monday the harbour master.')
    assert got and all(speaker != "Monday" for _, _, speaker in got), got


def test_continuation_keeps_the_speaker(nlp):
    text = "Reyl criticised the plan, adding, “It is a farce and everyone knows it.”"
    assert ("direct", "It is a farce and everyone knows it.", "Reyl") in triples(nlp, text)


def test_split_quote_has_one_speaker(nlp):
    text = "“We listened,” Varga said. “But our fishermen will not pay for this mistake.”"
    got = triples(nlp, text)
    assert ("direct", "We listened,", "Varga") in got
    assert ("direct", "But our fishermen will not pay for this mistake.", "Varga") in got


@pytest.mark.parametrize(
    "text, first, second, speaker",
    [
        (
            "“Now that the vote is over,” Varga told the council, “the harbour will reopen in May.”",
            "Now that the vote is over,",
            "the harbour will reopen in May.",
            "Varga",
        ),
        (
            '"I think the ferry will run on time," Reyl said during a visit to the quay on Monday, '
            '"but the storm season worries every captain here."',
            "I think the ferry will run on time,",
            "but the storm season worries every captain here.",
            "Reyl",
        ),
        (
            "“Every time the council delays,” Toller said, referring to the budget, “the crews pay for it.”",
            "Every time the council delays,",
            "the crews pay for it.",
            "Toller",
        ),
    ],
)
def test_second_half_of_a_split_utterance_is_direct(nlp, text, first, second, speaker):
    got = triples(nlp, text)
    assert ("direct", first, speaker) in got, got
    assert ("direct", second, speaker) in got, got
    # the reporting clause splits one utterance: no indirect quote swallows the second half
    assert not any(kind == "indirect" and second in quoted for kind, quoted, _ in got), got


@pytest.mark.parametrize(
    "text, noun",
    [
        ("Varga met Northwind Fisheries, a firm that says the quota will ruin the coast.", "firm"),
        ("The council hired Velmora Port Services, a company that argues that fares must rise.", "company"),
        ("Reyl thanked the economists who argue that the quota is too low.", "economists"),
    ],
)
def test_a_relative_pronoun_speaks_and_refers_to_its_noun(nlp, text, noun):
    quote = next(q for q in analyse(nlp, text).quotes if q.kind == "indirect")
    assert quote.speaker.text in ("that", "who")
    assert noun in text[slice(*quote.speaker.refers_to)]


@pytest.mark.parametrize(
    "text, speaker, named",
    [
        ("Mayor Anja Toller visited the site. “Questions will be answered,” she said.", "she", "Anja Toller"),
        ("Tomas Reyl left the hall early. He said the offer was an insult.", "He", "Tomas Reyl"),
        (
            "President Ilse Varga met the fishermen on Monday. “We will find a way,” the president added.",
            "president",
            "Ilse Varga",
        ),
        (
            "The Velmora Daily News broke the story on Sunday. "
            "The newspaper wrote that the mayor had resigned.",
            "newspaper",
            "Velmora Daily News",
        ),
    ],
)
def test_pronoun_and_nominal_speakers_resolve_to_the_named_actor(nlp, text, speaker, named):
    analysis = analyse(nlp, text)
    quote = next(q for q in analysis.quotes if q.speaker and q.speaker.text == speaker)
    assert quote.speaker.refers_to is not None
    assert text[slice(*quote.speaker.refers_to)] == named
    linked, _actors = link_article(analysis)
    mention = next(m for m in linked.mentions if m.text == named)
    linked_quote = next(q for q in linked.quotes if q.start == quote.start)
    assert linked_quote.speaker.actor_id == mention.actor_id is not None


def test_nominal_speaker_finds_a_name_the_model_did_not_tag(nlp):
    text = "The Velmora Courier broke the story. The newspaper wrote that the mayor had resigned."
    quote = next(q for q in analyse(nlp, text).quotes if q.speaker and q.speaker.text == "newspaper")
    assert text[slice(*quote.speaker.refers_to)] == "Velmora Courier"


def test_speaker_carries_the_actor_id_of_its_mention(nlp):
    text = "Ilse Varga arrived on Monday. “The door is open,” President Ilse Varga said."
    linked, actors = link_article(analyse(nlp, text))
    (quote,) = [q for q in linked.quotes if q.kind == "direct"]
    assert quote.speaker.actor_id in {a.id for a in actors}


def test_a_cue_inside_a_quote_is_not_a_second_attribution(nlp):
    text = "“I believe the bridge is safe,” the engineer said."
    got = triples(nlp, text)
    assert got == [("direct", "I believe the bridge is safe,", "engineer")]


# -- third pass: objects, stances, transcripts, fragments of reported speech -------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        # a speech or belief verb with someone as its subject reports its object
        (
            "The harbour master outlined her plan for the new quay.",
            ("indirect", "her plan for the new quay", "harbour master"),
        ),
        (
            "Anja Toller offered no proof that the ferry company had paid the inspectors.",
            ("indirect", "no proof that the ferry company had paid the inspectors", "Anja Toller"),
        ),
        ("The council discussed the cost of the new bridge.", ("indirect", "the cost of the new bridge", "council")),
        # stances are attributed views
        ("Most fishermen oppose the new harbour tax.", ("indirect", "the new harbour tax", "Most fishermen")),
        ("Varga admires the old lighthouse keepers.", ("indirect", "the old lighthouse keepers", "Varga")),
        # prepositions that carry the content
        (
            "The ferry company did not respond to requests for comment.",
            ("indirect", "requests for comment", "ferry company"),
        ),
        ("Reyl railed against the new harbour tax.", ("indirect", "the new harbour tax", "Reyl")),
        # a that-clause the parser hangs on the verb as an adverbial
        (
            "Varga tweeted in the early hours that the ferry was late again.",
            ("indirect", "that the ferry was late again", "Varga"),
        ),
        # a headline's one-word source
        ("Poll: Voters Turn Against the Harbour Tax", ("indirect", "Voters Turn Against the Harbour Tax", "Poll")),
        # footage of someone saying: the one recorded speaks
        (
            'The new advert shows footage of Ilse Varga saying, "We will build the bridge by spring."',
            ("direct", "We will build the bridge by spring.", "Ilse Varga"),
        ),
        # a dateline is not the speaker
        (
            "KESTREL BAY -- Mayor Ilse Varga, opening the new quay on Friday, said it would bring jobs to the coast.",
            ("indirect", "it would bring jobs to the coast", "Ilse Varga"),
        ),
        # fifth pass: attacks that characterise, exhortations
        ("Critics derided the toll as a tax on the poor.", ("indirect", "the toll as a tax on the poor", "Critics")),
        (
            "The union has been hammering the board as a club for shipowners.",
            ("indirect", "the board as a club for shipowners", "union"),
        ),
        ('Varga exhorted the fishermen to "hold the line" and left.', ("partial", "hold the line", "Varga")),
        # a relative pronoun is the judged thing: the report runs from it, speaker and cue included
        (
            "Reyl was suspended after what she called a “rant,” a series of posts about the harbour board.",
            ("indirect", "what she called a “rant,”", "she"),
        ),
        (
            "Police are looking into an explosion that Mayor Ilse Varga described as “an intentional act.”",
            ("indirect", "that Mayor Ilse Varga described as “an intentional act.”", "Ilse Varga"),
        ),
        # a name the parser read as a common noun and hung on the cue as a compound still speaks; a participle
        # after a quotation has its object there, not its speaker
        (
            "Trump admires the harbour master as a “strong leader,” comparing him to the mayor.",
            ("indirect", "the harbour master as a “strong leader,”", "Trump"),
        ),
        (
            "Trump admires the harbour master as a “strong leader,” comparing him to the mayor.",
            ("indirect", "the mayor", "Trump"),
        ),
    ],
)
def test_objects_stances_recordings_and_headline_sources_are_reported(nlp, text, expected):
    assert expected in triples(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "The toll fell to 4 percent, compared with 9 percent last year.",  # a comparison, not a report
        "The fishermen saw the new harbour from the hill.",  # perception, not a view
        "Varga told her supporters at the rally.",  # the object of "tell" is the one addressed
        "Varga asked the court.",
        "The board is old. It knows the answer.",  # a thing holds no belief
        "Reyl spoke on Monday.",  # a day is not what was said
        "REYL WANTS TO CLOSE THE HARBOUR",  # shouted capitals: the tags are guesses
    ],
)
def test_comparisons_addressees_and_dates_report_nothing(nlp, text):
    assert not [t for t in triples(nlp, text) if t[0] == "indirect"]


def test_a_quote_no_one_is_reported_as_saying_is_scare(nlp):
    text = 'Nobody expected the storm.\n\n"The sea takes what it wants and gives nothing back."'
    assert ("scare", "The sea takes what it wants and gives nothing back.", None) in triples(nlp, text)


@pytest.mark.parametrize(
    "text, lines",
    [
        (
            'The hearing was tense.\n\n"REYL: We will not sign this agreement today."\n\n"VARGA: Then the quay stays closed."',
            [("We will not sign this agreement today.", "REYL"), ("Then the quay stays closed.", "VARGA")],
        ),
        # lines that close no quote end with their paragraph
        (
            'Partial transcript as follows:\n\n"HOLT: Will the senator sign the harbour treaty?\n\n'
            '"VARGA: Not today. The quay stays closed until the fleet is paid.\n\nThe hearing ended at noon.',
            [
                ("Will the senator sign the harbour treaty?", "HOLT"),
                ("Not today. The quay stays closed until the fleet is paid.", "VARGA"),
            ],
        ),
    ],
)
def test_quoted_transcript_lines_name_their_own_speakers(nlp, text, lines):
    got = triples(nlp, text)
    for words, speaker in lines:
        assert ("direct", words, speaker) in got, got


def test_a_title_with_a_colon_is_no_transcript_line(nlp):
    text = "Rhodes quoted the book “Harbours: How Towns Choose to Sink or Swim,” in the meeting."
    assert all(t[2] != "Harbours" for t in triples(nlp, text))


@pytest.mark.parametrize(
    "text, fragment, kind, speaker",
    [
        (
            'Port officials said there had been "hundreds of complaints" about the ferry since March.',
            "hundreds of complaints",
            "partial",
            "Port officials",
        ),
        # another verb stands between the cue and the phrase: a label held at a distance stays scare
        ('Varga pressed Reyl to accept the "harbour bargain" on Friday.', "harbour bargain", "scare", None),
    ],
)
def test_a_quoted_fragment_inside_reported_speech_is_partial_not_scare(nlp, text, fragment, kind, speaker):
    got = triples(nlp, text)
    assert (kind, fragment, speaker) in got
    assert any(k == "indirect" for k, _, _ in got)  # most of the clause is unquoted: the indirect quote stays


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('The mayor said that "the harbour will never close again."', "the harbour will never close again."),
        # most of the clause is quoted: the fragment is the attribution
        (
            'The mayor said the plan was "a grave and costly mistake for every family in the port."',
            "a grave and costly mistake for every family in the port.",
        ),
    ],
)
def test_a_clause_of_quoted_words_is_one_partial_quote(nlp, text, fragment):
    assert triples(nlp, text) == [("partial", fragment, "mayor")]


# -- property: never raise, offsets always valid ---------------------------------------------------------
_ALPHABET = list("ab ,.:\n'\"“”‘’«»`―") + ["said ", "He ", "Varga ", "that "]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.\n'\"“”‘’«»‹›`„")), max_size=200))
def test_scanner_never_raises_and_offsets_are_valid(text):
    for q in scan_quote_marks(text):
        assert 0 <= q.open_at < q.start < q.end == q.close_at < q.outer_end <= len(text)
        assert text[q.start : q.end].strip()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_ALPHABET), max_size=60).map("".join))
def test_quotes_never_raise_and_spans_are_the_text(nlp, text):
    doc = nlp(text)
    for q in extract_quotes(doc):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.kind in ("direct", "partial", "indirect", "scare")
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
            if q.speaker.refers_to is not None:
                assert 0 <= q.speaker.refers_to[0] <= q.speaker.refers_to[1] <= len(text)
        if q.kind == "scare":
            assert q.speaker is None


# -- the scorer ----------------------------------------------------------------------------------------------
def test_scorer_matches_by_share_of_the_gold_span():
    gold = [quote_eval.Gold(0, 100, ((200, 210),), True), quote_eval.Gold(300, 400, (), False)]
    preds = [
        quote_eval.Pred(10, 50, (200, 205), True),
        quote_eval.Pred(300, 390, None, False),
        quote_eval.Pred(500, 520, None, True),
    ]
    low = quote_eval.match(gold, preds, 0.3)
    assert (low.matched, low.pairs, low.pred, low.gold) == (2, 1, 3, 2)
    high = quote_eval.match(gold, preds, 0.8)
    assert high.matched == 1  # 40% of the first gold is not enough at 0.8
    assert quote_eval.exact(gold, [quote_eval.Pred(300, 400, None, False)]).matched == 1


def test_reader_takes_cue_and_content_and_discontinuous_extent():
    text = "x" * 500
    ann = (
        "T1\tContent 10 20;40 60\tx\nT2\tCue 25 29\tsaid\nT3\tSource 30 38\tthe mayor\n"
        "T4\tAttribution 25 29\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
        "T5\tContent 100 120\tx\nE2\tAttribution:T4 Content:T5\n"
    )
    (gold,) = quote_eval.read_ann(text, ann)
    assert (gold.start, gold.end, gold.sources, gold.direct) == (10, 60, ((30, 38),), False)


@pytest.mark.parametrize(
    "content, direct",
    [
        ('he said "we will sign" today', True),
        ("''We will sign,'' he", True),
        ("``We will sign,''", True),
        ("the plan was “a disaster”", True),
        ("It is ‘in their heads.’", True),
        ("the mayor was 'absolutely right' to close it", True),
        ("the voters’ preferences have shifted", False),  # possessive plurals are apostrophes
        ("the candidates' plans", False),
        ("the U.N.'s record on the crisis", False),
        ("he won't sign and didn't say why", False),
        ("prices in the '90s rose", False),
    ],
)
def test_direct_gold_needs_quote_marks_not_apostrophes(content, direct):
    assert quote_eval.has_quote_marks(content) is direct


@pytest.mark.parametrize(
    "span, bounded",
    [
        ('"We will sign,"', True),
        ("“a disaster”", True),
        ("''Never.''", True),
        ("‘Never.’", True),
        ('the plan was "a disaster"', False),
        ('"a disaster" for the town', False),
        ("that it will rain", False),
    ],
)
def test_direct_predictions_are_spans_bounded_by_quote_marks(span, bounded):
    text = "x " + span + " y"
    assert quote_eval.bounded(text, quote_eval.Pred(2, 2 + len(span), None, False)) is bounded


def test_a_fragment_inside_an_indirect_quote_is_no_prediction_of_its_own_in_either_scope():
    text = 'He said the plan was "a disaster" for the town. "We will win," she said.'
    doc = quote_eval.Document("d", text, [quote_eval.Gold(8, 46, (), True)])
    mixed = quote_eval.Pred(8, 46, (0, 2), False, kind="indirect")
    fragment = quote_eval.Pred(21, 33, (0, 2), True, nested=True, kind="partial")
    whole = quote_eval.Pred(48, 62, (66, 69), True)
    for direct in (False, True):
        _, preds = quote_eval._scope(doc, [mixed, fragment, whole], direct)
        assert fragment not in preds
        assert (mixed in preds) is not direct  # the mixed attribution is not bounded by quote marks
        assert whole in preds


@pytest.mark.skipif(not (POLNEAR / "data" / "dev").is_dir(), reason="PolNeAR is not in ../shared/evaldata")
def test_polnear_dev_sample_scores_above_textacy():
    report = quote_eval.evaluate(POLNEAR, split="dev", limit=4)
    assert report.metrics["all@0.3_f1"] > report.metrics["textacy_all@0.3_f1"]
    assert report.metrics["all@0.3_f1"] > 0.5


# -- fifth pass: speakers the parser misplaces, reports it coordinates, the scorer's pieces --------------------
@pytest.mark.parametrize(
    "text, quoted, speaker",
    [
        # a capitalised subhead run into the sentence is no second subject
        (
            "THE HARBOUR TOLLS Back when he ran the port, Mr. Okafor said that he considered tolls a last resort.",
            "that he considered tolls a last resort",
            "Okafor",
        ),
        # a dash the parser took for the subject
        (
            "When Varga noted that the port had not paid any dues ― as was true for years ― Reyl boasted, "
            "“That makes me shrewd.”",
            "That makes me shrewd.",
            "Reyl",
        ),
        # a participle set off by a comma goes with the main clause, not a relative clause before it
        (
            "Reyl was defensive about not paying a builder who said he was cheated after he built a shed at one "
            "of Reyl’s marinas, saying, “Maybe he did not do a good job.”",
            "Maybe he did not do a good job.",
            "Reyl",
        ),
        (
            "Protesters circled the stadium, where the Velmora Gulls played the Kestrel Rooks, while chanting, "
            "“Open the quay.”",
            "Open the quay.",
            "Protesters",
        ),
        # the parser took a word of a later quotation (a programme's title) as the subject
        (
            "“The quay is safe,” Varga, a harbour board member, said Thursday on Velmora Radio’s “Morning Tide.”",
            "The quay is safe,",
            "Varga",
        ),
        # a participle after "X said," that the parser hung on a verb inside the next quotation
        (
            '"Fishermen do not agree with the tax," Reyl said, suggesting a few questions, including, "Mr. Holt, '
            'do you really think that shipowners need a tax break? What is your basis for that?"',
            "Mr. Holt, do you really think that shipowners need a tax break? What is your basis for that?",
            "Reyl",
        ),
        # a line headed by a noun that names its person
        ("A lesson from Ilse Varga: “Be the voice that people hear.”", "Be the voice that people hear.", "Ilse Varga"),
        # a text's own words
        ("“We will not give up on the quay,” the letter reads.", "We will not give up on the quay,", "letter"),
    ],
)
def test_speakers_the_parser_misplaces(nlp, text, quoted, speaker):
    got = {q: s for _, q, s in triples(nlp, text)}
    assert got.get(quoted) == speaker, triples(nlp, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a second report of the same speaker, coordinated inside the first one's clause by the parser
        (
            'Even Norvania, the port\'s only ally, said it was "firmly opposed" to the test and warned Velmora to '
            "refrain from further launches.",
            [
                ("indirect", 'it was "firmly opposed" to the test', "Norvania"),
                ("indirect", "to refrain from further launches", "Norvania"),
            ],
        ),
        (
            "Varga said the port would reopen in May and warned that the tolls would rise.",
            [
                ("indirect", "the port would reopen in May", "Varga"),
                ("indirect", "that the tolls would rise", "Varga"),
            ],
        ),
        (
            "Reyl took to the radio to accuse the board of being “fooled” by “a trick” and encourage fishermen to "
            "read the board’s ledger.",
            [
                ("indirect", "the board of being “fooled” by “a trick”", "Reyl"),
                ("indirect", "fishermen to read the board’s ledger", "Reyl"),
            ],
        ),
        (
            "Varga said the port would declare its intention to close by March and suggested that it would leave "
            "the union.",
            [
                ("indirect", "the port would declare its intention to close by March", "Varga"),
                ("indirect", "that it would leave the union", "Varga"),
            ],
        ),
        (
            "Reyl tweeted in the early hours that Varga was “a fraud” and encouraged fishermen to “check out” her "
            "ledger.",
            [
                ("indirect", "that Varga was “a fraud”", "Reyl"),
                ("indirect", "fishermen to “check out” her ledger", "Reyl"),
            ],
        ),
        # alternatives ("either … or …") are one report
        (
            "A 2019 study found that harbour records either did not support or flatly contradicted half of the "
            "mayor's claims.",
            [
                (
                    "indirect",
                    "that harbour records either did not support or flatly contradicted half of the mayor's claims",
                    "2019 study",
                )
            ],
        ),
        # two reports in one form inside the clause are both the reported speaker's
        (
            "Reyl said Varga attacked the harbour police and blamed the shootings on “implicit bias” against "
            "fishermen.",
            [
                (
                    "indirect",
                    "Varga attacked the harbour police and blamed the shootings on “implicit bias” against fishermen",
                    "Reyl",
                )
            ],
        ),
        # "by saying …" is a report of its own, not more of what was responded to
        (
            "Reyl responded to the fishermen on Monday by saying the tax was a “temporary measure.”",
            [
                ("indirect", "the fishermen on Monday", "Reyl"),
                ("indirect", "the tax was a “temporary measure.”", "Reyl"),
            ],
        ),
        # a judgement's predicate runs on with the clause
        (
            'Varga called the launch "a clear violation" of three earlier treaties.',
            [("indirect", 'the launch "a clear violation" of three earlier treaties', "Varga")],
        ),
    ],
)
def test_coordinated_and_chained_reports_are_separate_attributions(nlp, text, expected):
    got = [t for t in triples(nlp, text) if t[0] == "indirect"]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        # one verb's infinitive is what was promised; a coordinated infinitive of its own speaker stays in it
        "Varga said she would veto the toll and urge the council to drop it.",
    ],
)
def test_a_coordinated_verb_in_another_form_stays_in_the_reported_clause(nlp, text):
    (indirect,) = [t for t in triples(nlp, text) if t[0] == "indirect"]
    assert indirect[1].endswith("urge the council to drop it")


def test_banners_reading_words_carry_no_report(nlp):
    assert triples(nlp, "Protesters carried banners reading “Bridges not walls” through the square.") == [
        ("scare", "Bridges not walls", None)
    ]


def test_scorer_joins_pieces_only_of_one_cue():
    text = "“We cannot go on,” Reyl said, adding later, “The ferry costs a fortune.” “And the quay,” Reyl said."
    first = quote_eval.Pred(0, 19, (20, 24), True, cue="said")
    second = quote_eval.Pred(44, 72, (20, 24), True, cue="adding")
    assert quote_eval.join_pieces(text, [first, second]) == [first, second]
    same = quote_eval.Pred(44, 72, (20, 24), True, cue="said")
    (joined,) = quote_eval.join_pieces(text, [first, same])
    assert (joined.start, joined.end) == (0, 72)


@pytest.mark.parametrize(
    "text, content",
    [
        # a bare verb cannot go on the finite cue: it goes on the infinitive inside the reported clause
        (
            "Varga said she wanted to speak “plainly to the fishermen” and let them know that the quay would reopen.",
            "she wanted to speak “plainly to the fishermen” and let them know that the quay would reopen",
        ),
        # the writer's gloss after a dash is not what was reported
        (
            "Reyl dismissed the port as being in the “backyard of the capital” — a jab at the harbour board.",
            "the port as being in the “backyard of the capital”",
        ),
        # a hyphen is no dash
        ("The board said the fee was for a 40-year-old crane.", "the fee was for a 40-year-old crane"),
    ],
)
def test_reported_clause_bounds(nlp, text, content):
    assert [t[1] for t in triples(nlp, text) if t[0] == "indirect"] == [content]


@pytest.mark.parametrize(
    "text",
    [
        "“We need the money,” Varga said on Monday. Senator Ada Holt described the tolls as a tax on the young. "
        "“They are tired of paying for nothing.”",
        "“We need the money,” Varga said on Monday. Senator Ada Holt said the tolls would drive the young away. "
        "“They are tired of paying for nothing.”",
    ],
)
def test_a_quote_without_a_cue_goes_on_the_report_right_before_it(nlp, text):
    got = {q: s for _, q, s in triples(nlp, text)}
    assert got["We need the money,"] == "Varga"
    assert got["They are tired of paying for nothing."] == "Ada Holt"


def test_a_paragraph_after_a_cue_and_a_colon_is_a_block_quotation(nlp):
    text = (
        "The governor spoke to the radio host on Friday. The governor added:\n\n"
        "It is typical of the harbour board. They know nothing about boats, as you rightly pointed out, and the "
        "fishermen pay for it.\n\nThe board did not reply.\n"
    )
    block = "It is typical of the harbour board. They know nothing about boats, as you rightly pointed out, and " \
        "the fishermen pay for it."
    assert triples(nlp, text) == [("indirect", block, "governor")]  # one attribution, not the "pointed out" inside
