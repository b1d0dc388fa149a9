"""Vietnamese names of every field and value a review report can mention.

A clerk reads «chữ ký, chức danh người ký: Phó Chủ tịch → Chủ tịch», not
``signature.title``; «trạng thái: dự thảo → ban hành», not «draft → issued».
The tables here are the one place to extend when the schema grows a key:
a name is looked up first for the area and the full dotted field
(``("signature", "title")``), then for the field alone, then for its last
segment, so a new key nested anywhere gets a name from one line here, and a
key with no name yet is still reported (by its own name) instead of
crashing the report.
"""

from __future__ import annotations

AREA_NAMES: dict[str, str] = {
    "target": "chỉ tiêu",
    "task": "nhiệm vụ",
    "target_group": "nhóm chỉ tiêu",
    "task_group": "nhóm nhiệm vụ",
    "metadata": "thông tin văn bản",
    "signature": "chữ ký",
    "basis": "căn cứ",
    "intro": "đoạn mở đầu",
    "recipients": "nơi nhận",
    "section": "mục",
    "organisation": "tổ chức thực hiện",
    "appendix": "phụ lục",
    "decision": "quyết định",
    "plan": "kế hoạch",
    "printed": "văn bản in",
    "check": "kiểm tra kế hoạch mới",
}

FIELD_NAMES: dict[str, str] = {
    "text": "nội dung",
    "indicator": "chỉ số",
    "appendix_text": "nội dung trong phụ lục",
    "appendix_title": "tên trong phụ lục",
    "unit": "đơn vị tính",
    "values": "giá trị",
    "value": "giá trị",
    "floor": "mức sàn",
    "phase_labels": "nhãn giai đoạn",
    "lead": "chủ trì",
    "partners": "phối hợp",
    "monitor": "theo dõi, kiểm tra, đôn đốc",
    "outputs": "các sản phẩm",
    "result": "kết quả, sản phẩm",
    "deadline": "thời gian thực hiện",
    "note": "ghi chú",
    "title": "tiêu đề",
    "number": "số",
    "symbol": "ký hiệu",
    "kind": "loại văn bản",
    "date": "ngày ban hành",
    "day": "ngày",
    "month": "tháng",
    "year": "năm",
    "place": "địa danh",
    "status": "trạng thái",
    "period": "thời kỳ",
    "issuer": "cơ quan ban hành",
    "name": "tên",
    "abbr": "chữ viết tắt",
    "header_lines": "các dòng tên cơ quan",
    "parent_body": "cơ quan chủ quản",
    "header": "phần đầu văn bản",
    "category": "cấp hành chính",
    "reconstructed": "dựng lại từ bản in",
    "reference_name": "chức danh trong dòng «Kèm theo»",
    "reference_date": "cách in ngày trong dòng «Kèm theo»",
    "reference_lead": "lời dẫn dòng «Kèm theo»",
    "attached_to": "văn bản kèm theo",
    "collective": "thẩm quyền tập thể",
    "delegation": "hình thức ký thay",
    "of": "chức danh thủ trưởng",
    "acting": "quyền",
    "items": "các ý",
    "points": "các điểm",
    "paragraphs": "các đoạn",
    "after": "đoạn cuối mục",
    "closing": "đoạn kết",
    "extends": "kế hoạch cấp trên",
    "phases": "các giai đoạn",
    "group": "nhóm",
    "groups": "các nhóm",
    "intro": "đoạn mở đầu",
    "mandatory_for": "bắt buộc với",
    "direction": "chiều tốt",
    "implements": "thực hiện chỉ tiêu/nhiệm vụ cấp trên",
    "in_body": "in trong thân văn bản",
    "in_appendix": "in trong phụ lục",
    "punctuation": "dấu cuối mỗi ý",
    "align": "căn lề",
    "reference_line": "dòng «Kèm theo» của phụ lục",
    "local": "chỉ tiêu riêng của địa phương",
    "deviation": "sai khác",
    "reason": "lý do",
    "targets": "chỉ tiêu in trong mục",
    "tasks": "nhiệm vụ in trong mục",
    "organisation": "in phần tổ chức thực hiện",
    "sections": "các mục con",
    "numbered": "đánh số",
    "part": "là phần",
    "label": "nhãn in",
    "table": "bảng",
    "body": "thân",
    "by": "sắp theo",
    "phase": "giai đoạn",
    "order": "thứ tự",
    "style": "kiểu trình bày",
    "columns": "cột",
    "field": "trường dữ liệu",
    "width": "độ rộng",
    "repeat_marker": "dấu lặp",
    "source": "nguồn bảng",
    "group_rows": "dòng nhóm",
    "group_numbering": "đánh số nhóm",
    "group_caps": "tên nhóm in hoa",
    "group_prefix": "tiền tố tên nhóm",
    "numbering": "đánh số dòng",
    "phase_header": "tiêu đề cột giai đoạn",
    "bodies": "cách in tên cơ quan",
    "orientation": "hướng trang",
    "rows": "các dòng",
    "header_rows": "các dòng tiêu đề bảng",
    "cells": "các ô",
    "articles": "các Điều",
    "authority": "thẩm quyền ban hành",
    "proposal": "dòng «Theo đề nghị của»",
    "basis": "căn cứ",
    "recipients": "nơi nhận",
    "signature": "chữ ký",
    "attachments_note": "dòng «Đính kèm phụ lục»",
    "appendix_numbering": "đánh số phụ lục",
    "children": "quy định cho kế hoạch cấp dưới",
    "allow_local_targets": "cho phép chỉ tiêu riêng",
    "addressed": "cơ quan được giao",
    "omitted": "chỉ tiêu, nhiệm vụ cấp trên không đưa vào",
    "target": "chỉ tiêu cấp trên",
    "task": "nhiệm vụ cấp trên",
    "task_group": "nhóm nhiệm vụ cấp trên",
    "lint": "ngoại lệ soát chính tả",
    "ignore": "các ngoại lệ",
    "code": "mã phát hiện",
    "cite": "văn bản trích dẫn",
    "before": "lời dẫn trước",
    "date_style": "cách in ngày",
    "decision": "quyết định",
    "document": "thông tin văn bản",
}
"""Names by key; a dotted path is named segment by segment («ngày ban hành, năm»)."""

