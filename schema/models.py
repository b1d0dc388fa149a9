"""Pydantic models of a plan (DESIGN §4): what a plan file may say.

Every model forbids unknown keys so that a misspelt key is an error with a
position instead of silently ignored text. Field descriptions are Vietnamese:
they become the hover help of editors through the exported JSON Schema.
Numbers, headings and punctuation of lists are not stated here: the layout
stage computes them, so a plan never types a number by hand.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kehoach.schema.categories import Category

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Mã ổn định (chữ thường không dấu, số, dấu gạch ngang), dùng để đối chiếu.",
    ),
]
TEXT_PATTERN = r"\S"
Text = Annotated[str, Field(min_length=1, pattern=TEXT_PATTERN)]
"""Printed text: something other than white space (a blank value prints nothing)."""

LABEL_PATTERN = r"[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff]"
Label = Annotated[str, Field(min_length=1, pattern=LABEL_PATTERN)]
"""A name or title (issuer, place, trích yếu, signer, recipient): it holds a letter or a
digit, Vietnamese letters included. Punctuation alone names nothing, and in a recipient
(«- ;») the compiler removes it, leaving an empty line under «Nơi nhận:». The class is
written out rather than as \\p{L} so that editors checking the exported JSON Schema
read it the same way."""


def _one_is_a_list(value: object) -> object:
    """A single string where a list of them is expected stands for the one-item list.

    Most sections have one paragraph and most plans one intro: a clerk writes
    it as a plain value, and asking for «- » before it would be a trap.
    """
    return [value] if isinstance(value, str) else value


_Item = TypeVar("_Item")
OneOrList = Annotated[list[_Item], BeforeValidator(_one_is_a_list)]
"""A list (of paragraphs, items, basis lines) that may be written as its only string."""

PHASE_PATTERN = r"^[0-9]{4}( ?- ?[0-9]{4})?$"
"""ASCII digits only: ``\\d`` also takes full-width «２０２６» and Arabic-Indic «٢٠٢٦»,
which look like a phase and compare equal to none."""


def phase_years(phase: str) -> tuple[int, int]:
    """First and last year of a phase written as the pattern allows («2026», «2028 - 2030»)."""
    first, _, last = phase.partition("-")
    return int(first), int(last or first)


def _ordered(phase: str) -> str:
    first, last = phase_years(phase)
    if first > last:
        raise PydanticCustomError(
            "kh_phase_reversed",
            "giai đoạn «{phase}» có năm đầu ({first}) sau năm cuối ({last}); hãy viết năm "
            "đầu trước, ví dụ «{last}-{first}»",
            {"phase": phase, "first": first, "last": last},
        )
    return phase


Phase = Annotated[
    str,
    Field(
        pattern=PHASE_PATTERN,
        description="Giai đoạn hoặc năm: «2026-2027», «2028 - 2030», «2026».",
    ),
    AfterValidator(_ordered),
]


NUMBER_PATTERN = r"^0*[1-9][0-9]*$"
"""A number written as digits, leading zeros kept («0155»), and not all zeros."""


def _document_number(value: object) -> int | str:
    """A document number: an integer from 1 (printed 01…09 below 10, as today) or a string
    of ASCII digits printed exactly as written («0155» stays «0155»).

    One validator for both forms, so a wrong value gets one message rather
    than one per branch of a union.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and re.fullmatch(NUMBER_PATTERN, value):
        return value
    raise PydanticCustomError(
        "kh_document_number",
        "số văn bản phải là số nguyên từ 1 hoặc chuỗi chữ số, ví dụ 155 hoặc «0155» "
        "(giữ số 0 ở đầu như khi in), không phải {value}",
        {"value": repr(value)},
    )


DocumentNumber = Annotated[
    int | Annotated[str, Field(pattern=NUMBER_PATTERN)],
    PlainValidator(_document_number),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": NUMBER_PATTERN},
            ]
        }
    ),
]
"""``number`` of a document, a decision or an attached document: 155, or «0155» as written."""


CATEGORY_DESCRIPTION = (
    "Loại cơ quan ban hành: bo (bộ, ngành), tinh (tỉnh, thành phố), so (sở, ban, ngành), "
    "van-phong (văn phòng), xa (xã), phuong (phường), dac-khu (đặc khu)."
)


