"""Place-and-date and number lines, by the rules of FORMAT.md."""

from __future__ import annotations

BLANK = "      "  # what a draft leaves for the number or the day: room to write by hand


def format_day(day: int | None) -> str:
    """Days below 10 are written 01…09; a blank day leaves room."""
    return BLANK if day is None else f"{day:02d}"


def format_month(month: int | None) -> str:
    """Months 1 and 2 are written 01, 02 (so they cannot be altered); 3…12 as they are."""
    if month is None:
        return BLANK
    return f"{month:02d}" if month < 3 else str(month)


def place_date_line(place: str, day: int | None, month: int | None, year: int) -> str:
    """«Cần Thơ, ngày 31 tháng 12 năm 2025»."""
    return f"{place}, ngày {format_day(day)} tháng {format_month(month)} năm {year}"


def number_line(number: int | str | None, symbol: str) -> str:
    """«Số: 224/KH-UBND»; numbers below 10 as 01…09; a draft leaves the number blank."""
    if number is None:
        return f"Số:{BLANK}{number_symbol(number, symbol)}"
    return f"Số: {number_symbol(number, symbol)}"


def document_date(day: int | None, month: int | None, year: int, style: str = "long") -> str:
    """«ngày 31 tháng 12 năm 2025» (long) or «ngày 31/12/2025» (short), blanks kept."""
    if style == "short":
        shown_day = format_day(day).strip() or " "
        shown_month = format_month(month).strip() or " "
        return f"ngày {shown_day}/{shown_month}/{year}"
    return f"ngày {format_day(day)} tháng {format_month(month)} năm {year}"


def number_symbol(number: int | str | None, symbol: str) -> str:
    """«224/KH-UBND», «07/KH-UBND», or «/KH-VPUB» while the number is blank.

    A number the plan wrote as digits («0155») prints exactly as written:
    the leading zeros are part of the number the office registered.
    """
    if number is None:
        return f"/{symbol}"
    shown = number if isinstance(number, str) else f"{number:02d}"
    return f"{shown}/{symbol}"
