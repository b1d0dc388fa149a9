"""The Word template's contract: no words of its own, every style the writers need, read once.

The writers find styles by id through one role table; a template whose
style was renamed or deleted in Word is refused before anything is
rendered, with a message naming the style (exit 2, a fault of templates/),
not a crash of the appendix writer (exit 3, «lỗi nội bộ»).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import get_args

import pytest
from conftest import REPO, make_repository
from lxml import etree

from kehoach.model.document import Role
from kehoach.writers.styles import BODY_STYLE_IDS
from kehoach.writers.template import TemplateError, open_template

KEHOACH = Path(sys.executable).with_name("kehoach")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHOWN = "templates/ke-hoach.docx"


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A throwaway copy of the repository's template and plans (three of them have appendices)."""
    root = make_repository(tmp_path)
    shutil.rmtree(root / "plans")
    shutil.copytree(REPO / "plans", root / "plans")
    return root


def edit_part(template: Path, part: str, edit) -> None:
    """Apply ``edit`` (str → str) to one XML part of the template, in place."""
    with zipfile.ZipFile(template) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == part:
                edited = edit(data.decode("utf-8"))
                assert edited != data.decode("utf-8"), "the edit changed nothing"
                data = edited.encode("utf-8")
            target.writestr(info, data)


def rename_style(template: Path, style_id: str, new_id: str | None, new_name: str) -> None:
    """Rename a style as Word would: its w:name, and its w:styleId unless ``new_id`` is None."""

    def edit(xml: str) -> str:
        start = xml.index(f'w:styleId="{style_id}"')
        end = xml.index("</w:style>", start)
        style = re.sub(r'<w:name w:val="[^"]*"/>', f'<w:name w:val="{new_name}"/>', xml[start:end])
        if new_id is not None:
            style = style.replace(f'w:styleId="{style_id}"', f'w:styleId="{new_id}"')
        return xml[:start] + style + xml[end:]

    edit_part(template, "word/styles.xml", edit)


def build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KEHOACH), "build", "--root", str(root), "plans"],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_template_prints_no_text_of_its_own() -> None:
    """Every text of the template's body is a docxtpl tag: the words come from the model."""
    with zipfile.ZipFile(REPO / "templates" / "ke-hoach.docx") as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
    texts = [t.text or "" for t in document.iter(f"{{{W}}}t")]
    assert texts
    literal = [text for text in texts if not re.fullmatch(r"\{[{%].*[}%]\}", text)]
    assert literal == []


def test_every_paragraph_role_of_the_model_has_a_style() -> None:
    assert set(BODY_STYLE_IDS) == set(get_args(Role))


@pytest.mark.parametrize(
    "style",
    [
        "KHRecipient",  # the closing block of every document
        "KHTableCell",  # appendix tables only
    ],
)
def test_a_renamed_style_stops_the_build_with_its_name(repository: Path, style: str) -> None:
    rename_style(repository / "templates" / "ke-hoach.docx", style, "KieuMoi", "Kiểu mới")
    result = build(repository)
    assert result.returncode == 2, result.stderr
    line = next(line for line in result.stderr.splitlines() if style in line)
    assert line.startswith(f"{SHOWN}: lỗi: mẫu Word thiếu kiểu (style) «{style}»")
    assert "make template" in line
    assert "lỗi nội bộ" not in result.stderr and "Traceback" not in result.stderr
    assert not (repository / "build").exists()


def test_styles_are_found_by_id_not_by_name(repository: Path) -> None:
    """A style whose name alone changed (its id kept) still draws the appendix tables."""
    rename_style(repository / "templates" / "ke-hoach.docx", "KHTableCell", None, "Ô bảng")
    result = build(repository)
    assert result.returncode == 0, result.stderr
    assert (repository / "build" / "dong-thap" / "qd-3256-2025.docx").is_file()


def test_a_closing_block_outside_a_table_row_is_a_template_error(repository: Path) -> None:
    """Nơi nhận and the signature must share a row: the row the model keeps whole."""
    moved = "{{p part.body }}</w:t></w:r></w:p><w:p><w:r><w:t>{{p part.recipients }}"
    edit_part(  # Nơi nhận moved out of the table, to a paragraph after the body
        repository / "templates" / "ke-hoach.docx",
        "word/document.xml",
        lambda xml: xml.replace("{{p part.recipients }}", "").replace("{{p part.body }}", moved),
    )
    result = build(repository)
    assert result.returncode == 2, result.stderr
    assert f"{SHOWN}: lỗi: mẫu Word phải đặt {{{{p part.recipients }}}}" in result.stderr


def test_the_template_is_read_once_until_it_changes(tmp_path: Path) -> None:
    template = tmp_path / "ke-hoach.docx"
    shutil.copy(REPO / "templates" / "ke-hoach.docx", template)
    first = open_template(template, SHOWN)
    assert open_template(template, SHOWN) is first
    rename_style(template, "KHSigner", None, "Người ký")  # same id: still a valid template
    changed = open_template(template, SHOWN)
    assert changed is not first and changed.data == template.read_bytes()
    rename_style(template, "KHSigner", "KieuMoi", "Kiểu mới")
    with pytest.raises(TemplateError, match="«KHSigner»"):
        open_template(template, SHOWN)