class StrictModel(BaseModel):
    """Base of every plan model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, str_strip_whitespace=False
    )


class Agency(StrictModel):
    """A body (cơ quan) as printed in the header: its full name and its abbreviation."""

    name: Label = Field(description="Tên đầy đủ, ví dụ «Ủy ban nhân dân phường Long Mỹ».")
    abbr: Label | None = Field(
        default=None,
        description="Chữ viết tắt dùng trong ký hiệu văn bản, ví dụ «UBND», «VPUB».",
    )
    header_lines: list[Label] | None = Field(
        default=None,
        description="Cách ngắt dòng tên cơ quan ở tiêu đề (viết như in ra, chữ hoa); "
        "bỏ trống thì dùng tên đầy đủ viết hoa.",
    )


class IssueDate(StrictModel):
    """Date of signature; a draft may leave day and month blank (FORMAT.md)."""

    day: int | None = Field(default=None, ge=1, le=31, description="Ngày; bỏ trống khi là dự thảo.")
    month: int | None = Field(default=None, ge=1, le=12, description="Tháng; có thể bỏ trống.")
    year: int = Field(ge=1945, le=2200, description="Năm.")

    @model_validator(mode="after")
    def _day_needs_month(self) -> IssueDate:
        if self.day is not None and self.month is None:
            raise PydanticCustomError("kh_day_without_month", "có ngày thì phải có tháng")
        if self.day is not None and self.month is not None:
            try:
                datetime.date(self.year, self.month, self.day)
            except ValueError:
                raise PydanticCustomError(
                    "kh_bad_date",
                    "ngày {day} không có trong tháng {month} năm {year}",
                    {"day": self.day, "month": self.month, "year": self.year},
                ) from None
        return self


DateStyle = Literal["long", "short"]


class Attachment(StrictModel):
    """A document this one travels with: «(Kèm theo Văn bản số /BKHCN-CĐSQG ngày / /2025 …)»."""

    kind: Label = Field(description="Tên loại văn bản như in: «Văn bản», «Quyết định»…")
    number: DocumentNumber | None = Field(
        default=None, description="Số (155 hoặc «0155» in đúng như viết); bỏ trống khi chưa có."
    )
    symbol: Text = Field(description="Ký hiệu, ví dụ «BKHCN-CĐSQG».")
    date: IssueDate
    date_style: DateStyle = "long"
    issuer: Label = Field(description="Cơ quan ban hành như in sau chữ «của».")


DocumentKind = Literal["ke-hoach", "ke-hoach-hanh-dong", "chuong-trinh-hanh-dong", "khung-ke-hoach"]


class Document(StrictModel):
    """Metadata of the document: who issues it, its number, place, date and title."""

    kind: DocumentKind = Field(
        default="ke-hoach",
        description="Loại văn bản: ke-hoach (KẾ HOẠCH), ke-hoach-hanh-dong, "
        "chuong-trinh-hanh-dong, khung-ke-hoach.",
    )
    status: Literal["draft", "issued"] = Field(
        default="issued", description="draft: dự thảo (để trống số); issued: đã ban hành."
    )
    parent_body: Agency | None = Field(
        default=None, description="Cơ quan chủ quản (dòng trên, chữ thường đứng), nếu có."
    )
    issuer: Agency = Field(description="Cơ quan ban hành (dòng in đậm).")
    number: DocumentNumber | None = Field(
        default=None,
        description="Số văn bản: số nguyên (155) hoặc chuỗi chữ số in đúng như viết («0155»); "
        "bỏ trống khi là dự thảo.",
    )
    symbol: Text | None = Field(
        default=None,
        description="Ký hiệu, ví dụ «KH-UBND»; bỏ trống thì tính từ loại văn bản và cơ quan.",
    )
    place: Label = Field(description="Địa danh, ví dụ «Cần Thơ».")
    date: IssueDate
    title: Label = Field(description="Trích yếu; xuống dòng trong chuỗi là xuống dòng khi in.")
    period: Phase | None = Field(
        default=None,
        description="Thời kỳ của kế hoạch, ví dụ «2026-2030»; bỏ trống khi văn bản không có "
        "thời kỳ (các giai đoạn khi đó không cần nằm trong thời kỳ).",
    )
    note: str | None = Field(
        default=None, description="Ghi chú nội bộ về nguồn của văn bản; không in ra."
    )
    header: Literal["full", "bodies", "none"] = Field(
        default="full",
        description="full: tiêu đề đủ (cơ quan, Quốc hiệu, Số, ngày); bodies: không có dòng Số "
        "và ngày (kế hoạch ban hành kèm quyết định); none: không có tiêu đề (văn bản kèm theo).",
    )
    attached_to: Attachment | None = Field(
        default=None,
        description="Văn bản mà văn bản này được gửi kèm theo (in dòng «(Kèm theo …)»).",
    )
    reference_name: Label | None = Field(
        default=None,
        description="Cách gọi cơ quan ban hành trong dòng «(Kèm theo … của …)» "
        "(mặc định: tên đầy đủ).",
    )
    reference_lead: Text = Field(
        default="Kèm theo",
        description="Chữ mở đầu dòng «(Kèm theo Kế hoạch số …)» của văn bản kèm theo và của "
        "phụ lục, ví dụ «Ban hành kèm theo».",
    )
    reference_number_colon: bool = Field(
        default=False, description="true: dòng «(Kèm theo …)» viết «số:» thay cho «số»."
    )
    reference_date: DateStyle = Field(
        default="long",
        description="Cách viết ngày trong dòng «(Kèm theo …)»: long (ngày 31 tháng 12 năm "
        "2025) hoặc short (31/12/2025).",
    )
    category: Category | None = Field(
        default=None,
        description=CATEGORY_DESCRIPTION
        + " Dùng để đối chiếu chỉ tiêu, nhiệm vụ mà kế hoạch cấp trên (extends) bắt buộc "
        "hoặc giao cho loại cơ quan này.",
    )
    reconstructed: bool = Field(
        default=False,
        description="true: văn bản được tái tạo từ các văn bản khác trích lại, không phải bản "
        "sao nguyên văn (ghi nguồn trong note).",
    )

    @model_validator(mode="after")
    def _number_matches_status(self) -> Document:
        if self.status == "draft" and self.number is not None:
            raise PydanticCustomError(
                "kh_draft_with_number", "dự thảo không được có số văn bản (bỏ trường number)"
            )
        return self


class Deviation(StrictModel):
    """A deliberate departure from what the parent requires, with its reason."""

    reason: Text = Field(description="Lý do sai khác so với kế hoạch cấp trên.")


class Group(StrictModel):
    """A group of targets or tasks (a body point a), b) or a numbered heading)."""

    id: Id
    title: Label = Field(description="Tên nhóm như in trong văn bản.")
    appendix_title: Label | None = Field(
        default=None, description="Tên nhóm trong Phụ lục, nếu khác thân văn bản."
    )
    intro: OneOrList[Text] = Field(
        default_factory=list, description="Đoạn dẫn in ngay dưới tên nhóm (nếu có)."
    )
    phase_labels: dict[Phase, Text] = Field(
        default_factory=dict,
        description="Nhãn giai đoạn in trong nhóm khi liệt kê theo nhóm, ví dụ "
        "{«2025-2027»: «Giai đoạn năm 2025-2027»}.",
    )
    mandatory_for: list[Category] = Field(
        default_factory=list,
        description="Kế hoạch cấp dưới thuộc các loại này phải có nhóm này (nhóm chỉ tiêu: mọi "
        "chỉ tiêu của nhóm; nhóm nhiệm vụ: nhóm cùng mã hoặc có implements trỏ tới nhóm).",
    )
    implements: Id | None = Field(
        default=None, description="Mã nhóm của kế hoạch cấp trên mà nhóm này thực hiện."
    )


class Target(StrictModel):
    """A target (chỉ tiêu): one record feeding both the body sentence and the appendix row."""

    id: Id
    group: Id = Field(description="Mã nhóm chỉ tiêu (trong target_groups).")
    text: Text = Field(
        description="Câu trong thân văn bản, có chỗ {value} để điền giá trị từng giai đoạn."
    )
    indicator: Text | None = Field(
        default=None, description="Tên chỉ tiêu trong Phụ lục, nếu khác câu trong thân văn bản."
    )
    category: str | None = Field(
        default=None,
        description="Lĩnh vực của chỉ tiêu (cột gộp ô trong Phụ lục), ví dụ «Dịch vụ công trực "
        "tuyến (DVCTT)».",
    )
    unit: str | None = Field(default=None, description="Đơn vị tính, ví dụ «%».")
    direction: Literal["higher", "lower"] = Field(
        default="higher", description="higher: càng cao càng tốt; lower: càng thấp càng tốt."
    )
    values: dict[Phase, Text] = Field(
        min_length=1, description="Giá trị theo giai đoạn, ví dụ {«2026-2027»: «100%»}."
    )
    lead: list[Text] = Field(default_factory=list, description="Cơ quan chủ trì.")
    partners: list[Text] = Field(default_factory=list, description="Cơ quan phối hợp.")
    note: str | None = Field(default=None, description="Ghi chú (cột Ghi chú của Phụ lục).")
    implements: Id | None = Field(
        default=None,
        description="Mã chỉ tiêu của kế hoạch cấp trên mà chỉ tiêu này cụ thể hóa (mặc định: "
        "chỉ tiêu cùng mã).",
    )
    local: bool = Field(
        default=False,
        description="true: chỉ tiêu riêng của kế hoạch này, không có ở kế hoạch cấp trên "
        "(cấp trên phải cho phép: children.allow_local_targets).",
    )
    mandatory_for: list[Category] = Field(
        default_factory=list,
        description="Kế hoạch cấp dưới thuộc các loại này phải có chỉ tiêu này.",
    )
    floor: dict[Phase, float] = Field(
        default_factory=dict,
        description="Mức sàn theo giai đoạn cho kế hoạch cấp dưới (mức trần khi direction: "
        "lower); bỏ trống thì lấy con số trong giá trị, ví dụ «Trên 90%» → 90.",
    )
    deviation: Deviation | None = None

    @field_validator("text")
    @classmethod
    def _has_value_slot(cls, text: str) -> str:
        if "{value}" not in text:
            raise PydanticCustomError(
                "kh_missing_value_slot",
                "câu chỉ tiêu phải có chỗ {slot} để điền giá trị",
                {"slot": "{value}"},
            )
        return text


class TaskOutput(StrictModel):
    """One product of a task: a row of the appendix, its own values over the task's."""

    result: str | None = Field(default=None, description="Sản phẩm, kết quả.")
    deadline: str | None = Field(default=None, description="Thời gian hoàn thành.")
    lead: list[Text] | None = Field(default=None, description="Đơn vị chủ trì (nếu khác).")
    partners: list[Text] | None = Field(default=None, description="Đơn vị phối hợp (nếu khác).")
    monitor: list[Text] | None = Field(
        default=None, description="Cơ quan theo dõi, kiểm tra, đôn đốc (nếu khác)."
    )
    note: str | None = Field(default=None, description="Ghi chú.")


