"""Every document we render is valid OOXML, escapes plan text, and survives LibreOffice.

* Schema validity (``ooxml.validate_docx``): every XML part of every plan in
  ``plans/`` (built once for the whole suite) and of the documents made up
  below.
* Plan text is data down to the bytes: markup and template syntax typed in
  any field reach ``document.xml`` and ``core.xml`` escaped, and read back
  as typed.
* A real consumer: LibreOffice loads each document, saves it as .docx, and
  the reloaded text is the same.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import REPO, RealPlans, make_repository
from docx.oxml.ns import qn
from libreoffice import LibreOffice
from lxml import etree
from ooxml import assert_valid_docx, checked_parts, preprocess_markup_compatibility, validate_docx

from kehoach.pipeline import build_plan

PLANS = sorted(p.relative_to(REPO) for p in (REPO / "plans").rglob("*.yaml"))


@pytest.fixture(scope="module")
def built_plans(real_plans: RealPlans) -> dict[str, Path | Exception]:
    """Each plan of plans/ built by the real pipeline (a plan that fails maps to its error)."""
    built: dict[str, Path | Exception] = {}
    for plan in PLANS:
        try:
            built[plan.as_posix()] = real_plans.docx(plan)
        except Exception as exc:  # reported by the per-plan test, not here
            built[plan.as_posix()] = exc
    return built


# --- the validator itself ----------------------------------------------------------


def test_validator_checks_every_kind_of_part(long_my_docx: Path) -> None:
    parts = checked_parts(long_my_docx)
    for required in (
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "docProps/core.xml",
        "docProps/app.xml",
        "[Content_Types].xml",
        "_rels/.rels",
    ):
        assert required in parts
    assert any(p.startswith("word/header") for p in parts)
    assert_valid_docx(long_my_docx)


def _with_part(source: Path, name: str, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == name:
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data)
    return out.getvalue()


def test_validator_finds_real_problems(long_my_docx: Path) -> None:
    """It is not a rubber stamp: a foreign element, a bad value and a bad core property fail."""
    bogus = _with_part(
        long_my_docx, "word/document.xml", lambda t: t.replace("<w:body>", "<w:body><w:bogus/>", 1)
    )
    assert any("bogus" in p for p in validate_docx(bogus))
    bad_size = _with_part(
        long_my_docx, "word/styles.xml", lambda t: t.replace('w:sz w:val="', 'w:sz w:val="x', 1)
    )
    assert any("styles.xml" in p for p in validate_docx(bad_size))
    bad_core = _with_part(
        long_my_docx, "docProps/core.xml", lambda t: t.replace("<dc:title>", "<cp:foo/><dc:title>")
    )
    assert any("core.xml" in p for p in validate_docx(bad_core))


def test_markup_compatibility_preprocessing() -> None:
    """Ignorable namespaces are dropped before validation, as ISO/IEC 29500-3 says."""
    xml = (
        b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        b'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
        b'<w14:docId w14:val="1A2B3C4D"/><w:zoom w:percent="100" w14:x="1"/>'
        b'<mc:AlternateContent><mc:Choice Requires="w14"><w14:y/></mc:Choice>'
        b'<mc:Fallback><w:defaultTabStop w:val="720"/></mc:Fallback></mc:AlternateContent>'
        b"</w:settings>"
    )
    root = preprocess_markup_compatibility(etree.fromstring(xml))
    assert etree.tostring(root).count(b"w14") == 1  # only the namespace declaration is left
    assert [etree.QName(c).localname for c in root] == ["zoom", "defaultTabStop"]


# --- every plan of the repository ---------------------------------------------------------


@pytest.mark.parametrize("plan", [p.as_posix() for p in PLANS])
def test_every_plan_builds_to_a_valid_document(
    built_plans: dict[str, Path | Exception], plan: str
) -> None:
    result = built_plans[plan]
    if isinstance(result, Exception):
        raise AssertionError(f"{plan} does not build: {result}") from result
    assert_valid_docx(result)


def test_the_template_itself_is_valid() -> None:
    assert_valid_docx(REPO / "templates" / "ke-hoach.docx")


# --- markup in plan text -----------------------------------------------------------------

HOSTILE = [
    "<w:p/>",
    "</w:t></w:r></w:p><w:p><w:r><w:t>chèn",
    "&amp; & &lt; ]]> \"'",
    "{{ khong_co }} {% if true %}x{% endif %} {#",
    "{%p if x %} {{r y }} {%tr for a in b %}",
    "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;",
]

ESCAPE_PLAN = """\
document:
  issuer:
    name: "Ủy ban {i0} <b>"
    abbr: UBND
  place: "Nơi {i1}"
  date: {{year: 2026, month: 3, day: 5}}
  title: "Kế hoạch {i2}"
  period: 2026-2030
