"""Read the first visible sheet of an .xlsx workbook as text, within limits, in a child process.

A workbook is a zip of XML parts, and a hostile one can claim any size: a single cell at
``XFD1048576`` or a few megabytes that unpack to gigabytes of XML. This reader never trusts what
the file declares: it checks the declared dimension, the number of sheets and entries, then streams
the XML (counting the bytes it actually unpacks) and stops at the first limit passed: rows, columns,
cells, characters in a cell. Values are turned into the text Excel shows: numbers with at most 15
significant digits, dates as ISO dates, percent-formatted numbers as «72.5%», error cells as the
error's text («#DIV/0!»), so that validation can refuse them by name.

It runs in a child process (``python -m mart.intake.xlsxread``) with limits on memory and CPU time set by
the child itself, so that even an abort inside the interpreter cannot take the server down; see
``mart.intake.filereader.read_table``. Only the standard library is imported here: the child starts fast.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import posixpath
import re
import sys
import zipfile
from decimal import Decimal
from xml.parsers import expat

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_REL = "/worksheet"

# Excel's built-in number formats that show dates/times and percents
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
PERCENT_FORMAT_IDS = {9, 10}
EXCEL_ERRORS = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
)


class Refused(Exception):
    """The workbook is refused; the message is Russian and names the reason and the limit."""


def _n(v: int) -> str:
    return f"{v:,}".replace(",", "\u00a0")


class _Budget:
    """Counts the bytes of XML actually unpacked, across all parts."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def feed(self, zf: zipfile.ZipFile, name: str, parser: expat.XMLParserType) -> None:
        with zf.open(name) as fh:
            first = True
            while True:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                self.used += len(chunk)
                if self.used > self.limit:
                    raise Refused(
                        f"распакованный объём XML внутри книги больше допустимых {_n(self.limit // 1048576)} МБ "
                        "(так выглядит «zip-бомба» или лист с огромным числом пустых ячеек)"
                    )
                if first and (b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]):
                    raise Refused("книга содержит объявления DTD/ENTITY, которых не бывает в файлах Excel")
                first = False
                parser.Parse(chunk, False)
            parser.Parse(b"", True)


def _parser(start=None, end=None, chars=None) -> expat.XMLParserType:
    p = expat.ParserCreate(namespace_separator="|")
    p.buffer_text = True
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if chars:
        p.CharacterDataHandler = chars

    def no_entities(*_a):
        raise Refused("книга содержит объявления DTD/ENTITY, которых не бывает в файлах Excel")

    p.EntityDeclHandler = no_entities
    p.StartDoctypeDeclHandler = no_entities
    return p


def _local(tag: str) -> str:
    return tag.rsplit("|", 1)[-1]


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def parse_ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref.strip().upper())
    if not m:
        return None
    return int(m.group(2)), col_index(m.group(1))


def col_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def number_text(raw: str) -> str:
    """A number as Excel shows it in the General format: at most 15 significant digits."""
    v = float(raw)
    if v != v or v in (float("inf"), float("-inf")):
        return raw
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    d = Decimal(format(v, ".15g"))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percent_text(raw: str) -> str:
    d = Decimal(format(float(raw), ".15g")) * 100
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def _strip_format(code: str) -> str:
    code = re.sub(r'"[^"]*"', "", code)
    code = re.sub(r"\\.", "", code)
    code = re.sub(r"\[[^\]]*\]", "", code)
    return code.replace("_", "").replace("*", "")


def _format_kind(num_fmt_id: int, custom: dict[int, str]) -> str:
    if num_fmt_id in PERCENT_FORMAT_IDS:
        return "percent"
    if num_fmt_id in DATE_FORMAT_IDS:
        return "date"
    code = custom.get(num_fmt_id)
    if code is None:
        return "number"
    bare = _strip_format(code).lower()
    if "%" in bare:
        return "percent"
    if bare != "general" and re.search(r"[dmyhs]", bare.replace("general", "")):
        return "date"
    return "number"