class Task(StrictModel):
    """A task (nhiệm vụ, giải pháp): body point and appendix row from one record."""

    id: Id
    group: Id = Field(description="Mã nhóm nhiệm vụ (trong task_groups).")
    text: Text = Field(description="Nội dung nhiệm vụ như in trong thân văn bản.")
    appendix_text: Text | None = Field(
        default=None, description="Cách viết trong Phụ lục, nếu khác thân văn bản."
    )
    lead: list[Text] = Field(default_factory=list, description="Đơn vị chủ trì.")
    partners: list[Text] = Field(default_factory=list, description="Đơn vị phối hợp.")
    result: str | None = Field(default=None, description="Kết quả, sản phẩm.")
    deadline: str | None = Field(default=None, description="Thời gian thực hiện.")
    monitor: list[Text] = Field(
        default_factory=list,
        description="Cơ quan theo dõi, kiểm tra, đôn đốc (cột monitor của Phụ lục).",
    )
    outputs: list[TaskOutput] = Field(
        default_factory=list,
        description="Các sản phẩm của nhiệm vụ, mỗi sản phẩm một dòng trong Phụ lục (ô STT và ô "
        "nhiệm vụ gộp xuống); giá trị ghi ở sản phẩm thay cho giá trị của nhiệm vụ ở dòng đó.",
    )
    in_body: bool = Field(
        default=True,
        description="false: nhiệm vụ chỉ có trong Phụ lục, không in trong thân văn bản.",
    )
    in_appendix: bool = Field(
        default=True,
        description="false: nhiệm vụ chỉ in trong thân văn bản, không có dòng trong Phụ lục "
        "(ví dụ một câu thân văn bản gộp hai nhiệm vụ mà Phụ lục ghi riêng).",
    )
    implements: str | None = Field(
        default=None, description="Mã nhiệm vụ của kế hoạch cấp trên mà nhiệm vụ này thực hiện."
    )
    mandatory_for: list[Category] = Field(
        default_factory=list,
        description="Kế hoạch cấp dưới thuộc các loại này phải có nhiệm vụ thực hiện nhiệm vụ này.",
    )
    deviation: Deviation | None = None


class Item(StrictModel):
    """A dash item («- …») with optional sub-items («+ …»)."""

    text: Text
    items: list[Text] = Field(default_factory=list, description="Các ý con «+».")


Punctuation = Literal["list", "sentence", "written"]
"""How record items end: «;» then «.» (list), each with «.» (sentence), or as written."""


class PointTargets(StrictModel):
    """The targets of some groups as the dash items of a lettered point («a) Mục tiêu»).

    Not a TargetSelection: a point lists one phase and has no sub-points to
    group by, so ``by`` and the per-group points have no meaning here.
    """

    groups: list[Id] = Field(
        min_length=1, description="Các nhóm chỉ tiêu (target_groups) in tại điểm, theo thứ tự."
    )
    phase: Phase | None = Field(
        default=None,
        description="Giai đoạn lấy giá trị điền vào {value} (mặc định: giai đoạn đầu tiên "
        "trong phases).",
    )
    punctuation: Punctuation = Field(
        default="list",
        description="Dấu cuối mỗi ý: list: «;», ý cuối «.»; sentence: mỗi ý kết thúc «.»; "
        "written: như đã viết.",
    )


class PointTasks(StrictModel):
    """The tasks of some groups as the dash items of a lettered point («b) Nhiệm vụ»).

    The same records print the appendix rows, so the body list and the
    appendix can never disagree; ``in_body``/``in_appendix`` and
    ``appendix_text`` carry where the two wordings differ.
    """

    groups: list[Id] = Field(
        min_length=1, description="Các nhóm nhiệm vụ (task_groups) in tại điểm, theo thứ tự."
    )
    punctuation: Punctuation = Field(
        default="written",
        description="Dấu cuối mỗi ý: written: như đã viết; list: «;», ý cuối «.»; sentence: "
        "mỗi ý kết thúc «.».",
    )


class Point(StrictModel):
    """A lettered point (điểm a), b) …) with paragraphs and dash items under it.

    Its dash items may come from records (``targets``/``tasks``), printed
    after the written ones.
    """

    text: Text
    paragraphs: OneOrList[Text] = Field(
        default_factory=list, description="Các đoạn văn ngay dưới điểm (không đánh dấu)."
    )
    items: list[Text | Item] = Field(default_factory=list, description="Các ý gạch đầu dòng «-».")
    targets: PointTargets | None = Field(
        default=None,
        description="Các chỉ tiêu của nhóm in thành ý «-» của điểm (mỗi ý một bản ghi, giá trị "
        "điền vào {value}).",
    )
    tasks: PointTasks | None = Field(
        default=None,
        description="Các nhiệm vụ của nhóm in thành ý «-» của điểm (cùng bản ghi với Phụ lục; "
        "chỉ nhiệm vụ có in_body).",
    )


class TargetSelection(StrictModel):
    """Where a section lists targets from their records.

    by «phase»: the targets of one phase, one lettered point per group;
    by «group»: one lettered point per group, its intro, then for each phase a
    label line («* Giai đoạn …») and the targets of that phase.
    """

    by: Literal["phase", "group"] = Field(
        default="phase", description="phase: theo một giai đoạn; group: theo nhóm, rồi giai đoạn."
    )
    phase: Phase | None = Field(
        default=None, description="Giai đoạn cần liệt kê (bắt buộc khi by = phase)."
    )
    groups: list[Id] | None = Field(
        default=None, description="Chỉ các nhóm này (mặc định: tất cả, theo thứ tự khai báo)."
    )
    order: list[Id] | None = Field(
        default=None,
        description="Thứ tự riêng các chỉ tiêu (mã) khi văn bản in khác thứ tự chung.",
    )

    @model_validator(mode="after")
    def _phase_when_by_phase(self) -> TargetSelection:
        if self.by == "phase" and self.phase is None:
            raise _located(
                ("phase",),
                "kh_phase_required",
                "liệt kê theo giai đoạn (by: phase) thì phải ghi «phase»",
                {},
            )
        return self


class TaskSelection(StrictModel):
    """Where a section lists the task groups as numbered sub-sections."""

    style: Literal["points", "items"] = Field(
        default="points", description="points: nhiệm vụ là điểm a), b); items: gạch đầu dòng «-»."
    )
    groups: list[Id] | None = Field(
        default=None, description="Chỉ các nhóm này (mặc định: tất cả)."
    )


Align = Literal["left", "center", "right"]


def _cell_from_text(value: object) -> object:
    """A cell written as its text stands for ``{text: …}``: most cells are just text."""
    return {"text": value} if isinstance(value, str | list) else value


def _row_from_cells(value: object) -> object:
    """A row written as a list of cells stands for ``{cells: […]}``."""
    return {"cells": value} if isinstance(value, list) else value


