"""Near-duplicate clustering of syndicated copies of one story (word shingles, MinHash, LSH).

Candidates found by MinHash LSH are confirmed by the exact Jaccard similarity of their
shingle sets. A cluster's canonical copy is the earliest published one (ties: the longest
text, then the smallest key), so every copy keeps its URL and exactly one speaks for the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 20240601


@dataclass(frozen=True)
class Cluster:
    canonical_key: str
    member_keys: list[str]


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def cluster_articles(items: list[tuple[str, str]], *, threshold: float = 0.8,
                     published_at: dict[str, datetime] | None = None) -> list[Cluster]:
    """Clusters of two or more near-identical texts (singletons are not returned)."""
    # Heavy: datasketch, loaded only when this runs.
    from datasketch import MinHash, MinHashLSH

    published_at = published_at or {}
    sets = {key: shingles(text) for key, text in items}
    lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=NUM_PERM)
    hashes: dict[str, MinHash] = {}
    for key, values in sets.items():
        if not values:
            continue
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
        minhash.update_batch([v.encode("utf-8") for v in values])
        hashes[key] = minhash
        lsh.insert(key, minhash)
    parent = {key: key for key in hashes}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other == key:
                continue
            a, b = sets[key], sets[other]
            if len(a & b) / len(a | b) >= threshold:
                parent[find(key)] = find(other)
    groups: dict[str, list[str]] = {}
    for key in hashes:
        groups.setdefault(find(key), []).append(key)
    lengths = dict((k, len(t)) for k, t in items)
    far_future = datetime.max.replace(tzinfo=None)

    def rank(key: str) -> tuple[datetime, int, str]:
        moment = published_at.get(key)
        return (moment.replace(tzinfo=None) if moment else far_future, -lengths.get(key, 0), key)

    clusters = [Cluster(min(members, key=rank), sorted(members)) for members in groups.values() if len(members) > 1]
    return sorted(clusters, key=lambda c: c.canonical_key)
