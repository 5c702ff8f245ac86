"""A regency official's page: the export rows about the regency that were set aside, and no other."""

from __future__ import annotations

from pathlib import Path


def test_a_regency_page_lists_the_quarantined_rows_that_name_it(sample_month: Path) -> None:
    from bs4 import BeautifulSoup

    from pantau.tasks.report import build
    from reports.history import region_page

    paths = build("2024-06")
    folder = Path(paths["html"]).parent

    def rows(code: str) -> list[str]:
        soup = BeautifulSoup((folder / region_page(code)).read_text(encoding="utf-8"), "html.parser")
        section = soup.find(id="karantina")
        assert section is not None
        return [tr.get_text(" ", strip=True) for tr in section.select("tbody tr")]

    city = rows("15.71")  # the sample exports hold a Kota Jambi row whose count reads '1.2O4'
    assert city and all("1.2O4" in line for line in city), city
    assert {line.split(" ")[0] for line in city} >= {"April", "Mei", "Juni"}
    assert rows("15.01") == []  # Kerinci: nothing of Kerinci was set aside
    # A row whose region is unknown ('Kab. Jambi Selatan') names no regency: on no regency's page.
    every = [line for code in ("15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09",
                               "15.71", "15.72") for line in rows(code)]
    assert not any("Jambi Selatan" in line for line in every)
