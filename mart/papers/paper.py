"""A4 PDF documents in Russian: the page set-up, headers, footers, tables and charts of every paper.

Layout is fpdf2's (pure Python, maintained by the py-pdf organisation): TrueType fonts embedded and
subset, so every letter is real, searchable and copyable text; tables whose cells wrap words and
whose headings repeat on every page a table runs over; a page may be portrait or landscape.
Charts are the screens' Altair charts, rendered offline by vl-convert to PNG at print resolution.
The font is DejaVu Sans (Debian's fonts-dejavu-core, installed by the Makefile), with Liberation
Sans as a fallback: both cover Cyrillic.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, WrapMode

from mart.platform import ru

FONT_CANDIDATES = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
HEAD_FILL = (220, 230, 241)
ZEBRA = (246, 248, 251)
DEMO_MARK = "демонстрационные данные"
CHART_SCALE = 3  # vl-convert renders at 3× the chart's pixels: about 290 dpi at the size printed


class PaperError(RuntimeError):
    """The paper cannot be made (no font with Cyrillic letters, nothing to print)."""


def _fonts() -> tuple[str, str]:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    raise PaperError(
        "Нет шрифта с кириллицей для PDF: установите пакет fonts-dejavu-core (make test/make run ставят его)."
    )


class Paper(FPDF):
    """An A4 document with a running header (title, date, filters, demo mark) and «Страница N из M»."""

    def __init__(self, title: str, as_of: dt.date, *, filters: str = "", is_demo: bool = False) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        regular, bold = _fonts()
        self.add_font("Sans", "", regular)
        self.add_font("Sans", "B", bold)
        self.set_font("Sans", size=10)
        self.set_margins(15, 20, 15)
        self.set_auto_page_break(True, margin=16)
        self.running_title = title
        self.as_of = as_of
        self.filters = filters
        self.is_demo = is_demo
        self.set_title(title)
        self.set_lang("ru")
        self.set_creator(
            "Информационная система регионального стандарта кадрового обеспечения Амурской области"
        )

    # --- running header and footer --------------------------------------------------------------

    def header(self) -> None:
        if self.page_no() == 1:
            return  # the cover says all of it in full
        self.set_font("Sans", size=7.5)
        self.set_text_color(90, 90, 90)
        self.set_xy(self.l_margin, 7)
        right = DEMO_MARK.upper() if self.is_demo else ""
        right_w = self.get_string_width(right) + 2 if right else 0
        line = f"{self.running_title} · {ru.date(self.as_of)}" + (
            f" · {self.filters}" if self.filters else ""
        )
        self.multi_cell(self.epw - right_w - 2, 3.4, line, new_x="RIGHT", new_y="TOP", max_line_height=3.4)
        if right:
            self.set_text_color(183, 28, 28)
            self.set_font("Sans", "B", 7.5)
            self.set_xy(self.w - self.r_margin - right_w, 7)
            self.cell(right_w, 3.4, right, align="R")
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, 15, self.w - self.r_margin, 15)
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)
        self.set_font("Sans", size=10)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("Sans", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"Страница {self.page_no()} из {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    # --- blocks ------------------------------------------------------------------------------------

    def section(self, title: str, *, landscape: bool = False, new_page: bool = True) -> None:
        """A new page (landscape for wide tables) opening with the section's heading."""
        if new_page:
            self.add_page(orientation="L" if landscape else "P")
        self.set_font("Sans", "B", 14)
        self.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(1.5)
        self.set_font("Sans", size=10)

    def subheading(self, title: str) -> None:
        self.ensure(14)
        self.ln(1.5)
        self.set_font("Sans", "B", 11.5)
        self.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT", align="L")
        self.ln(0.5)
        self.set_font("Sans", size=10)

    def para(self, text: str, size: float = 10, *, bold: bool = False, color=(0, 0, 0)) -> None:
        self.set_font("Sans", "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        self.set_text_color(0, 0, 0)
        self.set_font("Sans", size=10)
        self.ln(1)

    def ensure(self, height: float) -> None:
        """Start a new page (same orientation) unless ``height`` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page(orientation=self.cur_orientation)

    def figures(self, items: Sequence[tuple[str, str]], per_row: int = 4) -> None:
        """Headline figures as boxes: a big number over its label."""
        width = (self.epw - (per_row - 1) * 3) / per_row
        for start in range(0, len(items), per_row):
            self.ensure(23)
            y = self.get_y()
            for k, (label, value) in enumerate(items[start : start + per_row]):
                x = self.l_margin + k * (width + 3)
                self.set_fill_color(*ZEBRA)
                self.set_draw_color(200, 200, 200)
                self.rect(x, y, width, 21, style="DF")
                self.set_xy(x + 2, y + 1.5)
                self.set_font("Sans", "B", 14)
                self.cell(width - 4, 7, value)
                self.set_xy(x + 2, y + 9)
                self.set_font("Sans", size=7.5)
                self.multi_cell(width - 4, 3.2, label, max_line_height=3.2, align="L")
            self.set_xy(self.l_margin, y + 24)
        self.set_font("Sans", size=10)

    def grid(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        align: Sequence[str] | None = None,
        size: float = 8.5,
    ) -> None:
        """A table whose cells wrap whole words (never cut) and whose heading repeats on each page."""
        self.set_font("Sans", size=size)
        self.set_draw_color(170, 170, 170)
        self.set_line_width(0.2)
        aligns = tuple(align or ["LEFT"] * len(headers))
        with self.table_context(widths, aligns, size) as t:
            head = t.row()
            for h in headers:
                head.cell(h)
            for r in rows:
                row = t.row()
                for value in r:
                    row.cell(value if isinstance(value, str) else ru.text(value))
        self.ln(2)
        self.set_font("Sans", size=10)

    def table_context(self, widths: Sequence[float], aligns: tuple[str, ...], size: float):
        return super().table(
            col_widths=tuple(widths),
            width=self.epw,
            text_align=aligns,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL, size_pt=size),
            line_height=size * 0.48,
            padding=(0.8, 1.2),
            cell_fill_color=ZEBRA,
            cell_fill_mode=TableCellFillMode.ROWS,
            wrapmode=WrapMode.WORD,
            repeat_headings=1,
            v_align="TOP",
        )

    def chart(self, chart, width_mm: float | None = None, *, px_width: int | None = None) -> None:
        """An Altair chart rendered offline (vl-convert, PNG at print resolution) at ``width_mm``."""
        import vl_convert

        width_mm = width_mm or self.epw
        px = px_width or int(width_mm / 25.4 * 96)
        spec = chart.properties(width=px).to_dict()
        png = vl_convert.vegalite_to_png(spec, scale=CHART_SCALE, format_locale="ru-RU")
        from PIL import Image

        with Image.open(io.BytesIO(png)) as img:
            w_px, h_px = img.size
        height_mm = width_mm * h_px / w_px
        available = self.page_break_trigger - self.t_margin
        if height_mm > available:  # a very tall chart is shrunk to one page
            width_mm, height_mm = width_mm * available / height_mm, available
        self.ensure(height_mm + 2)
        self.image(io.BytesIO(png), x=self.l_margin, w=width_mm, h=height_mm)
        self.ln(2)

    def signature_line(self, role: str, name: str, position: str | None) -> None:
        self.ensure(16)
        self.set_font("Sans", size=10)
        y = self.get_y() + 8
        self.set_xy(self.l_margin, y - 4)
        self.multi_cell(
            90, 4.5, f"{role}\n{name}" + (f", {position}" if position else ""), max_line_height=4.5, align="L"
        )
        self.line(self.l_margin + 95, y + 2, self.l_margin + 145, y + 2)
        self.line(self.l_margin + 150, y + 2, self.w - self.r_margin, y + 2)
        self.set_font("Sans", size=6.5)
        self.set_xy(self.l_margin + 95, y + 2.5)
        self.cell(50, 3, "подпись", align="C")
        self.set_xy(self.l_margin + 150, y + 2.5)
        self.cell(self.w - self.r_margin - self.l_margin - 150, 3, "дата", align="C")
        self.set_font("Sans", size=10)
        self.set_xy(self.l_margin, y + 9)

    def render(self) -> bytes:
        return bytes(self.output())


__all__ = ["DEMO_MARK", "Paper", "PaperError"]