CONTEXT_NAMES: dict[tuple[str, str], str] = {
    ("signature", "title"): "chức danh người ký",
    ("signature", "name"): "người ký",
    ("decision", "signature.title"): "chức danh người ký",
    ("decision", "signature.name"): "người ký",
    ("metadata", "title"): "trích yếu",
    ("decision", "title"): "trích yếu",
    ("metadata", "issuer.name"): "cơ quan ban hành",
    ("metadata", "parent_body.name"): "cơ quan chủ quản",
    ("appendix", "title"): "tên phụ lục",
    ("appendix", "columns.header"): "tiêu đề cột",
    ("appendix", "columns.width"): "độ rộng cột",
    ("appendix", "columns.field"): "trường dữ liệu của cột",
    ("target", "category"): "lĩnh vực",
    ("appendix", "table.columns.header"): "tiêu đề cột",
    ("section", "title"): "tiêu đề mục",
    ("section", "points.targets"): "chỉ tiêu in trong điểm",
    ("section", "points.tasks"): "nhiệm vụ in trong điểm",
    ("section", "text"): "nội dung",
    ("organisation", "body"): "cơ quan",
    ("plan", "children.addressed"): "cơ quan được giao",
}
"""Names that depend on where the field sits (the signer's «title» is not a heading)."""

VALUE_NAMES: dict[str, dict[str, str]] = {
    "status": {"draft": "dự thảo", "issued": "đã ban hành"},
    "header": {
        "full": "đầy đủ (cơ quan chủ quản và cơ quan ban hành)",
        "bodies": "chỉ tên cơ quan",
        "none": "không in",
    },
    "category": {
        "bo": "bộ",
        "tinh": "tỉnh",
        "so": "sở",
        "van-phong": "văn phòng",
        "xa": "xã",
        "phuong": "phường",
        "dac-khu": "đặc khu",
    },
    "kind": {
        "ke-hoach": "kế hoạch",
        "ke-hoach-hanh-dong": "kế hoạch hành động",
        "chuong-trinh-hanh-dong": "chương trình hành động",
        "khung-ke-hoach": "khung kế hoạch",
        "quyet-dinh": "quyết định",
        "KT": "ký thay (KT.)",
        "TL": "thừa lệnh (TL.)",
        "TUQ": "thừa ủy quyền (TUQ.)",
    },
    "direction": {"higher": "càng cao càng tốt", "lower": "càng thấp càng tốt"},
    "date_style": {"long": "đầy đủ", "short": "rút gọn"},
    "reference_date": {"long": "đầy đủ", "short": "rút gọn"},
    "by": {"phase": "theo giai đoạn", "group": "theo nhóm"},
    "style": {"points": "điểm a), b)…", "items": "gạch đầu dòng"},
    "align": {"left": "căn trái", "center": "căn giữa", "right": "căn phải"},
    "punctuation": {
        "list": "«;», ý cuối «.»",
        "sentence": "mỗi ý kết thúc «.»",
        "written": "như đã viết",
    },
    "source": {"targets": "bảng chỉ tiêu", "tasks": "bảng nhiệm vụ"},
    "group_rows": {
        "phase-group": "theo giai đoạn rồi nhóm",
        "group": "theo nhóm",
        "none": "không có",
    },
    "group_numbering": {"roman": "số La Mã", "letter": "chữ cái", "none": "không đánh số"},
    "numbering": {"continuous": "liên tục", "per-group": "lại từ 1 trong mỗi nhóm"},
    "appendix_numbering": {"roman": "số La Mã", "arabic": "số Ả Rập", "none": "không đánh số"},
    "bodies": {"lines": "mỗi cơ quan một dòng", "dashes": "gạch đầu dòng"},
    "orientation": {"landscape": "trang ngang", "portrait": "trang dọc"},
    "field": {
        "stt": "số thứ tự",
        "category": "lĩnh vực",
        "indicator": "chỉ số",
        "text": "nội dung",
        "unit": "đơn vị tính",
        "value": "giá trị",
        "lead": "chủ trì",
        "partners": "phối hợp",
        "monitor": "theo dõi, kiểm tra, đôn đốc",
        "result": "kết quả, sản phẩm",
        "deadline": "thời gian thực hiện",
        "note": "ghi chú",
    },
}
"""Printed words for coded values, by the field that holds them."""

