"""newsprism_paragraphs starts a sentence after every line break, and only there."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.nlp.components import paragraphs

NLP = spacy.blank("en")


def reference(text: str) -> list[bool | None]:
    """The definition, token by token: a token after one that holds a line break starts a sentence."""
    doc = NLP.make_doc(text)
    starts: list[bool | None] = [t.is_sent_start for t in doc]
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            starts[tok.i] = True
    return starts


def test_paragraph_breaks_start_sentences():
    doc = paragraphs(NLP.make_doc("The mayor spoke.\n\nThe council voted \nlater. No break here"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["The", "The", "later"]


PIECES = st.sampled_from(["word", "Name", ".", " ", "  ", "\n", "\n\n", " \n ", "\r\n", "\t", "\u00a0", "“", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_same_boundaries_as_the_token_by_token_definition(text):
    doc = paragraphs(NLP.make_doc(text))
    assert [t.is_sent_start for t in doc] == reference(text)
