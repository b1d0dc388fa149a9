"""Validate every XML part of a .docx against the OOXML schemas, as pandoc's CI does.

Use from any test::

    from ooxml import assert_valid_docx
    assert_valid_docx(path)          # or: problems = validate_docx(path)

Which schema checks which part:

* WordprocessingML parts (document, styles, numbering, settings, headers,
  footers, notes, fontTable, webSettings): ``microsoft/wml-2010.xsd``, the
  entry point of ``../shared/ooxml-schemas`` (Word 2007's ``w:`` schema plus
  the 2010 extensions);
* ``docProps/core.xml``: ECMA's ``opc-coreProperties.xsd``. It imports the
  Dublin Core schemas by URL; with no network they are replaced by local
  stubs declaring the same elements (text content), which is all a core
  properties part may use (the stub also brings ``xml.xsd``, which the core
  schema imports without a location);
* ``docProps/app.xml``: ``shared-documentPropertiesExtended.xsd``;
* ``[Content_Types].xml`` and every ``.rels``: the OPC schemas;
* the theme: ``dml-main.xsd``.

Parts written by Word or python-docx's default template declare
``mc:Ignorable="w14 …"``; a consumer drops those namespaces before
validating (ISO/IEC 29500-3, and the schemas README), which
:func:`preprocess_markup_compatibility` does. Schemas are compiled once per
process (about a second in all) and cached.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "ooxml-schemas"

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"

_DC_ELEMENTS = (
    "title", "creator", "subject", "description", "publisher", "contributor", "date",
    "type", "format", "identifier", "source", "language", "relation", "coverage", "rights",
)  # fmt: skip


def _dc_stub() -> bytes:
    """Dublin Core elements: text, all substitutable for ``dc:any`` as in the real schema."""
    elements = "\n".join(
        f'<xs:element name="{name}" substitutionGroup="dc:any" type="dc:SimpleLiteral"/>'
        for name in _DC_ELEMENTS
    )
    xml_xsd = (SCHEMAS / "ISO-IEC29500-4_2016" / "xml.xsd").as_uri()
    return f"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:dc="http://purl.org/dc/elements/1.1/"
  targetNamespace="http://purl.org/dc/elements/1.1/" elementFormDefault="qualified">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="{xml_xsd}"/>
  <xs:complexType name="SimpleLiteral">
    <xs:simpleContent><xs:extension base="xs:string"/></xs:simpleContent>
  </xs:complexType>
  <xs:element name="any" type="dc:SimpleLiteral" abstract="true"/>
  {elements}
</xs:schema>""".encode()


_DCTERMS_STUB = rb"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:dcterms="http://purl.org/dc/terms/"
  targetNamespace="http://purl.org/dc/terms/" elementFormDefault="qualified">
  <xs:import namespace="http://purl.org/dc/elements/1.1/" schemaLocation="dc.xsd"/>
  <xs:complexType name="W3CDTF">
    <xs:simpleContent><xs:restriction base="dc:SimpleLiteral">
      <xs:pattern
        value="\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2}))?)?)?"/>
    </xs:restriction></xs:simpleContent>
  </xs:complexType>
  <xs:element name="created" substitutionGroup="dc:date" type="dc:SimpleLiteral"/>
  <xs:element name="modified" substitutionGroup="dc:date" type="dc:SimpleLiteral"/>
</xs:schema>"""


class _DublinCoreStubs(etree.Resolver):
    """Serve the two Dublin Core schemas the core-properties schema fetches by URL."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        if url and url.endswith("/dcterms.xsd"):
            return self.resolve_string(_DCTERMS_STUB, context, base_url="stub:dcterms.xsd")
        if url and url.endswith("dc.xsd"):
            return self.resolve_string(_dc_stub(), context, base_url="stub:dc.xsd")
        return None


def _compile(path: Path, resolver: etree.Resolver | None = None) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    if resolver is not None:
        parser.resolvers.add(resolver)
    return etree.XMLSchema(etree.parse(str(path), parser))


