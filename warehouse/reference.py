"""Reference figures seeded into the warehouse by migrations, each with its documented source.

Workforce per regency is the coverage denominator. The provincial figure is BPJS
Ketenagakerjaan's count of potential workers for Jambi in August 2024 (1.312.370, the base of
the published 39,52% coverage). No regency split of that figure is published with it, so the
split here is derived: the provincial figure apportioned by each regency's share of the 2020
Population Census (SP2020) count, largest remainder, so the regencies add up exactly.
Replace these rows when an official per-regency series is loaded.
"""

from __future__ import annotations

PROVINCE_WORKFORCE_2024 = 1_312_370
WORKFORCE_SOURCE = (
    "Derived: BPJS Ketenagakerjaan potential workers for Jambi, August 2024 (1.312.370), "
    "apportioned by SP2020 population share (BPS, Sensus Penduduk 2020)"
)

# SP2020 population by regency/city (BPS), keyed by Kemendagri code.
POPULATION_SP2020: dict[str, int] = {
    "15.01": 250_259,  # Kerinci
    "15.02": 354_052,  # Merangin
    "15.03": 290_047,  # Sarolangun
    "15.04": 301_700,  # Batanghari
    "15.05": 402_017,  # Muaro Jambi
    "15.06": 317_498,  # Tanjung Jabung Barat
    "15.07": 229_813,  # Tanjung Jabung Timur
    "15.08": 362_363,  # Bungo
    "15.09": 337_669,  # Tebo
    "15.71": 606_200,  # Kota Jambi
    "15.72": 96_610,  # Kota Sungai Penuh
}


def apportion(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split ``total`` by ``weights`` with the largest-remainder method (parts sum to total)."""
    weight_sum = sum(weights.values())
    exact = {k: total * w / weight_sum for k, w in weights.items()}
    parts = {k: int(v) for k, v in exact.items()}
    short = total - sum(parts.values())
    for key in sorted(exact, key=lambda k: exact[k] - parts[k], reverse=True)[:short]:
        parts[key] += 1
    return parts


WORKFORCE_2024: dict[str, int] = apportion(PROVINCE_WORKFORCE_2024, POPULATION_SP2020)

# Upper plausibility bound for money figures: the province's annual budget (APBD) is about
# Rp 4-5 triliun; the upper end is used until the enacted APBD figures are loaded.
PROVINCIAL_BUDGET_IDR = 5_000_000_000_000
BUDGET_SOURCE = "Upper end of Jambi's APBD range (about Rp 4-5 triliun a year); plausibility bound only"
BUDGET_YEARS = range(2020, 2027)

# Province population (2024, about 3.8 million): upper bound for counts of people.
PROVINCE_POPULATION = 3_800_000
