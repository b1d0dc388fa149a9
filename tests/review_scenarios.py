"""The reviewers' scenarios of issue 17, as commits on the real plans in a throwaway repository.

Tag ``v1`` holds every real plan; each scenario is a branch of its own
(``s-<name>``) with one commit on top of ``v1``, authored by a reviewer at a
fixed date, editing the YAML text the way a person would. Tests compare
``v1:<plan>`` with ``s-<name>:<plan>``.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import copy_repository

LONG_MY = "plans/can-tho/long-my/kh-cqs-2026-2030.yaml"
VPUB = "plans/can-tho/vpub/kh-cqs-2026-2030.yaml"
KH_219 = "plans/can-tho/kh-219-2025.yaml"
KH_224 = "plans/can-tho/kh-224-2025.yaml"
QD_3256 = "plans/dong-thap/qd-3256-2025.yaml"
QD_2629 = "plans/trung-uong/qd-2629-2025.yaml"
KHUNG = "plans/trung-uong/khung-kh-cds-2026-2030.yaml"
REVIEWER = "Người Soát Xét"
DATE = "2026-02-03T04:05:06Z"


def git(root: Path, *args: str, author: str = REVIEWER, date: str = DATE) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)
    return done.stdout.decode("utf-8")


def replace(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def edit(path: str, *pairs: tuple[str, str]) -> Callable[[Path], None]:
    """An edit of ``path``: each (old, new) replaced once, in order."""

    def run(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        for old, new in pairs:
            text = replace(text, old, new)
        file.write_text(text, encoding="utf-8")

    return run


def record(text: str, ident: str) -> tuple[str, int, int]:
    """The list item ``- id: ident`` (up to the next item, comment block or top-level key)."""
    match = re.search(
        rf"\n  - id: {re.escape(ident)}\b.*?(?=\n  - id: |\n  # |\n\n[a-z_]+:|\n[a-z_]+:)",
        text,
        re.DOTALL,
    )
    assert match is not None, ident
    return match.group(0), match.start(), match.end()


def swap_records(path: str, first: str, second: str) -> Callable[[Path], None]:
    """Swap two adjacent records (``first`` written before ``second``)."""

    def run(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        a, a_start, _ = record(text, first)
        b, _, b_end = record(text, second)
        middle = text[a_start + len(a) : b_end - len(b)]
        text = text[:a_start] + b + middle + a + text[b_end:]
        file.write_text(text, encoding="utf-8")

    return run


def remove_block(path: str, start: str, end: str) -> Callable[[Path], None]:
    """Cut the text from ``start`` up to (not including) ``end``."""

    def run(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        i = text.index(start)
        j = text.index(end, i + len(start))
        file.write_text(text[:i] + text[j:], encoding="utf-8")

    return run


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        for one in edits:
            one(root)

    return run


def rename_file(old: str, new: str) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        git(root, "mv", old, new)

    return run


def add_plan(source: str, new: str) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        (root / new).write_bytes((root / source).read_bytes())

    return run


def relabel_phase(path: str) -> Callable[[Path], None]:
    def run(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        file.write_text(text.replace("2026-2027", "2026 - 2027"), encoding="utf-8")

    return run


NEW_TARGET = """
  - id: dvctt-mot-cua-so
    group: dich-vu-so
    text: "{value} thủ tục hành chính được tiếp nhận qua Cổng dịch vụ công một cửa số"
    unit: "%"
    values:
      2026-2027: 90%
      2028-2030: 100%
"""

HOP_BAN = "  - id: hop-ban-chi-dao\n"


@dataclass(frozen=True)
class Scenario:
    """One reviewer's commit: what it edits and which plan it is read through."""

    plan: str
    change: Callable[[Path], None]
    message: str


