"""A figure as an article quotes it: the figure (:mod:`transforms.figures`) and what it claims
(:mod:`transforms.claims`) in one typed record, the unit the news service hands the warehouse
(one ``news_figure`` row, mapped there).

Dates are figures without a claim (they are dimensions of other figures); every money, count and
percent figure has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from transforms.claims import Claim, claims_from_figures
from transforms.figures import Figure, extract_figures


@dataclass(frozen=True)
class QuotedFigure:
    figure: Figure
    claim: Claim | None = None

    @property
    def metric(self) -> str | None:
        """What the figure measures (participants, coverage_rate, ...), from its claim."""
        return self.claim.metric if self.claim else None

    @property
    def period(self) -> str | None:
        """The period the figure speaks of: its claim's (which may come from earlier in the
        article), else the one stated beside it."""
        return self.claim.period if self.claim else self.figure.period

    @property
    def text(self) -> str:
        return self.figure.text


def quote_figures(text: str, published_at: datetime | None, *, budget_idr: int,
                  population: int) -> list[QuotedFigure]:
    """Every figure of ``text`` with its claim, in the order the text gives them."""
    found = extract_figures(text, published_at=published_at, budget_idr=budget_idr, population=population)
    claims = {c.start: c for c in claims_from_figures(text, found, published_at)}
    return [QuotedFigure(figure, claims.get(figure.start)) for figure in found]