FREE_TEXT = {("target", "category")}
"""Fields whose values are the plan's own words, never codes (a target's «lĩnh vực»)."""

for _name in ("mandatory_for",):
    VALUE_NAMES[_name] = VALUE_NAMES["category"]


ITEM_NAMES: dict[str, str] = {
    "articles": "Điều {n}",
    "columns": "cột {n}",
    "points": "điểm {letter}",
    "items": "ý thứ {n}",
    "text": "đoạn {n}",
    "paragraphs": "đoạn {n}",
    "after": "đoạn cuối thứ {n}",
    "rows": "dòng {n}",
    "header_rows": "dòng tiêu đề {n}",
    "cells": "ô {n}",
    "outputs": "sản phẩm {n}",
    "sections": "mục con {n}",
    "omitted": "chỉ tiêu, nhiệm vụ cấp trên không đưa vào, mục {n}",
    "ignore": "ngoại lệ {n}",
    "basis": "căn cứ {n}",
    "recipients": "nơi nhận {n}",
    "footnotes": "chú thích {n}",
}
"""How the n-th item of a list is named where it is printed («Điều 3», «điểm b»)."""

_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _item(parent: str | None, number: int) -> str:
    pattern = ITEM_NAMES.get(parent or "", "thứ {n}")
    letter = _LETTERS[(number - 1) % len(_LETTERS)]
    return pattern.format(n=number, letter=letter)


def field_name(area: str, field: str) -> str:
    """The Vietnamese name of ``field`` (a dotted path) in ``area``.

    A list item is named as printed («Điều 3», «cột 5», «điểm b»); a key is
    named in the context of the keys above it first (``columns.header`` is
    «tiêu đề cột», not the document's header); an unknown key prints as
    itself, so a key the schema gains tomorrow is reported, if not yet
    translated.
    """
    if (area, field) in CONTEXT_NAMES:
        return CONTEXT_NAMES[(area, field)]
    words: list[str] = []
    keys: list[str] = []
    for part in field.split("."):
        if part.isdigit():
            parent = keys[-1] if keys else None
            if words and parent in ITEM_NAMES:
                words[-1] = _item(parent, int(part))
            else:
                words.append(_item(parent, int(part)))
            continue
        keys.append(part)
        path = ".".join(keys)
        pair = f"{keys[-2]}.{part}" if len(keys) > 1 else None
        if pair is not None and (area, pair) in CONTEXT_NAMES:
            words.append(CONTEXT_NAMES[(area, pair)])
        elif (area, path) in CONTEXT_NAMES:
            words = [CONTEXT_NAMES[(area, path)]]
        else:
            words.append(FIELD_NAMES.get(part, part))
    return ", ".join(words)


def value_name(field: str | None, value: str, area: str = "") -> str:
    """The printed word for a coded value of ``field`` («xa» → «xã»), or the value itself."""
    if field is None or (area, field) in FREE_TEXT:
        return value
    last = [p for p in field.split(".") if not p.isdigit()]
    table = VALUE_NAMES.get(last[-1] if last else field, {})
    return table.get(value, value)