SCENARIOS: dict[str, Scenario] = {
    "tasks-reordered": Scenario(
        LONG_MY,
        swap_records(LONG_MY, "gop-y-van-ban-qppl", "khung-kien-truc-so"),
        "Đưa nhiệm vụ khung kiến trúc số lên đầu",
    ),
    "targets-reordered": Scenario(
        LONG_MY,
        swap_records(LONG_MY, "dvctt-toan-trinh", "cung-cap-mot-lan"),
        "Đổi thứ tự hai chỉ tiêu đầu",
    ),
    "parent-date-title": Scenario(
        LONG_MY,
        edit(
            KH_219,
            (
                "    day: 30\n    month: 12\n    year: 2025",
                "    day: 29\n    month: 12\n    year: 2025",
            ),
            (
                "title: Phát triển Chính quyền số thành phố Cần Thơ giai đoạn 2026 - 2030",
                "title: Phát triển Chính quyền số và Chính quyền thông minh thành phố Cần Thơ"
                " giai đoạn 2026 - 2030",
            ),
        ),
        "Thành phố sửa ngày và trích yếu Kế hoạch 219",
    ),
    "bold-phrase": Scenario(
        LONG_MY,
        edit(
            LONG_MY,
            (
                "ban hành Kế hoạch triển khai thực hiện hàng năm;",
                "ban hành Kế hoạch triển khai thực hiện **hàng năm**;",
            ),
        ),
        "In đậm «hàng năm»",
    ),
    "plan-added": Scenario(
        "plans/can-tho/long-my/kh-cqs-2026-2030-ban-sao.yaml",
        add_plan(LONG_MY, "plans/can-tho/long-my/kh-cqs-2026-2030-ban-sao.yaml"),
        "Thêm bản sao kế hoạch phường",
    ),
    "plan-renamed": Scenario(
        "plans/dong-thap/qd-3256-2025-dong-thap.yaml",
        rename_file(QD_3256, "plans/dong-thap/qd-3256-2025-dong-thap.yaml"),
        "Đổi tên tệp Quyết định 3256",
    ),
    "task-renamed": Scenario(
        KH_224,
        edit(
            KH_224,
            ("  - id: ke-hoach-cong-tac-cds\n", "  - id: ke-hoach-cds-nam\n"),
            ("    deadline: Tháng 01/2026\n", "    deadline: Tháng 02/2026\n"),
        ),
        "Đổi mã nhiệm vụ kế hoạch công tác, lùi thời hạn",
    ),
    "section-deleted": Scenario(
        KHUNG,
        remove_block(KHUNG, "  - title: Mục tiêu\n", "  - title: Nhiệm vụ, giải pháp\n"),
        "Bỏ mục Mục tiêu của Khung",
    ),
    "basis-inserted": Scenario(
        KH_224,
        edit(
            KH_224,
            (
                "basis:\n  - >-\n    Thực hiện Công văn số 5511",
                "basis:\n  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
                "  - >-\n    Thực hiện Công văn số 5511",
            ),
            (
                "    xây dựng Kế hoạch Chuyển đổi số năm 2026.\n",
                "    xây dựng Kế hoạch Chuyển đổi số năm 2026;\n",
            ),
        ),
        "Thêm căn cứ Luật Tổ chức chính quyền địa phương",
    ),
    "section-renamed": Scenario(
        KHUNG,
        edit(KHUNG, ("  - title: Giải pháp\n", "  - title: Các giải pháp chủ yếu\n")),
        "Đổi tên mục Giải pháp",
    ),
    "phases-relabelled": Scenario(LONG_MY, relabel_phase(LONG_MY), "Viết giai đoạn có dấu cách"),
    "rename-breaks-check": Scenario(
        LONG_MY,
        edit(
            LONG_MY, ("    implements: khung-kien-truc-so\n", "    implements: khung-kien-truc\n")
        ),
        "Sửa mã nhiệm vụ cấp trên",
    ),
    "target-appended": Scenario(
        LONG_MY,
        edit(LONG_MY, ("      2028-2030: 80%\n", "      2028-2030: 80%\n" + NEW_TARGET)),
        "Thêm chỉ tiêu một cửa số ở cuối nhóm",
    ),
    "signer-changed": Scenario(
        LONG_MY,
        edit(
            LONG_MY,
            (
                "  title: Phó Chủ tịch\n  name: Nguyễn Văn Chì",
                "  title: Chủ tịch\n  name: Trần Thị Bình",
            ),
        ),
        "Chủ tịch ký thay Phó Chủ tịch",
    ),
    "category-cell": Scenario(
        QD_3256,
        edit(QD_3256, ("    category: Dữ liệu số hóa\n", "    category: Dữ liệu mở\n")),
        "Xếp lại lĩnh vực một chỉ tiêu dữ liệu",
    ),
    "appendix-removed": Scenario(
        KH_224,
        remove_block(
            KH_224,
            "  - title: |-\n      PHÂN CÔNG TRIỂN KHAI MỤC TIÊU",
            "  - title: |-\n      PHÂN CÔNG TRIỂN KHAI NHIỆM VỤ",
        ),
        "Bỏ Phụ lục I",
    ),
    "omitted-reason": Scenario(
        KH_224,
        edit(
            KH_224,
            (
                "  - target: tthc-noi-bo-dien-tu\n    reason: >-\n      Mục tiêu cụ thể",
                "  - target: tthc-noi-bo-dien-tu\n    reason: >-\n"
                "      Thành phố đã đạt chỉ tiêu này; Mục tiêu cụ thể",
            ),
        ),
        "Ghi rõ lý do bỏ chỉ tiêu thủ tục nội bộ",
    ),
    "raw-fields": Scenario(
        QD_2629,
        edit(
            QD_2629,
            (
                "        chịu trách nhiệm thi hành Quyết định này.",
                "        chịu trách nhiệm tổ chức thi hành Quyết định này.",
            ),
            ("  header: bodies\n", "  header: full\n"),
        ),
        "Sửa Điều 3 và phần đầu văn bản",
    ),
    "appendix-column": Scenario(
        KH_224,
        edit(
            KH_224,
            ("        header: Thời gian hoàn thành\n", "        header: Thời hạn hoàn thành\n"),
        ),
        "Đổi tiêu đề cột thời gian",
    ),
    "category-and-status": Scenario(
        VPUB,
        edit(
            VPUB, ("  status: draft\n  category: van-phong\n", "  status: issued\n  category: so\n")
        ),
        "Ban hành kế hoạch của Văn phòng",
    ),
    "signer-title": Scenario(
        LONG_MY,
        edit(LONG_MY, ("  title: Phó Chủ tịch\n", "  title: Chủ tịch\n")),
        "Đổi chức danh người ký",
    ),
    "phrase-inserted": Scenario(
        LONG_MY,
        edit(
            LONG_MY,
            (
                "Phối hợp xây dựng và thường xuyên cập nhật Khung kiến trúc số thành phố,",
                "Phối hợp xây dựng và thường xuyên cập nhật Khung kiến trúc số, an toàn thông tin"
                " thành phố,",
            ),
        ),
        "Thêm an toàn thông tin",
    ),
    "phrase-replaced": Scenario(
        LONG_MY,
        edit(
            LONG_MY,
            (
                "  - body: Phòng Văn hóa – Xã hội\n",
                "  - body: Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường\n",
            ),
        ),
        "Giao Văn phòng HĐND và UBND phường làm đầu mối",
    ),
    "task-moved": Scenario(
        KH_224,
        swap_records(KH_224, "ke-hoach-cong-tac-cds", "hop-ban-chi-dao"),
        "Đưa họp Ban Chỉ đạo lên trước",
    ),
    "value-changed": Scenario(
        LONG_MY,
        edit(
            LONG_MY,
            (
                "    values:\n      2026-2027: 100%\n\n  - id: cung-cap-mot-lan",
                "    values:\n      2026-2027: 95%\n\n  - id: cung-cap-mot-lan",
            ),
        ),
        "Hạ chỉ tiêu dịch vụ công toàn trình",
    ),
    "parent-floor": Scenario(
        KH_219,
        edit(
            KH_219,
            (
                "    values:\n      2026-2027: 95%\n      2028-2030: 99%",
                "    values:\n      2026-2027: 97%\n      2028-2030: 99%",
            ),
        ),
        "Thành phố nâng mức sàn",
    ),
}


def build_history(root: Path) -> Path:
    """The repository: tag v1 (the real plans), then one branch per scenario."""
    copy_repository(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "v1", author="Người Soạn", date="2026-01-10T08:00:00Z")
    git(root, "tag", "v1")
    for name, scenario in SCENARIOS.items():
        git(root, "checkout", "-q", "-b", f"s-{name}", "v1")
        scenario.change(root)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", scenario.message)
    git(root, "checkout", "-q", "main")
    return root