body:
  - title: "Mục {i3}"
    text:
      - "Đoạn {i4}"
    items:
      - "Ý {i5}"
    after:
      - "Kết thúc"
recipients:
  - "Nơi nhận {i0}"
signature:
  title: Chủ tịch
  name: "Người ký {i1}"
"""


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@pytest.fixture(scope="module")
def escape_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("escape"))
    plan = root / "plans" / "thu.yaml"
    plan.write_text(
        ESCAPE_PLAN.format(**{f"i{n}": _quoted(text) for n, text in enumerate(HOSTILE)}),
        encoding="utf-8",
    )
    return build_plan(root, plan, Path("build"))


def _all_text(path: Path) -> str:
    """Every w:t of every part, joined: what Word would display, in part order."""
    with zipfile.ZipFile(path) as archive:
        texts = []
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                texts.extend(t.text or "" for t in root.iter(qn("w:t")))
        # Titles join words with no-break spaces and hyphens where a line must not break.
        return "".join(texts).replace("\u00a0", " ").replace("\u2011", "-")


def test_markup_in_every_field_is_printed_literally(escape_docx: Path) -> None:
    """Issuer and first-level headings print in capitals (Decree 30): compared as such."""
    shown = _all_text(escape_docx)
    for text in HOSTILE:
        assert text in shown or text.upper() in shown, text
    assert "Đoạn {%p if x %} {{r y }} {%tr for a in b %}" in shown
    assert "MỤC {{ KHONG_CO }} {% IF TRUE %}X{% ENDIF %} {#" in shown


def test_markup_is_escaped_in_document_xml(escape_docx: Path) -> None:
    with zipfile.ZipFile(escape_docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    # The characters are escaped exactly once: the typed «&amp;» is «&amp;amp;».
    assert "&lt;w:p/&gt;" in xml
    assert "&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;&lt;w:p&gt;&lt;w:r&gt;&lt;w:t&gt;chèn" in xml
    assert "&amp;amp; &amp; &amp;lt; ]]&gt;" in xml
    assert "<!DOCTYPE" not in xml and "<!ENTITY" not in xml and "&e;" not in xml
    # The injected paragraph did not happen: no w:p holds the word on its own.
    document = docx.Document(str(escape_docx))
    assert "chèn" not in [p.text for p in document.paragraphs]
    # Template syntax is text, never evaluated: docxtpl's own paragraph and row tags too.
    assert "{%p if x %} {{r y }} {%tr for a in b %}" in xml
    assert "Kế hoạch &lt;w:p/&gt;" not in core  # title is HOSTILE[2]
    assert "Kế hoạch &amp;amp; &amp; &amp;lt; ]]&gt;" in core
    assert "Ủy ban &lt;w:p/&gt; &lt;b&gt;" in core


def test_escaped_document_is_valid(escape_docx: Path) -> None:
    assert_valid_docx(escape_docx)


# --- LibreOffice round trip -----------------------------------------------------------


def body_texts(path: Path) -> list[str]:
    """Non-empty texts of body paragraphs and table cells, in document order."""
    document = docx.Document(str(path))
    out: list[str] = []
    for element in document.element.body.iter(qn("w:p")):
        # A no-break hyphen (U+2011, where a year range must not break) is saved by
        # LibreOffice as its element: the same character.
        text = "".join(
            "\u2011" if t.tag == qn("w:noBreakHyphen") else t.text or ""
            for t in element.iter(qn("w:t"), qn("w:noBreakHyphen"))
        )
        if text.strip():
            out.append(" ".join(text.split()))
    return out


@pytest.fixture(scope="module")
def round_trip(
    libreoffice: LibreOffice,
    built_plans: dict[str, Path | Exception],
    escape_docx: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[Path, Path]:
    """LibreOffice opens each document and saves it as .docx, all in one call (batching)."""
    work = tmp_path_factory.mktemp("round-trip")
    sources: list[Path] = []
    for i, path in enumerate([p for p in built_plans.values() if isinstance(p, Path)]):
        copy = work / "in" / f"{i}-{path.name}"  # the same name in two folders would clash
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        sources.append(copy)
    escape = work / "in" / "escape.docx"
    shutil.copy(escape_docx, escape)
    sources.append(escape)
    out = work / "out"
    subprocess.run(
        [
            libreoffice.soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {source: out / source.name for source in sources}


def test_libreoffice_round_trip_keeps_the_text(round_trip: dict[Path, Path]) -> None:
    for source, saved in round_trip.items():
        assert saved.exists(), f"LibreOffice did not save {source.name}"
        assert body_texts(saved) == body_texts(source), source.name
