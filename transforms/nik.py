"""Structural validation of a NIK (Nomor Induk Kependudukan), Indonesia's 16-digit ID number.

Digits 1-6: province, regency and district codes (Kemendagri) of first registration; 7-12:
birth date DDMMYY, with 40 added to the day for women; 13-16: a serial. There is no check
digit, so validation is structural only. A prefix from another province is legitimate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Kemendagri province codes (38 provinces, including the Papua provinces formed in 2022).
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
    "31", "32", "33", "34", "35", "36",
    "51", "52", "53",
    "61", "62", "63", "64", "65",
    "71", "72", "73", "74", "75", "76",
    "81", "82",
    "91", "92", "93", "94", "95", "96", "97",
})


class InvalidNik(ValueError):
    """A NIK that cannot be right. The message never repeats the NIK."""


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province_code: str
    regency_code: str  # Kemendagri, dotted: province.regency
    district_code: str  # Kemendagri, dotted: province.regency.district
    birth_date: date
    sex: str  # "F" | "M"


def normalise_nik(value: object) -> str:
    """The NIK as written, without the spaces, dots and dashes people group its digits with.

    A NIK is text: one that arrives as a number (a spreadsheet cell holding a number, or a number
    written in scientific notation, "1.50504220878639E+15") is refused, because a number cannot say
    whether it lost leading zeros or, past 15 significant digits, its last digits (Excel keeps 15).
    """
    if isinstance(value, bool | int | float):
        raise InvalidNik("arrived as a number, not as text: a spreadsheet keeps only 15 significant digits and "
                         "drops leading zeros, so the NIK cannot be trusted (format the column as text)")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return value  # as most arrive: nothing to normalise
    # Fullwidth digits ("１５０５...", typed with an East Asian input method) are the same digits.
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+", text):
        raise InvalidNik("written in scientific notation (a spreadsheet turned it into a number and may have "
                         "rounded its last digits): send NIKs as text")
    return re.sub(r"[\s.\-']", "", text)


def validate_nik(value: object, *, today: date | None = None) -> NikInfo:
    nik, born, sex = _checked(value, today)
    province, regency, district = nik[:2], nik[2:4], nik[4:6]
    return NikInfo(nik=nik, province_code=province, regency_code=f"{province}.{regency}",
                   district_code=f"{province}.{regency}.{district}", birth_date=born, sex=sex)


def checked_nik(value: object, *, today: date | None = None) -> str:
    """The NIK as :func:`validate_nik` checks it, without its parts (a roster needs only the number)."""
    return _checked(value, today)[0]


def _checked(value: object, today: date | None) -> tuple[str, date, str]:
    nik = normalise_nik(value)
    if not nik:
        raise InvalidNik("blank")
    if not (nik.isascii() and nik.isdigit()):
        raise InvalidNik("contains characters other than the digits 0-9")
    if len(nik) != 16:
        raise InvalidNik(f"has {len(nik)} digits, not 16")
    province, regency, district = nik[:2], nik[2:4], nik[4:6]
    if province not in PROVINCE_CODES:
        raise InvalidNik(f"province code {province} does not exist")
    if regency == "00" or district == "00":
        raise InvalidNik("regency or district code is 00")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "M"
    if day > 40:
        day -= 40
        sex = "F"
    today = today or date.today()
    century = 2000 if 2000 + year2 <= today.year else 1900
    try:
        born = date(century + year2, month, day)
    except ValueError:
        raise InvalidNik(f"birth date {day:02d}/{month:02d} is not a real date") from None
    if nik[12:] == "0000":
        raise InvalidNik("serial 0000 is not issued")
    return nik, born, sex