class TableCell(StrictModel):
    """A cell of a written table: its text (a line or a list of lines) and how it is drawn."""

    text: OneOrList[str] = Field(
        description="Chữ trong ô; một danh sách là nhiều dòng (mỗi dòng một đoạn)."
    )
    rowspan: int = Field(default=1, ge=1, le=10000, description="Số dòng ô chiếm (gộp ô dọc).")
    colspan: int = Field(default=1, ge=1, le=100, description="Số cột ô chiếm (gộp ô ngang).")
    bold: bool = Field(default=False, description="true: in đậm.")
    italic: bool = Field(default=False, description="true: in nghiêng.")
    align: Align | None = Field(
        default=None, description="Căn lề: left, center, right (mặc định: căn lề của cột)."
    )


CellInput = Annotated[TableCell, BeforeValidator(_cell_from_text)]
"""A cell: a string, a list of lines, or ``{text, rowspan, colspan, bold, italic, align}``."""


class TableRow(StrictModel):
    """A row of a written table: its cells, or a group row (bold, numbered I, II …)."""

    cells: list[CellInput] | None = Field(
        default=None,
        description="Các ô của dòng, mỗi ô một cột không đánh số (ô bị ô gộp phía trên che thì "
        "bỏ qua).",
    )
    group: Text | None = Field(
        default=None, description="Tên nhóm: dòng nhóm in đậm, số La Mã ở cột đánh số."
    )
    bold: bool = Field(default=False, description="true: cả dòng in đậm.")
    italic: bool = Field(default=False, description="true: cả dòng in nghiêng.")

    @model_validator(mode="after")
    def _cells_or_group(self) -> TableRow:
        if (self.cells is None) == (self.group is None):
            raise PydanticCustomError(
                "kh_table_row_kind",
                "mỗi dòng của bảng ghi đúng một trong hai: các ô (cells) hoặc tên nhóm (group)",
            )
        return self


RowInput = Annotated[TableRow, BeforeValidator(_row_from_cells)]


class TableColumn(StrictModel):
    """A column of a written table: its heading, width, alignment, numbering."""

    header: str = Field(default="", description="Tiêu đề cột như in.")
    width: float = Field(
        default=3.0,
        json_schema_extra={"minimum": 0.1, "maximum": 50.0},
        description="Độ rộng cột (cm); bảng được co giãn cho vừa bề ngang trang nên chỉ tỷ lệ "
        "giữa các cột có nghĩa.",
    )
    numbered: bool = Field(
        default=False,
        description="true: cột số thứ tự, trình biên dịch tự điền số (các dòng không ghi ô này).",
    )
    align: Align | None = Field(
        default=None, description="Căn lề các ô của cột: left, center, right."
    )

    @field_validator("width")
    @classmethod
    def _width_in_range(cls, width: float) -> float:
        return _width_checked(width)


class LiteralTable(StrictModel):
    """A table written out row by row (a schedule, a list of units), in the body or an appendix."""

    columns: list[TableColumn] = Field(min_length=1, description="Các cột của bảng.")
    header_rows: list[list[CellInput]] | None = Field(
        default=None,
        description="Các dòng tiêu đề (có thể gộp ô: colspan, rowspan); bỏ trống thì một dòng "
        "gồm tiêu đề các cột.",
    )
    numbering: Literal["continuous", "per-group"] = Field(
        default="continuous",
        description="Số thứ tự liên tục (continuous) hay đánh lại từ 1 sau mỗi dòng nhóm "
        "(per-group).",
    )
    group_numbering: Literal["roman", "letter", "none"] = Field(
        default="roman", description="Số của dòng nhóm ở cột đánh số: roman (I, II), letter "
        "(a, b), none (không số).",
    )
    rows: list[RowInput] = Field(min_length=1, description="Các dòng của bảng.")
    row_height: float | None = Field(
        default=None,
        json_schema_extra={"minimum": 0.1, "maximum": 50.0},
        description="Chiều cao tối thiểu mỗi dòng (cm), ví dụ 1; bỏ trống thì dòng cao vừa chữ.",
    )

    @field_validator("row_height")
    @classmethod
    def _height_in_range(cls, height: float | None) -> float | None:
        return None if height is None else _width_checked(height, "chiều cao dòng")

    @model_validator(mode="after")
    def _rows_fit(self) -> LiteralTable:
        """Each row fills the columns exactly: colspans counted, cells under a rowspan omitted."""
        if sum(column.numbered for column in self.columns) > 1:
            raise _located(
                ("columns",),
                "kh_table_numbered_columns",
                "bảng chỉ có một cột đánh số (numbered: true)",
                {},
            )
        width = len(self.columns)
        if self.header_rows is not None:
            _check_grid(("header_rows",), self.header_rows, width, "")
        numbered = any(column.numbered for column in self.columns)
        cells = [row.cells for row in self.rows]
        note = " (không kể cột đánh số, trình biên dịch tự điền)" if numbered else ""
        _check_grid(("rows",), cells, width - numbered, note, ("cells",))
        return self


def _check_grid(
    where: tuple[str | int, ...],
    rows: list[list[TableCell]] | list[list[TableCell] | None],
    width: int,
    note: str,
    inner: tuple[str, ...] = (),
) -> None:
    """Every row of ``rows`` (None: a group row) covers exactly ``width`` grid columns.

    A cell spanning rows from above takes its columns in the rows below, so
    those rows write fewer cells; a span reaching past the last row (or past
    a group row, which crosses the whole table) is an error at the cell.
    """
    covered: list[int] = [0] * width  # rows still covered below, per grid column
    for i, cells in enumerate(rows):
        if cells is None:
            if any(covered):
                raise _located(
                    (*where, i),
                    "kh_table_rowspan_group",
                    "dòng nhóm {row} nằm trong một ô gộp dọc (rowspan) của dòng trên; hãy giảm "
                    "rowspan của ô đó",
                    {"row": str(i + 1)},
                )
            continue
        column = 0
        under = sum(1 for c in covered if c)
        hint = (
            f"; {under} cột của dòng này thuộc ô gộp dọc (rowspan) của dòng trên, không viết ô "
            "cho cột đó"
            if under
            else ""
        )
        for j, cell in enumerate(cells):
            while column < width and covered[column]:
                column += 1
            if column + cell.colspan > width or any(covered[column : column + cell.colspan]):
                raise _located(
                    (*where, i, *inner, j),
                    "kh_table_row_width",
                    "dòng {row} của bảng thừa ô: bảng có {width} cột{note}, đã tính cả ô gộp "
                    "ngang (colspan) và ô gộp dọc (rowspan) từ dòng trên{hint}",
                    {"row": str(i + 1), "width": str(width), "note": note, "hint": hint},
                )
            if i + cell.rowspan > len(rows) or any(
                r is None for r in rows[i + 1 : i + cell.rowspan]
            ):
                raise _located(
                    (*where, i, *inner, j, "rowspan"),
                    "kh_table_rowspan",
                    "ô gộp {span} dòng (rowspan) vượt quá cuối bảng hoặc qua một dòng nhóm "
                    "(dòng {row})",
                    {"span": str(cell.rowspan), "row": str(i + 1)},
                )
            for k in range(column, column + cell.colspan):
                covered[k] = cell.rowspan
            column += cell.colspan
        while column < width and covered[column]:
            column += 1
        if column != width:
            raise _located(
                (*where, i),
                "kh_table_row_width",
                "dòng {row} của bảng thiếu ô: các ô chiếm {count} cột, bảng có {width} cột"
                "{note}, đã tính cả ô gộp ngang (colspan) và ô gộp dọc (rowspan) từ dòng trên",
                {"row": str(i + 1), "count": str(column), "width": str(width), "note": note},
            )
        covered = [max(0, c - 1) for c in covered]


