"""Programme and region mentions in Indonesian news text, each with its sentence.

Rules that matter:
- BPJS Kesehatan (health insurance, JKN/KIS) is a different agency: never a BPJS TK mention.
  A bare "BPJS" counts as BPJS Ketenagakerjaan only when its paragraph says ketenagakerjaan,
  jamsostek, naker, pekerja rentan, JKK or JKM, and does not speak of BPJS Kesehatan.
- "JP" is also a common abbreviation (of names, of "Jawa Pos"): it counts only as the full name
  "Jaminan Pensiun", or as "JP" in a sentence that names another programme or BPJS TK.
- Regions come from the one region dictionary (``transforms.regions``); the words the government's
  configuration adds (``press_region_words``) say when its own bare name counts ("Jambi" alone is
  the province unless "Kota" precedes it) and which other names count for a region (a capital).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.government import current
from transforms.regions import PROVINCE, iter_name_variants, resolve_region


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    programme: str
    matched: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class RegionMention:
    code: str
    name: str
    matched: str
    start: int
    end: int
    level: str  # province | regency | city | district
    sentence: str = ""
    # A place inside one of the government's regions, counted for it (a district named in the text), as
    # against a mention of the region itself (a regency's government's regions are districts too).
    inside: bool = False


# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("rp", "no", "kab", "kec", "kel", "prov", "dr", "drs", "ir", "h", "hj", "st", "sh", "se", "mm", "jl",
                  "tel", "telp", "hlm", "dll", "dsb", "bpk", "ibu", "sdr", "m.si", "s.sos", "s.e", "prof", "a.n", "ttd")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+|\n\s*\n|\n")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (decimals, initials and abbreviations do not split)."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group().rstrip())
        candidate = text[start:end]
        last = re.search(r"(\S+)$", text[start:match.start()])
        token = (last.group(1) if last else "").lower().rstrip(".")
        # Keep "Rp.", "Kab.", initials ("H.") and the like inside the sentence.
        if "\n" not in match.group() and (token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token)):
            continue
        if candidate.strip():
            lead = len(candidate) - len(candidate.lstrip())
            sentences.append(Sentence(candidate.strip(), start + lead, end))
        start = match.end()
    tail = text[start:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        sentences.append(Sentence(tail.strip(), start + lead, len(text.rstrip())))
    return sentences


def sentence_at(sentences: list[Sentence], offset: int) -> str:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence.text
    return ""


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("BPJS_TK", re.compile(
        r"\bBPJS\s*(?:Ketenagakerjaan|TK|Naker)\b|\bBP\s*Jamsostek\b|\bBPJAMSOSTEK\b|\bJamsostek\b",
        re.IGNORECASE)),
    # The government's own programmes, by the words its configuration gives them.
    *((p.code, re.compile("|".join(p.press_words), re.IGNORECASE)) for p in current().programmes),
    ("PARITRANA", re.compile(r"\bParitrana(?:\s+Award)?\b", re.IGNORECASE)),
    ("JKK", re.compile(r"\bJKK\b|\bJaminan\s+Kecelakaan\s+Kerja\b", re.IGNORECASE)),
    ("JKM", re.compile(r"\bJKM\b|\bJaminan\s+Kematian\b", re.IGNORECASE)),
    ("JHT", re.compile(r"\bJHT\b|\bJaminan\s+Hari\s+Tua\b", re.IGNORECASE)),
    ("JKP", re.compile(r"\bJKP\b|\bJaminan\s+Kehilangan\s+Pekerjaan\b", re.IGNORECASE)),
    ("JP", re.compile(r"\bJaminan\s+Pensiun\b", re.IGNORECASE)),
    ("PEKERJA_RENTAN", re.compile(r"\bpekerja\s+rentan\b", re.IGNORECASE)),
)
_BARE_JP = re.compile(r"\bJP\b")
_BARE_BPJS = re.compile(r"\bBPJS\b(?!\s*(?:Ketenagakerjaan|TK|Naker|Kesehatan))", re.IGNORECASE)
# Health insurance (BPJS Kesehatan, JKN/KIS): another agency, never BPJS Ketenagakerjaan.
HEALTH_INSURANCE = re.compile(r"\bBPJS\s*Kesehatan\b|\bJKN\b|\bKIS\b|\bKartu\s+Indonesia\s+Sehat\b", re.IGNORECASE)
_EMPLOYMENT_CONTEXT = re.compile(r"ketenagakerjaan|jamsostek|naker\b|pekerja\s+rentan|\bJKK\b|\bJKM\b|"
                                 + re.escape(current().main_programme.name), re.IGNORECASE)


def _paragraph(text: str, offset: int) -> str:
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return text[start + 2 if start != -1 else 0:end if end != -1 else len(text)]


def find_programme_mentions(text: str) -> list[Mention]:
    sentences = split_sentences(text)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(key: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(Mention(key, text[start:end], start, end, sentence_at(sentences, start)))

    for key, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            add(key, match.start(), match.end())
    for match in _BARE_BPJS.finditer(text):
        paragraph = _paragraph(text, match.start())
        if _EMPLOYMENT_CONTEXT.search(paragraph) and not HEALTH_INSURANCE.search(paragraph):
            add("BPJS_TK", match.start(), match.end())
    for match in _BARE_JP.finditer(text):
        sentence = sentence_at(sentences, match.start())
        if re.search(r"\bJKK\b|\bJKM\b|\bJHT\b|ketenagakerjaan|jaminan", sentence, re.IGNORECASE):
            add("JP", match.start(), match.end())
    return sorted(found, key=lambda m: m.start)


def _region_patterns() -> list[tuple[re.Pattern[str], str]]:
    government = current()
    # Words the configuration gives beyond the regions' names (a regency's capital), the government's own
    # region's last: its bare name only where no longer place name holds it ("Jambi", not "Kota Jambi").
    own = [(re.compile(w), code) for code, words in government.press_region_words.items() if code == PROVINCE.code
           for w in words]
    patterns = [(re.compile(w, re.IGNORECASE), code) for code, words in government.press_region_words.items()
                if code != PROVINCE.code for w in words]
    for name, region in iter_name_variants():
        if region is PROVINCE:
            continue
        words = [re.escape(w) for w in name.replace(".", ". ").split()]
        body = r"\.?\s*".join(w.rstrip(r"\.") for w in words)
        patterns.append((re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE), region.kemendagri_code))
    return patterns + own


_REGION_PATTERNS = _region_patterns()


def find_regions(text: str) -> list[RegionMention]:
    """Regions named in ``text`` (longest spelling first; overlapping shorter ones ignored)."""
    from transforms.districts import find_districts

    sentences = split_sentences(text)
    taken: list[tuple[int, int]] = []
    found: list[RegionMention] = []
    # Districts first: "Jambi Selatan" is a district of Kota Jambi, not the province.
    for district in find_districts(text):
        taken.append((district.start, district.end))
        found.append(RegionMention(code=district.code, name=district.name, matched=district.matched,
                                   start=district.start, end=district.end, level="district",
                                   sentence=sentence_at(sentences, district.start), inside=True))
    for pattern, code in _REGION_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            region = resolve_region(code)
            found.append(RegionMention(code=code, name=region.name, matched=match.group(), start=start, end=end,
                                       level=region.kind, sentence=sentence_at(sentences, start)))
    return sorted(found, key=lambda m: m.start)
