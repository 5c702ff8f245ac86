"""A page whose story is told in its captions: photo galleries and video pages.

On such a page the text trafilatura finds is the page's furniture (share and rating buttons, a
"Popular Videos" heading, other stories' headlines): not one sentence of prose. The story a
reader gets from the page is what its captions say, so a body that holds no sentence is replaced
by the page's captions that do (each once, in the order of the page).
"""

from __future__ import annotations

import re
from typing import Any

from transforms.article.page import text_of

# A sentence of prose: eighty characters or more holding the end of a sentence, a word or the
# bracketed date Indonesian press closes its sentences with ("Senin (15/2).") before the stop.
_SENTENCE_END = re.compile(r"(?:[^\W\d_]{2}|\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))[.!?][\"”’)]?(?:\s|$)")


def is_sentence(line: str) -> bool:
    return len(line) >= 80 and bool(_SENTENCE_END.search(line))


def caption_story(root: Any, paragraphs: list[str]) -> list[str] | None:
    """The page's captions of prose, when the body found holds no prose and they do; None otherwise."""
    if any(is_sentence(line) for line in paragraphs):
        return None
    captions: list[str] = []
    for node in root.iter("figcaption"):
        text = text_of(node)
        if is_sentence(text) and text not in captions:
            captions.append(text)
    return captions or None