@cache
def schema_for(namespace: str) -> etree.XMLSchema | None:
    """The compiled schema for a part whose root element is in ``namespace`` (cached)."""
    iso = SCHEMAS / "ISO-IEC29500-4_2016"
    opc = SCHEMAS / "ecma" / "fouth-edition"
    if namespace == W:
        return _compile(SCHEMAS / "microsoft" / "wml-2010.xsd")
    if namespace == CORE:
        return _compile(opc / "opc-coreProperties.xsd", _DublinCoreStubs())
    if namespace == APP:
        return _compile(iso / "shared-documentPropertiesExtended.xsd")
    if namespace == CONTENT_TYPES:
        return _compile(opc / "opc-contentTypes.xsd")
    if namespace == RELATIONSHIPS:
        return _compile(opc / "opc-relationships.xsd")
    if namespace == DRAWING:
        return _compile(iso / "dml-main.xsd")
    return None


def preprocess_markup_compatibility(root: etree._Element) -> etree._Element:
    """Apply ISO/IEC 29500-3 as a consumer that understands no extension would.

    * ``mc:AlternateContent`` is replaced by the content of its
      ``mc:Fallback`` (or removed when it has none);
    * every element and attribute in a namespace declared ignorable by an
      ancestor's ``mc:Ignorable`` is removed (elements with their content),
      then the ``mc:Ignorable`` attributes themselves.

    Works in place on ``root`` and returns it.
    """
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        parent = alternate.getparent()
        if parent is None:
            continue
        fallback = alternate.find(f"{{{MC}}}Fallback")
        index = parent.index(alternate)
        parent.remove(alternate)
        for offset, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(index + offset, child)

    def walk(element: etree._Element, ignorable: frozenset[str]) -> None:
        declared = element.get(f"{{{MC}}}Ignorable")
        if declared is not None:
            namespaces = {element.nsmap.get(prefix) for prefix in declared.split()}
            ignorable = ignorable | {ns for ns in namespaces if ns}
            del element.attrib[f"{{{MC}}}Ignorable"]
        for name in list(element.attrib):
            if name.startswith("{") and name[1:].split("}")[0] in ignorable:
                del element.attrib[name]
        for child in list(element):
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            if etree.QName(child).namespace in ignorable:
                element.remove(child)
            else:
                walk(child, ignorable)

    walk(root, frozenset())
    return root


def validate_part(name: str, data: bytes) -> list[str]:
    """Schema problems of one part (``"word/document.xml: line 3: …"``); [] when valid.

    A part whose root namespace has no schema here (custom XML) is not checked.
    """
    try:
        root = etree.parse(io.BytesIO(data), etree.XMLParser(no_network=True)).getroot()
    except etree.XMLSyntaxError as exc:
        return [f"{name}: không phải XML hợp lệ: {exc}"]
    schema = schema_for(etree.QName(root).namespace or "")
    if schema is None:
        return []
    root = preprocess_markup_compatibility(root)
    if schema.validate(root):
        return []
    return [f"{name}: dòng {e.line}: {e.message}" for e in schema.error_log]


def parts_to_check(names: Iterable[str]) -> list[str]:
    """Every XML part except custom XML (foreign data Word keeps but does not define)."""
    return [
        n
        for n in names
        if (n.endswith(".xml") or n.endswith(".rels")) and not n.startswith("customXml/item")
    ]


def validate_docx(path: Path | bytes) -> list[str]:
    """Problems found in every checked part of the .docx at ``path`` (or its bytes)."""
    source = io.BytesIO(path) if isinstance(path, bytes) else path
    problems: list[str] = []
    with zipfile.ZipFile(source) as archive:
        names = archive.namelist()
        for required in ("word/document.xml", "docProps/core.xml", "[Content_Types].xml"):
            if required not in names:
                problems.append(f"thiếu phần {required}")
        for name in parts_to_check(names):
            problems.extend(validate_part(name, archive.read(name)))
    return problems


def checked_parts(path: Path) -> list[str]:
    """Names of the parts :func:`validate_docx` checks against a schema, for coverage asserts."""
    with zipfile.ZipFile(path) as archive:
        out = []
        for name in parts_to_check(archive.namelist()):
            root = etree.fromstring(archive.read(name))
            if schema_for(etree.QName(root).namespace or "") is not None:
                out.append(name)
        return out


def assert_valid_docx(path: Path | bytes) -> None:
    """Fail with every schema problem of the document listed."""
    problems = validate_docx(path)
    assert not problems, "\n".join(problems[:30])