class Section(StrictModel):
    """A numbered section of the body; its number is computed from its depth.

    A top-level section may be a part («Phần»): its own centred heading, and
    its sections numbered I., II. again from the start.
    """

    title: str | None = Field(
        default=None, description="Tiêu đề mục; bỏ trống thì số mục in đậm đứng đầu đoạn văn."
    )
    numbered: bool = Field(
        default=True,
        description="false: tiêu đề in không có số và không được đếm (mục có số tiếp theo giữ "
        "số như khi không có mục này).",
    )
    part: bool = Field(
        default=False,
        description="true (chỉ ở cấp cao nhất): mục là một Phần, in «PHẦN I» rồi tiêu đề (in "
        "hoa, đậm, canh giữa); các mục con đánh số I., II. lại từ đầu trong mỗi phần.",
    )
    label: Label | None = Field(
        default=None,
        description="Với phần (part: true): nhãn in thay cho «PHẦN I», ví dụ «Phần thứ nhất».",
    )
    letter_single_point: bool = Field(
        default=False,
        description="true: mục chỉ có một điểm vẫn in chữ «a)» (mặc định điểm duy nhất in "
        "không có chữ).",
    )
    text: OneOrList[Text] = Field(
        default_factory=list, description="Các đoạn văn ngay dưới tiêu đề."
    )
    items: OneOrList[Text | Item] = Field(
        default_factory=list, description="Các ý gạch đầu dòng «-»."
    )
    points: list[Text | Point] = Field(default_factory=list, description="Các điểm a), b), c)…")
    targets: TargetSelection | None = None
    tasks: TaskSelection | None = None
    organisation: bool = Field(
        default=False, description="true: in phần phân công (organisation) tại đây."
    )
    table: LiteralTable | None = Field(
        default=None, description="Bảng in sau các đoạn văn, điểm của mục (trước «after»)."
    )
    sections: list[Section] = Field(default_factory=list, description="Các mục con.")
    after: OneOrList[Text] = Field(
        default_factory=list, description="Các đoạn văn sau cùng của mục (sau các mục con)."
    )


class Duty(StrictModel):
    """Responsibilities of one body in Tổ chức thực hiện."""

    body: Label = Field(description="Tên cơ quan, đơn vị (in làm tiêu đề mục).")
    text: OneOrList[Text] = Field(default_factory=list)
    points: list[Text | Point] = Field(default_factory=list)


class Delegation(StrictModel):
    """KT. (ký thay), TL. (thừa lệnh) or TUQ. (thừa ủy quyền) and whom it is for."""

    kind: Literal["KT", "TL", "TUQ"]
    of: Label = Field(description="Chức danh người đứng đầu, ví dụ «Chủ tịch».")


class Signature(StrictModel):
    """The signature block (FORMAT.md): authority, delegation, title and name."""

    collective: Label | None = Field(
        default=None, description="Tập thể lãnh đạo (in «TM. …»), ví dụ «Ủy ban nhân dân»."
    )
    delegation: Delegation | None = None
    acting: bool = Field(default=False, description="true: quyền (in «Q. …» trước chức danh).")
    title: Label = Field(description="Chức danh người ký, ví dụ «Phó Chủ tịch».")
    name: Label | None = Field(default=None, description="Họ và tên người ký.")


ColumnField = Literal[
    "stt",
    "category",
    "indicator",
    "text",
    "unit",
    "value",
    "lead",
    "partners",
    "result",
    "deadline",
    "monitor",
    "note",
]


DEFAULT_COLUMN_WIDTHS: dict[str, float] = {
    "stt": 1.6,
    "category": 3.0,
    "indicator": 8.0,
    "text": 9.0,
    "unit": 2.0,
    "value": 2.6,
    "lead": 4.0,
    "partners": 4.5,
    "result": 4.0,
    "deadline": 3.2,
    "monitor": 4.0,
    "note": 3.2,
}
"""Width (cm) of a column that states none, by field."""

MIN_COLUMN_WIDTH = 0.1
MAX_COLUMN_WIDTH = 50.0
"""Bounds of a written width (cm): no page is half a metre wide, and a sum of
widths must stay a finite number (``1e308`` twice is infinity, and the
table's scale then NaN)."""

MIN_COLUMN_SHARE = 40
"""A column is at least 1/40 of the sum of the widths of its table. The
widths are proportions: the writer scales the table to the text width of
the landscape page (about 25 cm), so 1/40 is some 0.6 cm, room for a digit
of an STT cell between the cell margins; narrower, a cell has no room for
a character, and at the extreme (``1e300`` beside the defaults) its column
is drawn with no width and its text vanishes from the PDF. A table of every
field at its default width keeps to it with up to eight value columns."""


def _width_checked(width: float, what: str = "độ rộng cột") -> float:
    """A width (or a row's height) between the bounds, said once for every way to miss them
    (.nan included, which no comparison catches)."""
    if not MIN_COLUMN_WIDTH <= width <= MAX_COLUMN_WIDTH:
        raise PydanticCustomError(
            "kh_column_width",
            "{what} phải là số xăng-ti-mét từ {min} đến {max}, không phải {width}",
            {
                "what": what,
                "min": _number(MIN_COLUMN_WIDTH),
                "max": _number(MAX_COLUMN_WIDTH),
                "width": _number(width),
            },
        )
    return width


class AppendixColumn(StrictModel):
    """One column of an appendix table and the record field it shows."""

    field: ColumnField = Field(
        description="stt (số thứ tự), category (lĩnh vực, gộp ô), indicator (tên chỉ tiêu), "
        "text (câu chỉ tiêu hoặc nội dung nhiệm vụ), unit, value (giá trị), lead (chủ trì), "
        "partners (phối hợp), result (kết quả), deadline (thời gian), monitor (theo dõi, kiểm "
        "tra, đôn đốc), note (ghi chú).",
    )
    header: Text = Field(description="Tiêu đề cột như in.")
    phase: Phase | None = Field(
        default=None,
        description="Với cột value: giai đoạn của cột (mặc định: giai đoạn của dòng nhóm).",
    )
    width: float | None = Field(
        default=None,
        json_schema_extra={"minimum": MIN_COLUMN_WIDTH, "maximum": MAX_COLUMN_WIDTH},
        description="Độ rộng cột (cm), từ 0,1 đến 50; bảng được co giãn cho vừa bề ngang trang "
        "nên chỉ tỷ lệ giữa các cột có nghĩa: mỗi cột rộng ít nhất 1/40 tổng độ rộng các cột. "
        "Bỏ trống thì dùng độ rộng mặc định của loại cột.",
    )
    repeat_marker: str | None = Field(
        default=None,
        description="Chữ in thay cho ô giống hệt ô ngay trên, ví dụ «-nt-» (như trên).",
    )
    align: Align | None = Field(
        default=None,
        description="Căn lề các ô của cột: left, center, right (mặc định: số thứ tự, đơn vị "
        "tính, giá trị căn giữa; các cột khác căn trái).",
    )

    @field_validator("width")
    @classmethod
    def _width_in_range(cls, width: float | None) -> float | None:
        return None if width is None else _width_checked(width)