def serial_date(raw: str, date1904: bool) -> str:
    v = float(raw)
    if date1904:
        base = dt.datetime(1904, 1, 1)
    else:
        base = dt.datetime(1899, 12, 31)
        if v >= 60:  # Excel's 29 February 1900, which never was
            v -= 1
    if not (0 <= v < 2958466):
        return number_text(raw)
    moment = base + dt.timedelta(days=v)
    moment = (moment + dt.timedelta(milliseconds=500)).replace(microsecond=0)
    if moment.time() == dt.time():
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


def read_sheet(data: bytes, limits: dict, file_name: str) -> dict:
    """The first visible sheet as rows of text, or ``Refused`` with the reason and the limit."""
    max_rows = int(limits["max_rows"]) + 1  # plus the header
    max_cols = int(limits["max_columns"])
    max_cells = int(limits["max_cells"])
    max_chars = int(limits["max_cell_chars"])
    budget = _Budget(int(limits["max_xml_bytes"]))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise Refused("файл повреждён, архив книги не читается") from exc
    if len(infos) > int(limits["max_entries"]):
        raise Refused(
            f"в архиве книги {_n(len(infos))} частей при допустимых {_n(int(limits['max_entries']))}"
        )
    names = {i.filename for i in infos}
    if any(i.flag_bits & 0x1 for i in infos):
        raise Refused("книга зашифрована (защищена паролем): снимите пароль и сохраните книгу заново")
    declared = sum(i.file_size for i in infos if i.filename.endswith(".xml") or i.filename.endswith(".rels"))
    if declared > budget.limit:
        raise Refused(
            f"распакованный объём XML внутри книги — {_n(declared // 1048576)} МБ при допустимых "
            f"{_n(budget.limit // 1048576)} МБ"
        )
    if "xl/workbook.xml" not in names:
        raise Refused("в архиве нет описания книги (xl/workbook.xml): это не книга Excel")

    try:
        return _read(zf, names, budget, max_rows, max_cols, max_cells, max_chars, int(limits["max_sheets"]))
    except expat.ExpatError as exc:
        raise Refused(f"XML внутри книги повреждён ({exc.__class__.__name__})") from exc
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError, KeyError) as exc:
        raise Refused("файл повреждён: часть архива книги не читается") from exc


