"""Excel workbooks of a report (openpyxl): one workbook per scenario, one sheet
per table, and ``overview.xlsx`` when the report covers several scenarios.

Each sheet: the table's title (row 1), its caption with the price year and
discount rate (row 2), the header (row 4, bold on a shaded fill, wrapped,
frozen below) and one row per perspective, payer, outcome, year or input
(from row 5). Cells hold numbers with an Excel number format, so Excel shows
them with the reader's own thousands separator and decimal mark (a Swedish
Excel: ``1 234 567,8``): amounts in MSEK (``#,##0.0``) or SEK (``#,##0``),
probabilities as percentages, years without separator. A missing value (no
payback within the horizon, a ratio at zero cost) is the text "–". The first
sheet ("About"/"Om rapporten") states the inputs. Read back with
``pandas.read_excel(path, sheet_name=..., header=3, index_col=0)``.
"""

from __future__ import annotations

from pathlib import Path

from prevsim.labels import label
from prevsim.report import MISSING, Report, Table, _missing

HEADER_ROW = 4  # 1-based; pandas: header=3
_NUMBER_FORMAT = {"msek": "#,##0.0", "sek": "#,##0", "share": "0%", "ratio": "0.00", "year": "0",
                  "count": "#,##0.0", "number": "General"}
_SHEET = {"summary": "sheet.summary", "summary_per_participant": "sheet.summary_per_participant",
          "by_payer": "sheet.by_payer", "by_outcome": "sheet.by_outcome", "cashflow": "sheet.cashflow",
          "inputs": "sheet.inputs", "overview": "sheet.overview", "about": "sheet.about",
          "tornado": "sheet.tornado", "evppi": "sheet.evppi"}


def _sheet_name(key: str, lang: str) -> str:
    name = label(_SHEET[key], lang) if key in _SHEET else key
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    return {
        "title": Font(bold=True, size=14),
        "caption": Font(italic=True, size=9, color="555555"),
        "header": Font(bold=True, color="FFFFFF"),
        "header_fill": PatternFill("solid", fgColor="1F4E79"),
        "header_align": Alignment(wrap_text=True, vertical="top"),
        "index": Font(bold=True),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "border": Border(bottom=Side(style="thin", color="BBBBBB")),
    }


def write_table(ws, table: Table, lang: str) -> None:
    """Writes ``table`` to the worksheet ``ws`` (layout in the module docstring)."""
    from openpyxl.utils import get_column_letter

    st = _styles()
    flat = table.flat_columns()
    ws.cell(row=1, column=1, value=table.title).font = st["title"]
    if table.caption:
        ws.cell(row=2, column=1, value=table.caption).font = st["caption"]
    header = [table.index_label] + [lab for _, lab, _ in flat]
    for j, h in enumerate(header, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=h)
        cell.font, cell.fill, cell.alignment = st["header"], st["header_fill"], st["header_align"]
    widths = [max(12, min(48, len(table.index_label) + 2))] + [12] * len(flat)
    for i, row_label in enumerate(table.row_labels):
        r = HEADER_ROW + 1 + i
        c = ws.cell(row=r, column=1, value=row_label)
        c.font, c.alignment = st["index"], st["wrap"]
        widths[0] = max(widths[0], min(48, len(row_label) + 2))
        for j, (key, _, kind) in enumerate(flat, start=2):
            value = table.data[key][i]
            if kind == "text":
                cell = ws.cell(row=r, column=j, value="" if value is None else str(value))
                cell.alignment = st["wrap"]
                widths[j - 1] = max(widths[j - 1], min(60, len(str(value or "")) + 2))
            elif _missing(value):
                cell = ws.cell(row=r, column=j, value=MISSING)
            else:
                cell = ws.cell(row=r, column=j, value=value / 1e6 if kind == "msek" else value)
                cell.number_format = _NUMBER_FORMAT[kind]
    for j, (_, lab, kind) in enumerate(flat, start=2):
        # Wide enough for the numbers; long headers wrap (at most ~3 lines).
        widths[j - 1] = max(widths[j - 1], 14 if kind != "text" else 12, min(28, len(lab) // 3 + 4))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.row_dimensions[HEADER_ROW].height = 48
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)


def _about_sheet(ws, section, lang: str) -> None:
    st = _styles()
    ws.cell(row=1, column=1, value=section.title).font = st["title"]
    ws.cell(row=2, column=1, value=section.settings_text).font = st["caption"]
    r = HEADER_ROW
    for k, v in section.meta_rows:
        ws.cell(row=r, column=1, value=k).font = st["index"]
        ws.cell(row=r, column=2, value=v).alignment = st["wrap"]
        r += 1
    if section.description:
        r += 1
        ws.cell(row=r, column=1, value=label("report.description", lang)).font = st["index"]
        ws.cell(row=r, column=2, value=section.description).alignment = st["wrap"]
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 100


def write_workbooks(report: Report, folder: Path) -> list[Path]:
    """``STEM.xlsx`` per scenario (and ``overview.xlsx`` for several) in ``folder``."""
    from openpyxl import Workbook

    written = []
    lang = report.lang
    if report.overview is not None:
        wb = Workbook()
        write_table(wb.active, report.overview, lang)
        wb.active.title = _sheet_name("overview", lang)
        path = Path(folder) / "overview.xlsx"
        wb.save(path)
        written.append(path)
    for s in report.scenarios:
        wb = Workbook()
        about = wb.active
        about.title = _sheet_name("about", lang)
        _about_sheet(about, s, lang)
        for t in s.tables:
            write_table(wb.create_sheet(_sheet_name(t.key, lang)), t, lang)
        path = Path(folder) / f"{s.stem}.xlsx"
        wb.save(path)
        written.append(path)
    return written


__all__ = ["HEADER_ROW", "write_table", "write_workbooks"]