class Appendix(StrictModel):
    """An appendix: a table from the same records as the body (``source``), a table written
    out (``table``) or text with its own numbered sections (``body``)."""

    title: Label = Field(description="Tên phụ lục (in hoa); xuống dòng trong chuỗi được giữ.")
    label: Label | None = Field(
        default=None,
        description="Nhãn in thay cho «Phụ lục I» tính sẵn, ví dụ «PHỤ LỤC».",
    )
    orientation: Literal["landscape", "portrait"] | None = Field(
        default=None,
        description="Trang ngang (landscape) hay dọc (portrait); mặc định: ngang cho bảng, dọc "
        "cho phụ lục văn bản (body).",
    )
    reference_line: bool = Field(
        default=True,
        description="false: không in dòng «(Kèm theo Kế hoạch số …)» dưới tên phụ lục (bản dự "
        "thảo chưa có số, ngày).",
    )
    source: Literal["targets", "tasks"] | None = Field(
        default=None, description="Bảng chỉ tiêu hay bảng nhiệm vụ (lấy từ targets, tasks)."
    )
    columns: list[AppendixColumn] = Field(
        default_factory=list, description="Các cột của bảng lấy từ targets, tasks (source)."
    )
    table: LiteralTable | None = Field(
        default=None, description="Bảng ghi từng dòng (không dùng source)."
    )
    body: list[Section] | None = Field(
        default=None,
        description="Phụ lục văn bản: các mục đánh số riêng I., 1., a) như thân văn bản.",
    )
    group_rows: Literal["phase-group", "group", "none"] = Field(
        default="group",
        description="Dòng nhóm: phase-group (giai đoạn I, II rồi nhóm I.1, I.2), group (nhóm), "
        "none (không có dòng nhóm).",
    )
    group_numbering: Literal["roman", "letter"] = Field(
        default="roman", description="Số của dòng nhóm: roman (I, II) hoặc letter (a, b)."
    )
    group_caps: bool = Field(default=False, description="true: tên nhóm in hoa trong bảng.")
    group_prefix: str = Field(
        default="", description="Chữ đứng trước tên nhóm trong bảng, ví dụ «Về »."
    )
    numbering: Literal["continuous", "per-group"] = Field(
        default="continuous", description="Số thứ tự liên tục hay đánh lại từ 1 trong mỗi nhóm."
    )
    phase_header: str | None = Field(
        default=None,
        description="Tiêu đề chung của các cột giá trị theo giai đoạn (bảng hai dòng tiêu đề), "
        "ví dụ «Giai đoạn».",
    )
    bodies: Literal["lines", "dashes"] = Field(
        default="lines",
        description="Nhiều cơ quan trong một ô: lines (mỗi cơ quan một dòng) hoặc dashes "
        "(«- Sở …;» mỗi dòng).",
    )

    def widths(self) -> tuple[float, ...]:
        """The width of each column: the one written, else its field's default."""
        return tuple(c.width or DEFAULT_COLUMN_WIDTHS[c.field] for c in self.columns)

    @property
    def pages(self) -> Literal["landscape", "portrait"]:
        """The orientation written, else landscape for a table and portrait for text."""
        return self.orientation or ("portrait" if self.body is not None else "landscape")

    @model_validator(mode="after")
    def _one_content(self) -> Appendix:
        """Exactly one of source, table, body; columns go with source and only with it."""
        named = [k for k in ("source", "table", "body") if getattr(self, k) is not None]
        if len(named) != 1:
            raise _located(
                (named[1],) if len(named) > 1 else (),
                "kh_appendix_content",
                "mỗi phụ lục ghi đúng một trong ba: source (bảng từ targets, tasks), table (bảng "
                "ghi từng dòng) hoặc body (phụ lục văn bản){found}",
                {"found": f"; ở đây có {', '.join(named)}" if named else ""},
            )
        if self.source is not None and not self.columns:
            raise _located(
                ("columns",),
                "kh_appendix_columns",
                "phụ lục lấy từ {source} (source) phải có các cột (columns)",
                {"source": self.source},
            )
        if self.source is None and self.columns:
            raise _located(
                ("columns",),
                "kh_appendix_columns",
                "columns chỉ dùng với source; bảng ghi từng dòng khai báo cột trong table.columns",
                {},
            )
        return self

    @model_validator(mode="after")
    def _columns_distinct(self) -> Appendix:
        seen: set[tuple[str, tuple[int, int] | None]] = set()
        for j, column in enumerate(self.columns):
            key = (column.field, phase_years(column.phase) if column.phase else None)
            if key in seen:
                raise _located(
                    ("columns", j),
                    "kh_duplicate_column",
                    "cột «{field}»{phase} bị lặp: bảng đã có cột này ở trên; hãy bỏ cột này",
                    {
                        "field": column.field,
                        "phase": f" của giai đoạn {column.phase}" if column.phase else "",
                    },
                )
            seen.add(key)
        return self

    @model_validator(mode="after")
    def _columns_wide_enough(self) -> Appendix:
        """No column under 1/40 of the table (MIN_COLUMN_SHARE), said at a width to change.

        That is the narrow column's own width when written, else the widest
        column's (which must then be what crowds it out), else the column.
        """
        widths = self.widths()
        if not widths:
            return self
        total = sum(widths)
        narrow = min(range(len(widths)), key=widths.__getitem__)
        if widths[narrow] * MIN_COLUMN_SHARE >= total:
            return self
        wide = max(range(len(widths)), key=widths.__getitem__)
        blamed = next(
            (("columns", j, "width") for j in (narrow, wide) if self.columns[j].width is not None),
            ("columns", narrow),
        )
        raise _located(
            blamed,
            "kh_column_too_narrow",
            "cột «{narrow}» rộng {width} trên tổng {total} của cả bảng (cột rộng nhất «{wide}»: "
            "{widest}), dưới 1/40: bảng được co cho vừa bề ngang trang nên cột này không còn "
            "chỗ cho chữ; hãy tăng độ rộng cột hẹp hoặc giảm độ rộng các cột rộng (width, cm)",
            {
                "narrow": self.columns[narrow].header,
                "width": _number(widths[narrow]),
                "total": _number(total),
                "wide": self.columns[wide].header,
                "widest": _number(widths[wide]),
            },
        )


class Article(StrictModel):
    """An article (Điều) of a decision."""

    text: Text
    points: list[Text | Point] = Field(default_factory=list)


class Decision(StrictModel):
    """A Quyết định that promulgates this plan; the plan follows it as an attachment."""

    number: DocumentNumber | None = Field(
        default=None, description="Số quyết định: 155 hoặc «0155» (in đúng như viết)."
    )
    symbol: Text | None = Field(default=None, description="Mặc định «QĐ-» + chữ viết tắt cơ quan.")
    reference_lead: Text | None = Field(
        default=None,
        description="Chữ mở đầu dòng «(Kèm theo Quyết định số …)» của kế hoạch và phụ lục ban "
        "hành kèm quyết định, ví dụ «Ban hành kèm theo» (mặc định: như document.reference_lead).",
    )
    date: IssueDate
    title: Label = Field(description="Trích yếu của quyết định, ví dụ «Ban hành Kế hoạch …».")
    authority: Label | None = Field(
        default=None, description="Dòng thẩm quyền in hoa (mặc định: tên cơ quan ban hành)."
    )
    basis: list[Text] = Field(default_factory=list, description="Các dòng căn cứ (in nghiêng).")
    proposal: Text | None = Field(default=None, description="Dòng «Theo đề nghị của …».")
    articles: list[Article] = Field(min_length=1, description="Các Điều.")
    recipients: list[Label] = Field(default_factory=list)
    signature: Signature


