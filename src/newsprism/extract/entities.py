"""Named actor mentions from the NER layer."""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Mention
from .spans import ACTOR_LABELS


def entities(doc: Doc) -> list[Mention]:
    mentions: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        start, end, text = ent.start_char, ent.end_char, ent.text
        if text.lower().startswith("the "):
            start, text = start + 4, text[4:]
        if text.endswith(("'s", "’s")):
            end, text = end - 2, text[:-2]
        text = text.rstrip()
        end = start + len(text)
        if not text or not any(c.isalpha() for c in text):
            continue
        mentions.append(Mention(text=text, start=start, end=end, label=ent.label_))
    return mentions