def _read(zf, names, budget, max_rows, max_cols, max_cells, max_chars, max_sheets) -> dict:
    # --- the workbook: sheets, their visibility, the date system -----------------------------------
    sheets: list[dict] = []
    wb = {"date1904": False}

    def wb_start(tag, attrs):
        name = _local(tag)
        if name == "sheet":
            sheets.append(
                {
                    "name": attrs.get("name", ""),
                    "state": attrs.get("state", "visible"),
                    "rid": attrs.get(f"{REL_NS}|id"),
                }
            )
            if len(sheets) > max_sheets:
                raise Refused(f"в книге больше {max_sheets} листов")
        elif name == "workbookPr":
            wb["date1904"] = attrs.get("date1904", "0").lower() in ("1", "true")

    budget.feed(zf, "xl/workbook.xml", _parser(wb_start))
    if not sheets:
        raise Refused("в книге нет ни одного листа")
    rels: dict[str, tuple[str, str]] = {}

    def rel_start(tag, attrs):
        if _local(tag) == "Relationship":
            rels[attrs.get("Id", "")] = (attrs.get("Target", ""), attrs.get("Type", ""))

    if "xl/_rels/workbook.xml.rels" in names:
        budget.feed(zf, "xl/_rels/workbook.xml.rels", _parser(rel_start))

    def sheet_path(sheet: dict) -> str | None:
        target, kind = rels.get(sheet["rid"] or "", ("", ""))
        if not target or not kind.endswith(WORKSHEET_REL):
            return None
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        return path if path in names else None

    chosen = next((s for s in sheets if s["state"] == "visible" and sheet_path(s)), None)
    if chosen is None:
        raise Refused("в книге нет ни одного видимого листа с данными")
    skipped = [s["name"] for s in sheets[: sheets.index(chosen)]]

    # --- shared strings and number formats -------------------------------------------------------------
    strings: list[str] = []
    if "xl/sharedStrings.xml" in names:
        st = {"depth_t": 0, "rph": 0, "buf": [], "len": 0}

        def ss_start(tag, _attrs):
            n = _local(tag)
            if n == "si":
                st["buf"], st["len"] = [], 0
            elif n == "t" and not st["rph"]:
                st["depth_t"] += 1
            elif n == "rPh":
                st["rph"] += 1

        def ss_end(tag):
            n = _local(tag)
            if n == "si":
                strings.append("".join(st["buf"]))
            elif n == "t" and not st["rph"]:
                st["depth_t"] -= 1
            elif n == "rPh":
                st["rph"] -= 1

        def ss_chars(text):
            if st["depth_t"] > 0:
                st["len"] += len(text)
                if st["len"] > max_chars:
                    raise Refused(f"в книге есть текст длиннее {_n(max_chars)} символов в одной ячейке")
                st["buf"].append(text)

        budget.feed(zf, "xl/sharedStrings.xml", _parser(ss_start, ss_end, ss_chars))

    kinds: list[str] = []
    if "xl/styles.xml" in names:
        custom: dict[int, str] = {}
        xf_ids: list[int] = []
        sty = {"in_cellxfs": False}

        def sty_start(tag, attrs):
            n = _local(tag)
            if n == "numFmt":
                fid = attrs.get("numFmtId", "")
                if fid.isdigit():
                    custom[int(fid)] = attrs.get("formatCode", "")
            elif n == "cellXfs":
                sty["in_cellxfs"] = True
            elif n == "xf" and sty["in_cellxfs"]:
                try:
                    xf_ids.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xf_ids.append(0)

        def sty_end(tag):
            if _local(tag) == "cellXfs":
                sty["in_cellxfs"] = False

        budget.feed(zf, "xl/styles.xml", _parser(sty_start, sty_end))
        kinds = [_format_kind(i, custom) for i in xf_ids]

    # --- the sheet, streamed ---------------------------------------------------------------------------
    sheet_name = chosen["name"]
    cells: dict[int, dict[int, str]] = {}
    notes: list[dict] = []
    state = {
        "row": 0,
        "col": 0,
        "t": "n",
        "s": 0,
        "buf": [],
        "in_v": False,
        "in_is_t": 0,
        "rph": 0,
        "count": 0,
    }

    def where(row: int, col: int) -> str:
        return f"ячейка {col_letters(col)}{row}"

    def check_position(row: int, col: int) -> None:
        if row > max_rows:
            raise Refused(
                f"на листе «{sheet_name}» данные доходят до строки {_n(row)}, а допустимо не больше "
                f"{_n(max_rows - 1)} строк данных (плюс заголовок); разделите файл на части"
            )
        if col > max_cols:
            raise Refused(
                f"на листе «{sheet_name}» заполнена {where(row, col)} (столбец № {_n(col)}), а допустимо не больше "
                f"{_n(max_cols)} столбцов; удалите лишние столбцы и ячейки справа от таблицы"
            )

    def sh_start(tag, attrs):
        n = _local(tag)
        if n == "c":
            ref = attrs.get("r")
            pos = parse_ref(ref) if ref else None
            if pos is None:
                row, col = state["row"] or 1, state["col"] + 1
            else:
                row, col = pos
            state.update(row=row, col=col, t=attrs.get("t", "n"), buf=[], in_v=False, in_is_t=0)
            try:
                state["s"] = int(attrs.get("s", "0"))
            except ValueError:
                state["s"] = 0
            check_position(row, col)
            state["count"] += 1
            if state["count"] > max_cells:
                raise Refused(f"на листе «{sheet_name}» больше {_n(max_cells)} ячеек")
        elif n == "row":
            r = attrs.get("r")
            state["row"] = int(r) if r and r.isdigit() else state["row"] + 1
            state["col"] = 0
            check_position(state["row"], 1)
        elif n == "v":
            state["in_v"] = True
        elif n == "t" and not state["rph"]:
            state["in_is_t"] += 1
        elif n == "rPh":
            state["rph"] += 1
        elif n == "dimension":
            span = attrs.get("ref", "")
            last = parse_ref(span.split(":")[-1]) if span else None
            if last:
                check_position(*last)

    def sh_chars(text):
        if state["in_v"] or state["in_is_t"] > 0:
            state["buf"].append(text)
            if len(state["buf"]) > 1 and sum(map(len, state["buf"])) > max_chars:
                raise Refused(
                    f"на листе «{sheet_name}» в {where(state['row'], state['col'])} текст длиннее {_n(max_chars)} символов"
                )

    def sh_end(tag):
        n = _local(tag)
        if n == "v":
            state["in_v"] = False
        elif n == "t" and not state["rph"]:
            state["in_is_t"] -= 1
        elif n == "rPh":
            state["rph"] -= 1
        elif n == "c":
            raw = "".join(state["buf"])
            row, col, t = state["row"], state["col"], state["t"]
            text = _cell_value(raw, t, state["s"], kinds, strings, wb["date1904"])
            if text is None:
                raise Refused(
                    f"на листе «{sheet_name}» {where(row, col)} ссылается на несуществующую строку текста"
                )
            if len(text) > max_chars:
                raise Refused(
                    f"на листе «{sheet_name}» в {where(row, col)} текст длиннее {_n(max_chars)} символов"
                )
            if text != "":
                cells.setdefault(row, {})[col] = text

    budget.feed(zf, sheet_path(chosen), _parser(sh_start, sh_end, sh_chars))
    return {
        "sheet": sheet_name,
        "skipped": skipped,
        "hidden": [s["name"] for s in sheets if s["state"] != "visible"],
        "cells": [[r, sorted(c.items())] for r, c in sorted(cells.items())],
        "notes": notes,
        "xml_bytes": budget.used,
    }