class ChildRules(StrictModel):
    """What a parent plan allows the plans that extend it (DESIGN §5)."""

    allow_local_targets: bool = Field(
        default=False,
        description="true: kế hoạch cấp dưới được có chỉ tiêu riêng (local: true) ngoài danh mục "
        "chỉ tiêu của kế hoạch này.",
    )
    addressed: dict[Category, list[Text]] = Field(
        default_factory=dict,
        description="Các cụm từ trong cột chủ trì, phối hợp chỉ loại cơ quan cấp dưới, thêm vào "
        "cụm từ mặc định (ví dụ {tinh: [«địa phương»]}): nhiệm vụ nêu tên loại của kế hoạch "
        "cấp dưới thì kế hoạch đó phải có nhiệm vụ thực hiện (implements).",
    )


class PlanCitation(StrictModel):
    """A basis line citing a plan of the repository, rendered from that plan's metadata.

    «Căn cứ Kế hoạch số 219/KH-UBND ngày 30 tháng 12 năm 2025 của Ủy ban nhân
    dân thành phố về …»: number, date, issuer and title come from the cited
    file, so the line can never disagree with it.
    """

    cite: Text = Field(
        description="Đường dẫn (từ gốc kho) tới kế hoạch được trích, ví dụ "
        "«plans/can-tho/kh-219-2025.yaml».",
    )
    before: Text = Field(
        default="Căn cứ", description="Chữ đứng trước tên văn bản: «Căn cứ», «Thực hiện»…"
    )
    after: str = Field(
        default="",
        description="Phần tiếp theo ngay sau trích yếu, kể cả dấu câu, ví dụ «;» hoặc «, Văn "
        "phòng … cụ thể như sau:».",
    )
    issuer: Label | None = Field(
        default=None,
        description="Cách gọi cơ quan ban hành sau chữ «của» (mặc định: tên đầy đủ của cơ quan).",
    )
    date_style: DateStyle = Field(
        default="long",
        description="long (ngày 30 tháng 12 năm 2025) hoặc short (30/12/2025).",
    )


