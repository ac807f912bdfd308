"""Excel (.xlsx) export and import shared by every registry and ledger.

Export: :func:`xlsx_response` streams rows of a (scoped, filtered) queryset into a workbook.
Import: :func:`read_rows` turns a workbook into ``(row number, {key: value})`` pairs by its
header row; the owning app validates every row and raises :class:`ImportRejected` with all
bad rows, so that nothing is saved unless every row is good.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.punctuation import colon, join_list
from core.text import join_messages, looks_like_formula, strip_control

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_IMPORT_ROWS = 100_000
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, eq=False)  # identity hash: headers are lazy translations
class Column:
    """One spreadsheet column: its Chinese header, the import key, and how to read a row."""

    header: str
    key: str
    value: Callable | None = None  # row → cell value; defaults to getattr(row, key)
    required: bool = False

    def read(self, obj):
        if self.value is not None:
            return self.value(obj)
        return getattr(obj, self.key)


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self):
        if self.row < 1:  # the file as a whole (unreadable, too large, a sheet missing)
            return self.message
        return _("第 %(row)d 行：%(msg)s") % {"row": self.row, "msg": self.message}


class ImportRejected(Exception):
    """The file was refused; ``errors`` says which rows and why. Nothing was saved."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


def _cell(value):
    if isinstance(value, str):
        return strip_control(value)  # openpyxl refuses control characters (IllegalCharacterError)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, (int, float, bool, dt.date)):
        return value
    return strip_control(str(value))


def _text_cell(ws, value: str):
    """A cell that holds ``value`` as text even when it starts like a formula (``=HYPERLINK(…)``):
    typed as a string and quote-prefixed, so that Excel neither runs it nor turns it into a
    formula when the cell is edited."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_row(ws, values) -> list:
    """Cell values for ``ws.append``: control characters stripped, formula-like text kept as text."""
    values = [_cell(v) for v in values]
    return [_text_cell(ws, v) if isinstance(v, str) and looks_like_formula(v) else v for v in values]


def write_workbook(columns: list[Column], rows: Iterable, title: str = "Sheet1") -> bytes:
    buf = io.BytesIO()
    save_workbook(columns, rows, buf, title)
    return buf.getvalue()


def save_workbook(columns: list[Column], rows: Iterable, target, title: str = "Sheet1") -> int:
    """Write a header row and one row per object into ``target`` (a path or a binary file),
    streaming (openpyxl write-only mode); returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=str(c.header))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    count = 0
    for obj in rows:
        ws.append(safe_row(ws, [c.read(obj) for c in columns]))
        count += 1
    wb.save(target)
    return count


def xlsx_response(filename: str, columns: list[Column], rows: Iterable, title: str = "") -> HttpResponse:
    """An attachment response with the workbook; ``filename`` without extension, may be Chinese."""
    data = write_workbook(columns, rows, title or filename)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{filename}-{stamp}.xlsx"
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"export-{stamp}.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


def _clean_value(value):
    if isinstance(value, str):
        value = strip_control(value).strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_rows(upload, columns: list[Column]) -> list[tuple[int, dict]]:
    """Read a workbook's first sheet by its header row into ``(row number, values)`` pairs.

    Raises :class:`ImportRejected` for a file that is not a workbook, too large, or misses a
    required column. Blank rows are skipped; row numbers are as Excel shows them.
    """
    return read_sheets(upload, {None: columns})[None]


def read_sheets(upload, sheets: dict[str | None, list[Column]]) -> dict[str | None, list[tuple[int, dict]]]:
    """Read several sheets of one workbook, each by its own columns: ``{sheet name: columns}``
    (``None`` names the first sheet) → ``{sheet name: [(row number, values), …]}``.

    The size limit applies to the file and the row limit to each sheet; a missing sheet, a
    missing required column or a sheet without data rows rejects the file.
    """
    from openpyxl import load_workbook

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_IMPORT_BYTES:
        raise ImportRejected([RowError(0, _("文件超过 %(mb)d MB。") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})])
    try:
        # data_only=False: a formula cell is read as its text (“=HYPERLINK(…)”), never as the
        # result another spreadsheet computed; it is stored and exported again as plain text.
        wb = load_workbook(upload, read_only=True, data_only=False)
    except Exception:
        raise ImportRejected([RowError(0, _("无法读取文件，请上传 Excel（.xlsx）格式的文件。"))]) from None
    try:
        return {name: _read_sheet(_sheet(wb, name), columns, name) for name, columns in sheets.items()}
    finally:
        wb.close()


def _sheet(wb, name: str | None):
    if name is None:
        return wb.worksheets[0]
    if name not in wb.sheetnames:
        raise ImportRejected([RowError(0, _("文件须包含“%(s)s”工作表。") % {"s": name})])
    return wb[name]


def _read_sheet(ws, columns: list[Column], name: str | None) -> list[tuple[int, dict]]:
    where = _("“%(s)s”表：") % {"s": name} if name else ""
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportRejected([RowError(0, where + _("文件为空。"))])
    by_header = {str(c.header): c for c in columns}
    positions = {}
    for index, title in enumerate(header):
        column = by_header.get(str(title).strip()) if title is not None else None
        if column is not None:
            positions[index] = column.key
    missing = [str(c.header) for c in columns if c.required and c.key not in positions.values()]
    if missing:
        raise ImportRejected([RowError(1, where + _("缺少必填列：%(cols)s") % {"cols": join_list(missing)})])
    result = []
    for number, values in enumerate(rows, start=2):
        record = {key: _clean_value(values[i]) if i < len(values) else None for i, key in positions.items()}
        if all(v is None for v in record.values()):
            continue
        if len(result) >= MAX_IMPORT_ROWS:
            raise ImportRejected([RowError(0, _("一次最多导入 %(n)d 行。") % {"n": MAX_IMPORT_ROWS})])
        result.append((number, record))
    if not result:
        raise ImportRejected([RowError(0, where + _("文件中没有数据行。"))])
    return result


def form_errors(form) -> str:
    """A Django form's errors as one line: “字段：错误；字段：错误”."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = join_messages(errors).rstrip("。")
        parts.append(f"{label}{colon()}{text}" if label else text)
    return join_messages(parts)


def parse_choice(choices, raw, *, default=None):
    """Map a cell to a choice value: accepts the value itself or its (Chinese) label.

    Returns ``raw`` unchanged when it matches nothing, so the form reports it as invalid.
    """
    if raw is None or not str(raw).strip():
        return default
    text = str(raw).strip()
    for value, label in choices.choices:
        if text == str(value) or text == str(label):
            return value
    return raw


def parse_bool(raw) -> bool:
    return str(raw).strip().lower() in {"是", "有", "true", "1", "yes", "y", "✓"} if raw is not None else False


def bool_label(value: bool) -> str:
    return _("是") if value else _("否")


class RowFormMixin:
    """For ModelForms that validate one spreadsheet row.

    Rows are upserted on their natural key, so the per-row unique query is skipped (duplicates
    inside a file are checked by the importer). Model-level errors about fields the form does
    not carry (resolved from codes, such as a region or an enterprise) are kept as row errors
    with the field's name instead of crashing the form.
    """

    def validate_unique(self):
        pass

    def _update_errors(self, errors):
        from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

        if hasattr(errors, "error_dict"):
            for name in [n for n in errors.error_dict if n != NON_FIELD_ERRORS and n not in self.fields]:
                label = self._meta.model._meta.get_field(name).verbose_name
                moved = [
                    ValidationError(f"{label}{colon()}{m}") for e in errors.error_dict.pop(name) for m in e.messages
                ]
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(moved)
        super()._update_errors(errors)