def _cell_value(raw: str, t: str, s: int, kinds: list[str], strings: list[str], date1904: bool) -> str | None:
    if raw == "":
        return ""
    if t == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            return None
    if t in ("str", "inlineStr"):
        return raw
    if t == "b":
        return "да" if raw.strip() in ("1", "true") else "нет"
    if t == "e":
        return raw.strip()
    if t == "d":
        return raw.strip().removesuffix("T00:00:00").replace("T", " ")
    try:
        float(raw)
    except ValueError:
        return raw
    kind = kinds[s] if 0 <= s < len(kinds) else "number"
    if kind == "percent":
        return percent_text(raw)
    if kind == "date":
        return serial_date(raw, date1904)
    return number_text(raw)


def _limit_resources(limits: dict) -> None:
    try:
        import resource

        mem = int(limits["memory_bytes"])
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        cpu = int(limits["cpu_seconds"])
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (ImportError, ValueError, OSError):  # not on every platform; the parent's timeout still holds
        pass


def peak_mb() -> float | None:
    """This process's peak resident memory (VmHWM, Linux), for benchmarks and logs."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def main() -> int:
    head = sys.stdin.buffer.readline()
    args = json.loads(head)
    data = sys.stdin.buffer.read()
    _limit_resources(args["limits"])
    try:
        result = {"ok": True, **read_sheet(data, args["limits"], args["file_name"])}
    except Refused as exc:
        result = {"ok": False, "problem": str(exc)}
    except MemoryError:
        result = {"ok": False, "problem": "чтение книги превысило предел памяти"}
    except RecursionError:
        result = {"ok": False, "problem": "XML внутри книги слишком глубоко вложен"}
    result["peak_mb"] = peak_mb()
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