class Omission(StrictModel):
    """An item the parent requires that this plan deliberately leaves out, and why."""

    target: Id | None = Field(default=None, description="Mã chỉ tiêu của kế hoạch cấp trên.")
    task: Id | None = Field(default=None, description="Mã nhiệm vụ của kế hoạch cấp trên.")
    task_group: Id | None = Field(
        default=None, description="Mã nhóm nhiệm vụ của kế hoạch cấp trên."
    )
    reason: Text = Field(description="Lý do không đưa vào kế hoạch này.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Omission:
        named = [f for f in ("target", "task", "task_group") if getattr(self, f) is not None]
        if len(named) != 1:
            raise PydanticCustomError(
                "kh_omission_one_item",
                "mỗi mục omitted ghi đúng một trong target, task, task_group",
            )
        return self


class LintException(StrictModel):
    """A lint finding the plan means, silenced with the reason (``kehoach lint``)."""

    code: Text = Field(description="Mã của phát hiện, ví dụ «spelling», «confused-word».")
    text: Text = Field(
        description="Chữ bị báo đúng như trong kế hoạch, ví dụ «Phân đầu»; mọi chỗ viết như vậy "
        "với mã này đều được bỏ qua."
    )
    reason: Text = Field(description="Lý do giữ nguyên, ví dụ «trích nguyên văn văn bản gốc».")


class Lint(StrictModel):
    """What ``kehoach lint`` should accept in this plan."""

    ignore: list[LintException] = Field(
        default_factory=list,
        description="Các phát hiện cố ý giữ nguyên (tên riêng, trích nguyên văn), kèm lý do.",
    )


class Plan(StrictModel):
    """A whole plan file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        json_schema_extra={"title": "Kế hoạch (kehoach)"},
    )

    extends: Text | None = Field(
        default=None,
        description="Đường dẫn (từ gốc kho) tới kế hoạch cấp trên, ví dụ "
        "«plans/can-tho/kh-219-2025.yaml»: chỉ tiêu, giai đoạn, nhiệm vụ được đối chiếu với nó.",
    )
    document: Document
    basis: OneOrList[Text | PlanCitation] = Field(
        default_factory=list,
        description="Các căn cứ / «Thực hiện …», mỗi dòng một đoạn; một dòng trích kế hoạch "
        "trong kho viết {cite: đường dẫn} để in từ chính văn bản đó.",
    )
    intro: OneOrList[Text] = Field(default_factory=list, description="Các đoạn mở đầu sau căn cứ.")
    phases: list[Phase] = Field(default_factory=list, description="Các giai đoạn của chỉ tiêu.")
    target_groups: list[Group] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    task_groups: list[Group] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    organisation: list[Duty] = Field(default_factory=list)
    body: list[Section] = Field(min_length=1, description="Cây mục của thân văn bản.")
    closing: str | None = Field(
        default=None, description="Đoạn kết (không gõ «./.»: trình biên dịch tự thêm)."
    )
    recipients: list[Label] = Field(
        default_factory=list, description="Nơi nhận, mỗi dòng một nơi (không gõ «- » và «;»)."
    )
    signature: Signature | None = None
    attachments_note: bool = Field(
        default=False,
        description="true: in dòng «(Kèm theo Phụ lục I, Phụ lục II)» sau đoạn kết.",
    )
    appendix_numbering: Literal["roman", "arabic", "none"] = Field(
        default="roman",
        description="Phụ lục I, II (roman), Phụ lục 1, 2 (arabic) hay «PHỤ LỤC» không số (none).",
    )
    appendices: list[Appendix] = Field(default_factory=list)
    decision: Decision | None = Field(
        default=None, description="Quyết định ban hành kế hoạch (kế hoạch in kèm theo sau)."
    )
    children: ChildRules | None = Field(
        default=None, description="Quy định của kế hoạch này đối với các kế hoạch cấp dưới."
    )
    omitted: list[Omission] = Field(
        default_factory=list,
        description="Chỉ tiêu, nhiệm vụ cấp trên yêu cầu mà kế hoạch này cố ý không đưa vào, "
        "kèm lý do (thành cảnh báo thay cho lỗi; không in ra).",
    )
    lint: Lint | None = Field(
        default=None,
        description="Soát lỗi chính tả và thể thức (kehoach lint): các phát hiện cố ý giữ "
        "nguyên, kèm lý do (không in ra).",
    )

    @model_validator(mode="after")
    def _phases_in_period(self) -> Plan:
        """Each phase once, within the plan's period; every phase named elsewhere declared.

        «2026-2027» and «2026 - 2027» are one phase written two ways: a
        second one would be a second, identical column or list. A phase
        may overhang the period (the Khung kế hoạch 2026-2030 of seed 004
        sets targets for its programme's phase 2025-2027), but one with no
        year in it is not this plan's.
        """
        period = self.document.period
        first, last = phase_years(period) if period is not None else (None, None)
        seen: dict[tuple[int, int], str] = {}
        for j, phase in enumerate(self.phases):
            years = phase_years(phase)
            if years in seen:
                raise _located(
                    ("phases", j),
                    "kh_duplicate_phase",
                    "giai đoạn «{id}» bị lặp (đã có «{first}»)",
                    {"id": phase, "first": seen[years]},
                )
            seen[years] = phase
            if first is not None and last is not None and (years[1] < first or years[0] > last):
                raise _located(
                    ("phases", j),
                    "kh_phase_outside_period",
                    "giai đoạn «{id}» không có năm nào trong thời kỳ {period} của kế hoạch "
                    "(document.period)",
                    {"id": phase, "period": period or ""},
                )
        declared = set(self.phases)
        for loc, phase in _named_phases(self):
            if phase not in declared:
                raise _located(
                    loc,
                    "kh_unknown_phase",
                    "giai đoạn «{id}» chưa được khai báo trong phases",
                    {"id": phase},
                )
        return self

    @model_validator(mode="after")
    def _parts_at_top(self) -> Plan:
        """A part is a top-level section, and only a part has a label."""
        stack: list[tuple[tuple[str | int, ...], Section, bool]] = [
            (("body", i), section, True) for i, section in enumerate(self.body)
        ]
        while stack:
            loc, section, top = stack.pop()
            if section.part and not top:
                raise _located(
                    (*loc, "part"),
                    "kh_nested_part",
                    "phần (part: true) chỉ đặt ở cấp cao nhất của body, không trong mục con",
                    {},
                )
            if section.label is not None and not section.part:
                raise _located(
                    (*loc, "label"),
                    "kh_label_without_part",
                    "label chỉ dùng cho phần (part: true); mục thường được đánh số tự động",
                    {},
                )
            stack.extend(
                ((*loc, "sections", k), sub, False) for k, sub in enumerate(section.sections)
            )
        return self

    @model_validator(mode="after")
    def _references_resolve(self) -> Plan:
        _check_unique("targets", [t.id for t in self.targets])
        _check_unique("tasks", [t.id for t in self.tasks])
        _check_unique("target_groups", [g.id for g in self.target_groups])
        _check_unique("task_groups", [g.id for g in self.task_groups])
        target_groups = {g.id for g in self.target_groups}
        task_groups = {g.id for g in self.task_groups}
        phases = set(self.phases)
        for i, target in enumerate(self.targets):
            if target.group not in target_groups:
                raise _located(
                    ("targets", i, "group"),
                    "kh_unknown_group",
                    "nhóm chỉ tiêu «{id}» chưa được khai báo trong target_groups",
                    {"id": target.group},
                )
            for phase in target.values:
                if phase not in phases:
                    raise _located(
                        ("targets", i, "values", phase),
                        "kh_unknown_phase",
                        "giai đoạn «{id}» chưa được khai báo trong phases",
                        {"id": phase},
                    )
        if self.decision is not None:
            for field in ("recipients", "signature"):
                if getattr(self, field):
                    raise _located(
                        (field,),
                        "kh_attached_plan_signed",
                        "kế hoạch ban hành kèm quyết định không có {field} riêng: "
                        "ghi trong decision",
                        {"field": field},
                    )
        for i, task in enumerate(self.tasks):
            if task.group not in task_groups:
                raise _located(
                    ("tasks", i, "group"),
                    "kh_unknown_group",
                    "nhóm nhiệm vụ «{id}» chưa được khai báo trong task_groups",
                    {"id": task.group},
                )
        for loc, point in _record_points(self):
            _check_point_records(loc, point, target_groups, task_groups, bool(phases))
        return self


def _record_points(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], Point]]:
    """Every lettered point that lists records (``targets``/``tasks``), with where it is
    written: in the body's sections and in a text appendix's."""
    stack: list[tuple[tuple[str | int, ...], Section]] = [
        (("body", i), section) for i, section in enumerate(plan.body)
    ]
    for a, appendix in enumerate(plan.appendices):
        stack.extend((("appendices", a, "body", i), s) for i, s in enumerate(appendix.body or []))
    while stack:
        loc, section = stack.pop()
        for k, point in enumerate(section.points):
            if isinstance(point, Point) and (point.targets or point.tasks):
                yield (*loc, "points", k), point
        stack.extend(((*loc, "sections", k), sub) for k, sub in enumerate(section.sections))


def _check_point_records(
    loc: tuple[str | int, ...],
    point: Point,
    target_groups: set[str],
    task_groups: set[str],
    has_phases: bool,
) -> None:
    """A point's record groups are declared, and its targets have a phase to print."""
    lists = (("targets", point.targets, target_groups), ("tasks", point.tasks, task_groups))
    for key, selection, known in lists:
        if selection is None:
            continue
        for j, ident in enumerate(selection.groups):
            if ident not in known:
                raise _located(
                    (*loc, key, "groups", j),
                    "kh_unknown_group",
                    "nhóm «{id}» chưa được khai báo trong {where}",
                    {"id": ident, "where": f"{key[:-1]}_groups"},
                )
    if point.targets is not None and point.targets.phase is None and not has_phases:
        raise _located(
            (*loc, "targets", "phase"),
            "kh_phase_required",
            "kế hoạch không khai báo phases: điểm liệt kê chỉ tiêu phải ghi «phase»",
            {},
        )


def _named_phases(plan: Plan) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Where a phase is named outside ``phases`` and target values (checked with the
    targets): appendix value columns and the target lists of the body's sections."""
    for i, appendix in enumerate(plan.appendices):
        for j, column in enumerate(appendix.columns):
            if column.phase is not None:
                yield ("appendices", i, "columns", j, "phase"), column.phase
    stack: list[tuple[tuple[str | int, ...], Section]] = [
        (("body", i), section) for i, section in enumerate(plan.body)
    ]
    while stack:
        loc, section = stack.pop()
        if section.targets is not None and section.targets.phase is not None:
            yield (*loc, "targets", "phase"), section.targets.phase
        stack.extend(((*loc, "sections", k), sub) for k, sub in enumerate(section.sections))
    for loc, point in _record_points(plan):
        if point.targets is not None and point.targets.phase is not None:
            yield (*loc, "targets", "phase"), point.targets.phase


def _check_unique(field: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise _located((field, i, "id"), "kh_duplicate_id", "mã «{id}» bị trùng", {"id": ident})
        seen.add(ident)


def _number(value: float) -> str:
    """A width as Vietnamese writes it («1,6», «1050»); infinity and NaN as YAML spells them."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return f"{value:g}".replace(".", ",")


def _located(loc: tuple[str | int, ...], code: str, message: str, ctx: dict[str, str]) -> Exception:
    """An error of a whole-plan rule that still points at the field it is about.

    model_validator errors have an empty loc (TECH-NOTES); raising a
    ValidationError built from InitErrorDetails keeps the path so the loader
    can print the exact line and column.
    """
    from pydantic import ValidationError
    from pydantic_core import InitErrorDetails

    detail = InitErrorDetails(
        type=PydanticCustomError(code, message, ctx), loc=loc, input=ctx.get("id")
    )
    return ValidationError.from_exception_data("Plan", [detail])


def symbol_for(issuer_abbr: str | None, kind: str = "KH") -> str:
    """Ký hiệu computed from the kind's abbreviation and the issuer's (Phụ lục III).

    «KH-UBND», «QĐ-UBND»; the kind alone when the issuer has no abbreviation.
    Every plan kind abbreviates to KH, a decision to QĐ.
    """
    return f"{kind}-{issuer_abbr}" if issuer_abbr else kind


def plan_symbol(document: Document) -> str:
    """The plan's ký hiệu as printed: the one written, else computed from its issuer."""
    return document.symbol or symbol_for(document.issuer.abbr)


def decision_symbol(decision: Decision, document: Document) -> str:
    """The ký hiệu of the decision promulgating a plan: the one written, else «QĐ-» and
    the abbreviation of the plan's issuer (a decision has no issuer of its own)."""
    return decision.symbol or symbol_for(document.issuer.abbr, "QĐ")
