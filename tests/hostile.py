"""Hypothesis strategies for hostile input, shared by the fuzz tests.

The alphabets lean on what breaks text code: every kind of quote mark, control characters, line and
paragraph separators, byte-order marks, combining marks, right-to-left text, astral characters and tokens
far longer than any word.
"""

from __future__ import annotations

from hypothesis import strategies as st

QUOTE_MARKS = "\"'“”„‟‘’‚‛«»‹›`´「」『』"
CONTROLS = "".join(chr(c) for c in range(0, 32)) + "\x7f\x85\x9f\u2028\u2029\ufeff\u200b\u200e\u202e"
ODD = "é\u0301\u0308ß\uFB01İıΣς日本語한국어العربية\U0001F600\U0001F1FA\U0001F1F8\U00010348—–…"
WORDS = ("said", "the", "minister", "Velmora", "told", "according", "to", "40", "people", "1,200", "%",
         "$", "on", "Monday", "he", "she", "they", "Mira", "Tann", "council", "accused", "agreed", "---", "<p>")

unicode_text = st.text(max_size=400)  # any code point except surrogates
quote_heavy = st.text(alphabet=QUOTE_MARKS + " \nab.,:", max_size=200)
control_heavy = st.text(alphabet=CONTROLS + "ab .\n", max_size=200)
wordy = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(list(QUOTE_MARKS)), st.sampled_from(list(CONTROLS)),
              st.sampled_from(list(ODD)), st.text(max_size=6)),
    max_size=80,
).map(lambda parts: " ".join(parts))


def _long_token(longest: int) -> st.SearchStrategy[str]:
    return st.builds(lambda ch, n, pad: pad + ch * n + pad,
                     st.sampled_from(["a", "9", "-", "“", "é", "\U0001F600", "=", "x:"]),
                     st.integers(longest // 30, longest), st.sampled_from(["", " ", "\n", "\""]))


#: very long tokens: up to 30,000 characters for readers (which must make them harmless)...
long_token = _long_token(30_000)
#: ...and up to 1,500 where raw text goes straight into spaCy, whose tokenizer is quadratic on them
short_long_token = _long_token(1_500)

#: ...and up to 5,000 for the cleaned text that goes through the whole (slower) pipeline
medium_long_token = _long_token(5_000)

#: the mix every reader and extractor is fed
hostile_text = st.one_of(unicode_text, quote_heavy, control_heavy, wordy, long_token)
#: the same for text that skips ingest's cleaning (spaCy fed directly)
hostile_raw = st.one_of(unicode_text, quote_heavy, control_heavy, wordy, short_long_token)
hostile_medium = st.one_of(unicode_text, quote_heavy, control_heavy, wordy, medium_long_token)

_TAGS = ("p", "div", "span", "a", "b", "script", "style", "article", "body", "html", "br", "title", "li",
         "table", "tr", "td", "h1", "noscript", "meta", "svg", "iframe")


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, close: f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if close else ""),
        st.sampled_from(_TAGS),
        st.sampled_from(["", ' class="x"', " id='main'", ' href="javascript:1"', " =", ' a="unclosed']),
        st.lists(children, max_size=4).map("".join),
        st.booleans(),
    )


html_fragment = st.recursive(st.one_of(hostile_text.map(lambda t: t[:200]), st.sampled_from(["&amp;", "&#0;",
                             "&#x110000;", "&bogus;", "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "</"])),
                             _element, max_leaves=20)
html_page = st.builds(
    lambda doctype, head, body: f"{doctype}<html><head><title>{head}</title></head><body>{body}</body></html>",
    st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>"]),
    hostile_text.map(lambda t: t[:80]),
    html_fragment,
)
