"""Hostile inputs: files that are not files (links, FIFOs, devices, directories) and files made to
cost time or memory (one huge line, too many rows or cells, a value in the last cell a sheet can
have, a gigabyte shared string, an alias bomb). Small ones are written into the corpus by
``make_corpus.py``; the rest are made at runtime (``GENERATED``) by the tests and by
``bench/hostile_bench.py``, so nothing big is committed.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from extractors.limits import (
    MAX_CELL_CHARS,
    MAX_CELL_ELEMENTS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_DECOMPRESSED_BYTES,
    MAX_LINE_CHARS,
    MAX_OTHER_PART_BYTES,
    MAX_ROSTER_ROWS,
    MAX_ROW_ELEMENTS,
    MAX_ROWS,
    MAX_ZIP_MEMBERS,
)

HEADER = "No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktif;Iuran (Rp)"
TITLE = "REKAP KEPESERTAAN BPJS KETENAGAKERJAAN\nBULAN JUNI 2024\n"
_DATE = (2024, 7, 1, 0, 0, 0)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _content_types(shared: bool) -> str:
    shared_part = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>') if shared else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
            f'formats-officedocument.spreadsheetml.worksheet+xml"/>{shared_part}</Types>')


def _write(archive: zipfile.ZipFile, name: str, data: str | bytes) -> None:
    archive.writestr(zipfile.ZipInfo(name, date_time=_DATE), data, compress_type=zipfile.ZIP_DEFLATED)


def write_workbook(path: Path, sheet: Callable[[zipfile.ZipFile], None] | str,
                   shared: Callable[[zipfile.ZipFile], None] | str | None = None, extra_parts: int = 0) -> Path:
    """A minimal workbook (one sheet "Rekap Juni 2024"), its sheet and shared strings written as
    given (text, or a function streaming the part into the archive)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "[Content_Types].xml", _content_types(shared is not None))
        _write(archive, "_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
               'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        _write(archive, "xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
               f'xmlns:r="{_REL}"><sheets><sheet name="Rekap Juni 2024" sheetId="1" r:id="rId1"/></sheets>'
               '</workbook>')
        shared_rel = ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      'relationships/sharedStrings" Target="sharedStrings.xml"/>') if shared is not None else ""
        _write(archive, "xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
               f'xmlns="{_PKG_REL}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               f'{shared_rel}</Relationships>')
        if callable(sheet):
            sheet(archive)
        else:
            _write(archive, "xl/worksheets/sheet1.xml", sheet)
        if callable(shared):
            shared(archive)
        elif shared is not None:
            _write(archive, "xl/sharedStrings.xml", shared)
        for number in range(extra_parts):
            _write(archive, f"xl/media/part{number}.xml", "<x/>")
    return path


def _sheet(dimension: str, rows: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
            f"<sheetData>{rows}</sheetData></worksheet>")


def _stream_part(name: str, pieces: Iterator[bytes]) -> Callable[[zipfile.ZipFile], None]:
    def write(archive: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(name, date_time=_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as part:
            for piece in pieces:
                part.write(piece)
    return write


def far_cell_xlsx(path: Path) -> Path:
    """One value in XFD1048576, the last cell a sheet can have, and a dimension declaring all of it."""
    return write_workbook(path, _sheet("A1:XFD1048576", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))


def far_row_xlsx(path: Path) -> Path:
    """A title, then one value below the row limit: the sheet's content, not its range, is too long."""
    row = MAX_ROWS + 1
    return write_workbook(path, _sheet(f"A1:B{row}", '<row r="1"><c r="A1" t="inlineStr"><is><t>REKAP JUNI 2024'
                                       f'</t></is></c></row><row r="{row}"><c r="B{row}"><v>7</v></c></row>'))


def long_shared_string_xlsx(path: Path, chars: int = 20_000) -> Path:
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'
              f'{"x" * chars}</t></si></sst>')
    return write_workbook(path, _sheet("A1", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)


def gigabyte_shared_string_xlsx(path: Path, size: int = 1 << 30) -> Path:
    """About 1 MB on disk, one shared string of ``size`` bytes unpacked."""
    def pieces() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        block = b"x" * (1 << 20)
        for _ in range(size // len(block)):
            yield block
        yield b"</t></si></sst>"
    return write_workbook(path, _sheet("A1", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                          _stream_part("xl/sharedStrings.xml", pieces()))


def many_cells_xlsx(path: Path, columns: int = 150) -> Path:
    """More cells with content than the limit, each row within the column limit."""
    rows = MAX_CELLS // columns + 1

    def pieces() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
        cells = "".join(f"<c><v>{c}</v></c>" for c in range(columns))
        for number in range(1, rows + 1):
            yield f'<row r="{number}">{cells}</row>'.encode()
        yield b"</sheetData></worksheet>"
    return write_workbook(path, _stream_part("xl/worksheets/sheet1.xml", pieces()))


def many_parts_xlsx(path: Path) -> Path:
    return write_workbook(path, _sheet("A1", '<row r="1"><c r="A1"><v>1</v></c></row>'), extra_parts=MAX_ZIP_MEMBERS)


def doctype_xlsx(path: Path) -> Path:
    """Entity expansion ("billion laughs") needs a DOCTYPE; no workbook part has one."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [{entities}]><worksheet xmlns="{_MAIN}">'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>')
    return write_workbook(path, sheet)


def one_line_csv(path: Path, size: int = MAX_LINE_CHARS + (1 << 20)) -> Path:
    """A CSV of one line of ``size`` characters (200 MB in the benchmark), no line break at all."""
    block = ("1;" * (1 << 19)).encode()
    with path.open("wb") as handle:
        written = 0
        while written < size:
            handle.write(block[: size - written])
            written += len(block)
    return path


def many_rows_csv(path: Path) -> Path:
    """More rows than the limit, each short (within the cell limit)."""
    line = "1;\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(MAX_ROWS + 1):
            handle.write(line)
    return path


def many_rows_roster(path: Path) -> Path:
    """A roster whose one participant is followed by more spacer records than a roster may hold."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("DAFTAR PESERTA BULAN JUNI 2024\n"
                     "No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Segmen;Program;Tanggal Mulai;Sumber Dana\n"
                     "1;1505014101900001;Siti A;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi\n")
        spacer = ";" * 8 + "\n"
        for _ in range(MAX_ROSTER_ROWS - 2):
            handle.write(spacer)
    return path


def many_cells_csv(path: Path, columns: int = 150) -> Path:
    line = ";".join(["1"] * columns) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(MAX_CELLS // columns + 1):
            handle.write(line)
    return path


def alias_bomb_yaml(path: Path) -> Path:
    """About 500 bytes that PyYAML would expand to 9^10 strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path.write_text("\n".join([*lines, "rows: [*a9]"]) + "\n", encoding="utf-8")
    return path


def link_to(target: str) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        os.symlink(target, path)
        return path
    return make


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def directory(path: Path) -> Path:
    path.mkdir()
    (path / "inside.csv").write_text(TITLE + HEADER + "\n", encoding="utf-8")
    return path


def device(path: Path) -> Path:
    """A character device (the null device's numbers); needs the right to make device nodes."""
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    return path


def long_name(path: Path) -> Path:
    """A good export under a 252-character file name (the file system allows 255 bytes)."""
    target = path.with_name("x" * (252 - len("-2024-06.csv")) + "-2024-06.csv")
    target.write_text(TITLE + HEADER + "\n1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000\n", encoding="utf-8")
    return target


def _inline(ref: str, value: object) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def coverage_sheet(rows: list[list[object]]) -> str:
    """A worksheet of a title, the export header and ``rows`` (text as inline strings, else numbers)."""
    table: list[list[object]] = [["REKAP KEPESERTAAN BPJS KETENAGAKERJAAN BULAN JUNI 2024"],
                                 list(HEADER.split(";")), *rows]
    xml = "".join(f'<row r="{number}">' + "".join(_inline(f"{chr(65 + col)}{number}", value)
                                                  for col, value in enumerate(cells)) + "</row>"
                  for number, cells in enumerate(table, start=1))
    return _sheet(f"A1:G{len(table)}", xml)


def count_stored_as(text: str) -> Callable[[Path], Path]:
    """A workbook whose one count cell (F3) is a number cell holding ``text`` ("1E999", "NaN")."""
    def make(path: Path) -> Path:
        sheet = coverage_sheet([["1", "Kab. Kerinci", "BPU", "JKK-JKM", "APBD Provinsi", 0, 168000]])
        return write_workbook(path, sheet.replace('<c r="F3"><v>0</v></c>', f'<c r="F3"><v>{text}</v></c>'))
    return make


ROSTER_HEADER = "No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Segmen;Program;Tanggal Mulai;Sumber Dana"


def fullwidth(digits: str) -> str:
    return "".join(chr(ord(d) + 0xFEE0) for d in digits)


def roster_fullwidth_nik(path: Path) -> Path:
    """A roster whose second NIK is typed "15" then fullwidth digits (an East Asian input method)."""
    path.write_text("DAFTAR PESERTA BULAN JUNI 2024\n" + ROSTER_HEADER + "\n"
                    "1;1505014101900001;Siti A;Desa X;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi\n"
                    f"2;15{fullwidth('07024507850011')};Budi B;Desa Y;Tebo;BPU;JKK-JKM;01/01/2024;APBD Provinsi\n",
                    encoding="utf-8")
    return path


# Inputs made at runtime: name -> (maker, outcome, detail, options). The maker gets the path to
# create and returns the path to give the CLI. ``command`` says which command reads it.
REFERENCE = {"command": "reference"}
GENERATED: dict[str, tuple[Callable[[Path], Path], str, object, dict[str, str]]] = {
    "link_to_environ.csv": (link_to("/proc/self/environ"), "refused", ["is a symbolic link"], {}),
    "link_to_passwd-2024-06.csv": (link_to("/etc/passwd"), "refused", ["is a symbolic link"], {}),
    "link_to_passwd.yaml": (link_to("/etc/passwd"), "refused", ["is a symbolic link"], REFERENCE),
    "fifo.csv": (fifo, "refused", ["is a named pipe (FIFO)"], {}),
    "directory.csv": (directory, "refused", ["is a directory"], {}),
    "device.csv": (device, "refused", ["is a device"], {}),
    "one_line.csv": (one_line_csv, "rejected", ["line 1", "longer than 2,000,000 characters"], {}),
    "too_many_rows.csv": (many_rows_csv, "rejected", [f"more than {MAX_ROWS:,} rows", f"row {MAX_ROWS + 1}"], {}),
    "roster_too_many_rows-2024-06.csv": (many_rows_roster, "rejected", [
        f"more than {MAX_ROSTER_ROWS:,} rows", f"row {MAX_ROSTER_ROWS + 1}"], {}),
    "too_many_cells.csv": (many_cells_csv, "rejected", [f"more than {MAX_CELLS:,} cells"], {}),
    "too_many_cells.xlsx": (many_cells_xlsx, "rejected", [f"more than {MAX_CELLS:,} cells"], {}),
    "gigabyte_shared_string.xlsx": (gigabyte_shared_string_xlsx, "rejected",
                                    ["unpacks to 1,024 MB", "decompressed size", "xl/sharedStrings.xml"], {}),
    "too_many_parts.xlsx": (many_parts_xlsx, "rejected", ["parts", "limit 2,000"], {}),
    "long_name.csv": (long_name, "published", None, {}),
    "count_1e999.xlsx": (count_stored_as("1E999"), "rejected",
                         ["row 3", "column 'F'", "cell F3", "'1E999'", "beyond any finite number"], {}),
    "count_nan.xlsx": (count_stored_as("NaN"), "rejected", ["row 3", "column 'F'", "'NaN'", "is not a number"], {}),
    "roster_fullwidth_nik-2024-06.csv": (roster_fullwidth_nik, "published", {"rows": 2}, {}),
}


# --- the largest inputs each limit allows (bench/hostile_bench.py: each is read in bounded time) -----


def rows_at_limit_csv(path: Path) -> Path:
    """MAX_ROWS records of MAX_COLUMNS fields under a title and a 7-column export header, three cells
    of each holding content: the row, column and cell limits all reached, none passed."""
    filler = ";" * (MAX_COLUMNS - 7)
    per_row = 3
    rows = min(MAX_ROWS - 3, (MAX_CELLS - 2 - 7) // per_row)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"REKAP KEPESERTAAN BPJS KETENAGAKERJAAN BULAN JUNI 2024\n{HEADER}{filler}\n")
        line = f"1;Kab. Kerinci;;;;10;{filler}\n"
        for _ in range(rows):
            handle.write(line)
    return path


def cells_at_limit_xlsx(path: Path, columns: int = 150) -> Path:
    """A sheet holding MAX_CELLS numbers (the cell limit reached, not passed), rows within the column limit."""
    rows = MAX_CELLS // columns

    def pieces() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'.encode()
        cells = "".join(f"<c><v>{c}</v></c>" for c in range(columns))
        for number in range(1, rows + 1):
            yield f'<row r="{number}">{cells}</row>'.encode()
        yield b"</sheetData></worksheet>"
    return write_workbook(path, _stream_part("xl/worksheets/sheet1.xml", pieces()))


def empty_elements_at_limit_xlsx(path: Path) -> Path:
    """A title, then rows of MAX_ROW_ELEMENTS empty cell elements up to MAX_CELL_ELEMENTS in all."""
    def pieces() -> Iterator[bytes]:
        yield (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData><row r="1">'
               '<c r="A1" t="inlineStr"><is><t>REKAP JUNI 2024</t></is></c></row>').encode()
        row = b"<c/>" * MAX_ROW_ELEMENTS
        for number in range(2, (MAX_CELL_ELEMENTS - 1) // MAX_ROW_ELEMENTS + 2):
            yield f'<row r="{number}">'.encode() + row + b"</row>"
        yield b"</sheetData></worksheet>"
    return write_workbook(path, _stream_part("xl/worksheets/sheet1.xml", pieces()))


def empty_elements_past_limit_xlsx(path: Path) -> Path:
    """One row of 47,5 million empty cell elements (186 KB on disk)."""
    def pieces() -> Iterator[bytes]:
        yield (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
               '<row r="1">').encode()
        block = b"<c/>" * 500_000
        for _ in range(95):
            yield block
        yield b"</row></sheetData></worksheet>"
    return write_workbook(path, _stream_part("xl/worksheets/sheet1.xml", pieces()))


def _styles(count: int) -> Iterator[bytes]:
    yield (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_MAIN}"><fonts count="1"><font/></fonts>'
           '<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
           f'<cellXfs count="{count}">').encode()
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    for _ in range(count // 1000):
        yield xf * 1000
    yield b"</cellXfs></styleSheet>"


def _with_styles(path: Path, count: int) -> Path:
    write_workbook(path, _sheet("A1", '<row r="1"><c r="A1" t="inlineStr"><is><t>REKAP JUNI 2024</t></is></c></row>'))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        _stream_part("xl/styles.xml", _styles(count))(archive)
    return path


def styles_at_limit_xlsx(path: Path) -> Path:
    """A styles part just under its size limit (about 150,000 cell formats)."""
    per_xf = len(b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>')
    return _with_styles(path, (MAX_OTHER_PART_BYTES - 1024) // per_xf // 1000 * 1000)


def two_million_styles_xlsx(path: Path) -> Path:
    """Two million cell formats (about 300 KB on disk)."""
    return _with_styles(path, 2_000_000)


def shared_strings_at_limit_xlsx(path: Path) -> Path:
    """Shared strings filling the unpacked-size limit (each at the cell-size limit), one used by a cell."""
    size = MAX_CELL_CHARS
    count = (MAX_DECOMPRESSED_BYTES - (1 << 20)) // (size + 20)

    def pieces() -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{count}">'.encode()
        item = b"<si><t>" + b"x" * size + b"</t></si>"
        for _ in range(count):
            yield item
        yield b"</sst>"
    return write_workbook(path, _sheet("A1", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                          _stream_part("xl/sharedStrings.xml", pieces()))


def one_sheet_named_eight_times_xlsx(path: Path, maker: Callable[[Path], Path] | None = None) -> Path:
    """Eight <sheet> entries naming one sheet part (of MAX_CELLS cells unless ``maker`` says otherwise)."""
    many_cells = (maker or cells_at_limit_xlsx)(path.with_suffix(".one.xlsx"))
    with zipfile.ZipFile(many_cells) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'<sheet name="Rekap Juni 2024" sheetId="1" r:id="rId1"/>', b"".join(
                    f'<sheet name="Rekap {n}" sheetId="{n}" r:id="rId1"/>'.encode() for n in range(1, 9)))
            archive.writestr(item, data)
    many_cells.unlink()
    return path


def sheet_outside_worksheets_xlsx(path: Path) -> Path:
    """A valid export whose sheet part is xl/data/rekap.xml (its relationship says where)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Rekap Juni 2024"
    for row in [["REKAP KEPESERTAAN BPJS KETENAGAKERJAAN BULAN JUNI 2024"], HEADER.split(";"),
                [1, "Kab. Kerinci", "BPU", "JKK-JKM", "APBD Provinsi", 10, 168000],
                [2, "Merangin", "BPU", "JKK-JKM", "APBD Provinsi", 20, 336000]]:
        sheet.append(row)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            name = item.filename
            if name == "xl/worksheets/sheet1.xml":
                name = "xl/data/rekap.xml"
            elif name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", b"data/rekap.xml")
            archive.writestr(zipfile.ZipInfo(name, date_time=_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    plain.unlink()
    return path


def utf32_csv(path: Path) -> Path:
    """A good export saved as UTF-32 (with its byte-order mark)."""
    path.write_bytes((TITLE + HEADER + "\n1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000\n").encode("utf-32"))
    return path


def utf16_csv(path: Path) -> Path:
    """A good export saved as UTF-16 with its byte-order mark (Excel's "Unicode text")."""
    path.write_bytes((TITLE + HEADER + "\n1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000\n").encode("utf-16"))
    return path


def utf32_no_bom_csv(path: Path) -> Path:
    """A good export saved as UTF-32 without a byte-order mark."""
    path.write_bytes((TITLE + HEADER + "\n1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000\n").encode("utf-32-le"))
    return path


def blank_rows_csv(path: Path) -> Path:
    """A good export with blank records (only delimiters) between its rows, as many as the row limit allows."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(TITLE + HEADER + "\n1;Kab. Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000\n")
        handle.write(";;;;;;\n" * (MAX_ROWS - 10))
        handle.write("2;Merangin;BPU;JKK-JKM;APBD Provinsi;20;336.000\n")
    return path


def roster_at_limit_csv(path: Path) -> Path:
    """A roster of MAX_ROSTER_ROWS distinct, valid participants."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("DAFTAR PESERTA BULAN JUNI 2024\n" + ROSTER_HEADER + "\n")
        regions = ("Kerinci", "Merangin", "Sarolangun", "Batanghari", "Muaro Jambi", "Tebo", "Bungo")
        for number in range(1, MAX_ROSTER_ROWS - 1):
            serial = number % 9999 + 1
            day = number // 9999 % 28 + 1
            month = number // (9999 * 28) % 12 + 1
            nik = f"150501{day:02d}{month:02d}{(number // (9999 * 28 * 12)) % 50 + 50:02d}{serial:04d}"
            handle.write(f"{number};{nik};Peserta {number};Desa {number % 1500};{regions[number % 7]};BPU;JKK-JKM;"
                         "01/01/2024;APBD Provinsi\n")
    return path


def sheet_named_twice_xlsx(path: Path) -> Path:
    """A small export whose one sheet part is named by eight <sheet> entries."""
    return one_sheet_named_eight_times_xlsx(path, lambda p: write_workbook(p, coverage_sheet(
        [["1", "Kab. Kerinci", "BPU", "JKK-JKM", "APBD Provinsi", 10, 168000]])))


GENERATED.update({
    "utf32_export.csv": (utf32_csv, "published", {"active_participants": 10}, {}),
    "utf16_export.csv": (utf16_csv, "published", {"active_participants": 10}, {}),
    "sheet_outside_worksheets.xlsx": (sheet_outside_worksheets_xlsx, "published", {"active_participants": 30}, {}),
    "blank_rows.csv": (blank_rows_csv, "published", {"rows": 2}, {}),
    "utf32_no_bom.csv": (utf32_no_bom_csv, "rejected", ["UTF-32 without a byte-order mark"], {}),
    "empty_cells_47m.xlsx": (empty_elements_past_limit_xlsx, "rejected",
                             ["row 1 holds more than 16,384 cell elements", "more than a sheet has columns"], {}),
    "two_million_styles.xlsx": (two_million_styles_xlsx, "rejected",
                                ["xl/styles.xml unpacks to 101.1 MB", f"limit {MAX_OTHER_PART_BYTES >> 20} MB"], {}),
    "sheet_named_eight_times.xlsx": (sheet_named_twice_xlsx, "rejected",
                                     ["sheets 'Rekap 1' and 'Rekap 2' are one part (xl/worksheets/sheet1.xml)"], {}),
})
