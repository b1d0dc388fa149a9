"""Property: any plan file gives either clean findings or a valid document, nothing else.

Two generators feed the whole pipeline (load → validate → lay out → render →
write) through :func:`kehoach.pipeline.build_plan`:

* ``plans_from_schema``: plans built from the schema's shapes (nested
  sections, points, items, targets and tasks with phases, inline emphasis),
  mostly valid, so layout and rendering meet unusual but legal input; and
  the same with appendix tables (any columns, widths from sane to
  ``.inf``), with a promulgating decision, and as a generated parent and
  child (``extends``, citations, mandatory records, floors, omissions);
* ``mutated_real_plan``: the real seed plan's data tree with random edits
  (values replaced by other kinds, keys deleted, unknown keys, duplicated
  items, hostile text: markup, template syntax, control and invisible
  characters, decomposed letters), and sometimes the YAML text itself cut,
  re-indented or tabbed.

The outcome must be a :class:`PlanError` whose findings all point inside the
file, with one-line NFC messages, or a document that validates against the
OOXML schemas, and ``kehoach check`` must agree: a plan it finds valid
(exit 0) builds, one it refuses does not. Any other exception is a crash. The runs are bounded and
derandomised so CI stays fast and stable (``KEHOACH_EXAMPLES`` raises the
count for a longer local hunt). Each property test counts its own outcomes
and checks it reached both kinds, so it proves something when run alone.
"""

from __future__ import annotations

import copy
import io
import os
import string
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import LONG_MY, REPO, copy_cascade, make_repository
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from ooxml import assert_valid_docx
from ruamel.yaml import YAML

from kehoach.base.diagnostics import PlanError, source_lines
from kehoach.cli.commands import main
from kehoach.pipeline import build_plan
from kehoach.source.loader import read_tree

EXAMPLES = int(os.environ.get("KEHOACH_EXAMPLES", "60"))
SHRINK = bool(os.environ.get("KEHOACH_SHRINK"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("KEHOACH_EXAMPLES"),
    database=None,
    # Each example is a whole build (~0.1 s): shrinking a failure takes minutes, so CI
    # reports the failing example as found; KEHOACH_SHRINK=1 asks for the minimal one.
    phases=[Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])],
    report_multiple_bugs=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _dump(data: object) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.BytesIO()
    yaml.dump(data, out)
    return out.getvalue().decode("utf-8")


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A repository with the seed plan's ancestors, for the plans of one test."""
    root = make_repository(tmp_path)
    copy_cascade(root)
    return root


def check_outcome(root: Path, text: str) -> str:
    """Build ``text`` as a plan; assert the property; return «finding» or «document»."""
    plan = root / "plans" / "sinh.yaml"
    plan.write_text(text, encoding="utf-8", newline="")
    target = root / "build" / "sinh.docx"
    target.unlink(missing_ok=True)
    # `kehoach check` (inheritance, citations) must not crash on it either.
    checked = CliRunner().invoke(main, ["check", "--root", str(root), "plans/sinh.yaml"])
    assert checked.exit_code in (0, 1, 2), checked.output
    assert "lỗi nội bộ" not in checked.output and "Traceback" not in checked.output
    valid = checked.exit_code == 0
    try:
        built = build_plan(root, plan, Path("build"))
    except PlanError as error:
        assert not valid, f"check says valid, build refuses: {error.render()}"
        assert error.diagnostics
        lines = source_lines(text)
        for d in error.diagnostics:
            assert d.at.path == "plans/sinh.yaml"
            assert "\n" not in d.message and unicodedata.is_normalized("NFC", d.message)
            assert 1 <= d.at.line <= len(lines), (d, len(lines))
            assert 1 <= d.at.column <= len(lines[d.at.line - 1]) + 1, (d, lines[d.at.line - 1])
        error.render()  # formatting never fails either
        assert not target.exists()
        return "finding"
    assert valid, f"check refuses, build accepts: {checked.output}"
    assert built == target
    assert_valid_docx(built)
    return "document"


def holds_for(sandbox: Path, plans: st.SearchStrategy[dict[str, Any]], *kinds: str) -> None:
    """The property over generated plans, which must reach each of ``kinds``."""
    outcomes: Counter[str] = Counter()

    @SETTINGS
    @given(plan=plans)
    def holds(plan: dict[str, Any]) -> None:
        outcomes[check_outcome(sandbox, _dump(plan))] += 1

    holds()
    assert_not_vacuous(outcomes, *kinds)


def assert_not_vacuous(outcomes: Counter[str], *kinds: str) -> None:
    """The run was not cut short and reached each of ``kinds`` (the property proved something)."""
    print("\ngenerated examples:", dict(outcomes))
    assert outcomes.total() >= EXAMPLES // 2, f"the property test stopped early: {outcomes}"
    for kind in kinds:
        assert outcomes[kind] > 0, f"no {kind} in {outcomes}"


# --- text that plans are made of ----------------------------------------------------

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
HOSTILE = [
    "{{ x }}",
    "{% if true %}",
    "{%p endif %}",
    "<w:p/>",
    "&amp;",
    "]]>",
    "**",
    "*",
    "\\*",
    "{value}",
    "\t",
    "\n",
    "\x0b",
    "\x00",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "e\u0302",
    "\u2028",
    "\x85",
    "./.",
    ";",
    " ",
    "",
]

words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + string.digits, min_size=1, max_size=8)
clean_text = st.lists(words, min_size=1, max_size=6).map(" ".join)
inline_text = st.lists(
    st.one_of(words, st.sampled_from(["**", "*", "\\*", "{{ x }}", "<b>", "&", "«»"])),
    min_size=1,
    max_size=8,
).map(" ".join)
hostile_text = st.lists(st.one_of(words, st.sampled_from(HOSTILE)), min_size=0, max_size=6).map(
    "".join
)
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
phases = st.sampled_from(["2026", "2026-2027", "2028 - 2030", "2031-2035"])


# --- generator 1: plans from the schema's shapes -------------------------------------


def _point() -> st.SearchStrategy[object]:
    return st.one_of(
        inline_text,
        st.fixed_dictionaries(
            {"text": inline_text},
            optional={
                "paragraphs": st.lists(inline_text, max_size=2),
                "items": st.lists(
                    st.one_of(
                        inline_text,
                        st.fixed_dictionaries(
                            {"text": inline_text},
                            optional={"items": st.lists(inline_text, max_size=2)},
                        ),
                    ),
                    max_size=3,
                ),
            },
        ),
    )


def _section(children: st.SearchStrategy[list[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "title": inline_text,
            "text": st.one_of(inline_text, st.lists(inline_text, max_size=3)),
            "items": st.lists(inline_text, max_size=3),
            "points": st.lists(_point(), max_size=4),
            "after": st.lists(inline_text, max_size=2),
            "sections": children,
        },
    )


sections = st.recursive(
    # builds(list), not just([]): one shared list would be dumped as a YAML anchor and alias.
    st.lists(_section(st.builds(list)), min_size=1, max_size=3),
    lambda children: st.lists(_section(children), min_size=1, max_size=3),
    max_leaves=12,
)


dates = st.fixed_dictionaries(
    {"year": st.integers(1945, 2200)},
    optional={"month": st.integers(1, 12), "day": st.integers(1, 31)},
)
agencies = st.fixed_dictionaries(
    {"name": clean_text},
    optional={
        "abbr": st.sampled_from(["UBND", "SKHCN", "VPUB"]),
        "header_lines": st.lists(clean_text, min_size=1, max_size=3),
    },
)
signatures = st.fixed_dictionaries(
    {"title": clean_text},
    optional={
        "name": clean_text,
        "collective": clean_text,
        "acting": st.booleans(),
        "delegation": st.fixed_dictionaries(
            {"kind": st.sampled_from(["KT", "TL", "TUQ"]), "of": clean_text}
        ),
    },
)


@st.composite
def plans_from_schema(draw: st.DrawFn) -> dict[str, Any]:
    """A plan shaped by the schema: header, optional records, a random section tree."""
    plan_phases = draw(st.lists(phases, min_size=1, max_size=3, unique=True))
    groups = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    document: dict[str, Any] = {
        "kind": draw(
            st.sampled_from(
                ["ke-hoach", "ke-hoach-hanh-dong", "chuong-trinh-hanh-dong", "khung-ke-hoach"]
            )
        ),
        "issuer": draw(agencies),
        "place": draw(clean_text),
        "date": draw(dates),
        "title": draw(st.lists(clean_text, min_size=1, max_size=2).map("\n".join)),
        # Mostly a period holding every phase, so that most plans are valid.
        "period": draw(st.sampled_from(["2026-2035"] * 3 + ["2026", "2026-2027", "2031-2035"])),
    }
    if draw(st.booleans()):
        document["status"] = "draft"
    else:
        document["status"] = "issued"
        document["number"] = draw(st.integers(1, 10**6))
    if draw(st.booleans()):
        document["parent_body"] = draw(agencies)
    plan: dict[str, Any] = {
        "document": document,
        "basis": draw(st.lists(inline_text, max_size=2)),
        "phases": plan_phases,
        "target_groups": [{"id": g, "title": draw(clean_text)} for g in groups],
        "targets": [
            {
                "id": f"t{i}",
                "group": draw(st.sampled_from(groups)),
                "text": draw(inline_text) + " {value}",
                "values": {p: draw(clean_text) for p in plan_phases},
            }
            for i in range(draw(st.integers(0, 4)))
        ],
        "task_groups": [{"id": g, "title": draw(clean_text)} for g in groups],
        "tasks": [
            {"id": f"n{i}", "group": draw(st.sampled_from(groups)), "text": draw(inline_text)}
            for i in range(draw(st.integers(0, 4)))
        ],
        "organisation": [
            {"body": draw(clean_text), "text": draw(st.lists(inline_text, max_size=2))}
            for _ in range(draw(st.integers(0, 2)))
        ],
        "body": draw(sections),
    }
    body = plan["body"]
    if draw(st.booleans()):
        body.append(
            {"title": draw(clean_text), "targets": {"phase": draw(st.sampled_from(plan_phases))}}
        )
    if draw(st.booleans()):
        style = draw(st.sampled_from(["points", "items"]))
        body.append({"title": draw(clean_text), "tasks": {"style": style}})
    if draw(st.booleans()):
        body.append({"title": draw(clean_text), "organisation": True})
    if draw(st.booleans()):
        plan["closing"] = draw(inline_text)
    if draw(st.booleans()):
        plan["recipients"] = draw(st.lists(clean_text, min_size=1, max_size=3))
    if draw(st.booleans()):
        plan["signature"] = draw(signatures)
    return plan


def test_plans_from_the_schema(sandbox: Path) -> None:
    holds_for(sandbox, plans_from_schema(), "document")


# --- generator 1, continued: appendices, a decision, a parent and its child ---------

COLUMN_FIELDS = [
    "stt", "category", "indicator", "text", "unit", "lead", "partners", "result", "deadline",
    "note",
]  # fmt: skip
widths = st.one_of(
    st.floats(min_value=0.1, max_value=50),
    st.floats(min_value=0.1, max_value=50),
    st.sampled_from([0.1, 50.0, 0.05, 51.0, 1000.0, 1e300, 1e-300, 5e-324, 0.0, -1.0]),
    st.sampled_from([float("inf"), float("-inf"), float("nan")]),
)
bodies = st.lists(clean_text, max_size=3)


def _columns(draw: st.DrawFn, plan_phases: list[str]) -> list[dict[str, Any]]:
    """Columns of one table: distinct fields, then value columns (some for a phase)."""
    fields = draw(st.lists(st.sampled_from(COLUMN_FIELDS), min_size=1, max_size=6, unique=True))
    value_phases = draw(st.lists(st.sampled_from([None, *plan_phases]), max_size=3, unique=True))
    columns: list[dict[str, Any]] = [{"field": f} for f in fields]
    columns += [{"field": "value"} | ({"phase": p} if p else {}) for p in value_phases]
    order = draw(st.permutations(range(len(columns))))
    out = []
    for index in order:
        column = columns[index] | {"header": draw(clean_text)}
        if draw(st.integers(0, 2)) == 0:
            column["width"] = draw(widths)
        if draw(st.integers(0, 4)) == 0:
            column["repeat_marker"] = draw(st.sampled_from(["-nt-", "như trên"]))
        out.append(column)
    return out


@st.composite
def plans_with_appendices(draw: st.DrawFn) -> dict[str, Any]:
    """A schema-shaped plan whose records feed one to three appendix tables."""
    plan = draw(plans_from_schema())
    for target in plan["targets"]:
        for key in ("indicator", "category", "unit", "note"):
            if draw(st.booleans()):
                target[key] = draw(clean_text)
        target["lead"], target["partners"] = draw(bodies), draw(bodies)
    for task in plan["tasks"]:
        for key in ("appendix_text", "result", "deadline"):
            if draw(st.booleans()):
                task[key] = draw(clean_text)
        task["lead"], task["partners"] = draw(bodies), draw(bodies)
        task["in_body"] = draw(st.booleans())
    for group in plan["target_groups"] + plan["task_groups"]:
        if draw(st.booleans()):
            group["appendix_title"] = draw(clean_text)
    plan["appendices"] = [
        draw(
            st.fixed_dictionaries(
                {
                    "title": st.lists(clean_text, min_size=1, max_size=2).map("\n".join),
                    "source": st.sampled_from(["targets", "tasks"]),
                    "columns": st.just(_columns(draw, plan["phases"])),
                },
                optional={
                    "group_rows": st.sampled_from(["phase-group", "group", "none"]),
                    "group_numbering": st.sampled_from(["roman", "letter"]),
                    "group_caps": st.booleans(),
                    "group_prefix": st.sampled_from(["", "Về "]),
                    "numbering": st.sampled_from(["continuous", "per-group"]),
                    "phase_header": clean_text,
                    "bodies": st.sampled_from(["lines", "dashes"]),
                },
            )
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    plan["appendix_numbering"] = draw(st.sampled_from(["roman", "arabic"]))
    plan["attachments_note"] = draw(st.booleans())
    return plan


def test_plans_with_appendices(sandbox: Path) -> None:
    holds_for(sandbox, plans_with_appendices(), "finding", "document")


articles = st.lists(
    st.fixed_dictionaries(
        {"text": inline_text}, optional={"points": st.lists(_point(), max_size=3)}
    ),
    min_size=1,
    max_size=4,
)


@st.composite
def plans_with_decision(draw: st.DrawFn) -> dict[str, Any]:
    """A schema-shaped plan promulgated by a decision (which signs it and lists Nơi nhận)."""
    plan = draw(plans_from_schema())
    plan.pop("recipients", None)
    plan.pop("signature", None)
    plan["decision"] = draw(
        st.fixed_dictionaries(
            {"date": dates, "title": clean_text, "articles": articles, "signature": signatures},
            optional={
                "number": st.integers(1, 10**4),
                "symbol": st.sampled_from(["QĐ-UBND", "QĐ-SKHCN"]),
                "authority": clean_text,
                "basis": st.lists(inline_text, max_size=3),
                "proposal": clean_text,
                "recipients": st.lists(clean_text, max_size=3),
            },
        )
    )
    if draw(st.booleans()):
        plan["document"]["header"] = "bodies"
    return plan


def test_plans_with_a_decision(sandbox: Path) -> None:
    holds_for(sandbox, plans_with_decision(), "document")


CATEGORIES = ["bo", "tinh", "so", "van-phong", "xa", "phuong", "dac-khu"]


@st.composite
def parent_and_child(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A generated parent and a child that extends it (the caller names the parent).

    The child takes over some of the parent's targets (same id, its own
    values: above or below the floors, maybe with a deviation), implements
    some of its tasks, has local targets and omissions; the parent marks
    records mandatory for some categories, sets floors and may allow local
    targets, so every narrowing rule can fire.
    """
    parent = draw(plans_from_schema())
    parent["children"] = {"allow_local_targets": draw(st.booleans())}
    for record in parent["targets"] + parent["tasks"]:
        record["mandatory_for"] = draw(st.lists(st.sampled_from(CATEGORIES), max_size=2))
    for target in parent["targets"]:
        if draw(st.booleans()):
            target["floor"] = {p: draw(st.integers(0, 100)) for p in target["values"]}
    child = draw(plans_from_schema())
    child["document"]["category"] = draw(st.sampled_from(CATEGORIES))
    child["document"]["period"] = draw(st.sampled_from([parent["document"]["period"], "2026"]))
    taken = draw(st.lists(st.sampled_from(parent["targets"] or [None]), unique_by=id))
    copies = [
        {
            "id": target["id"],
            "group": child["target_groups"][0]["id"],
            "text": target["text"],
            "values": {
                phase: draw(st.one_of(st.sampled_from(list(target["values"].values())), words))
                for phase in child["phases"]
            },
        }
        | ({"deviation": {"reason": draw(clean_text)}} if draw(st.booleans()) else {})
        for target in taken
        if target is not None
    ]
    ids = {copy["id"] for copy in copies}
    child["targets"] = [t for t in child["targets"] if t["id"] not in ids] + copies
    for target in child["targets"]:
        target["local"] = draw(st.integers(0, 3)) == 0
    for task in parent["tasks"][: draw(st.integers(0, len(parent["tasks"])))]:
        child["tasks"].append(
            {
                "id": f"con-{task['id']}",
                "group": child["task_groups"][0]["id"],
                "implements": task["id"],
                "text": draw(inline_text),
            }
        )
    child["omitted"] = [
        {"target": t["id"], "reason": draw(clean_text)}
        for t in parent["targets"]
        if draw(st.integers(0, 3)) == 0
    ]
    return parent, child


def test_a_parent_and_its_child(sandbox: Path) -> None:
    """The child is checked and built against its generated parent (extended, maybe cited);
    the parent too, on its own."""
    outcomes: Counter[str] = Counter()
    written = iter(range(10**9))

    @SETTINGS
    @given(pair=parent_and_child(), cites=st.booleans())
    def holds(pair: tuple[dict[str, Any], dict[str, Any]], cites: bool) -> None:
        parent, child = pair
        # A new name each time: the parent cache knows a file by path, mtime and size.
        name = f"plans/cha-{next(written)}.yaml"
        (sandbox / name).write_text(_dump(parent), encoding="utf-8")
        child = child | {"extends": name}
        if cites:
            child["basis"] = [*child["basis"], {"cite": name, "before": "Thực hiện"}]
        outcomes["parent " + check_outcome(sandbox, _dump(parent))] += 1
        outcomes[check_outcome(sandbox, _dump(child))] += 1

    holds()
    print("\nparents:", {k: v for k, v in outcomes.items() if k.startswith("parent")})
    assert_not_vacuous(outcomes, "finding", "document")


# --- generator 2: the real plan, mutated ---------------------------------------------


def _paths(data: object, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*here, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(_paths(value, (*here, index)))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.just(10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
    clean_text,
    phases,
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(ids, hostile_text), inner, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def mutated_real_plan(draw: st.DrawFn) -> str:
    """The seed plan with 1-3 random edits of its data, then maybe of its text."""
    data = copy.deepcopy(REAL_PLAN)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:]))
        parent = _parent(data, path)
        action = draw(st.sampled_from(["replace", "delete", "unknown-key", "duplicate", "hostile"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "unknown-key" and isinstance(parent, dict):
            parent[draw(ids)] = draw(values)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(parent[path[-1]]))
        elif action == "hostile" and isinstance(parent[path[-1]], str):
            old = parent[path[-1]]
            at = draw(st.integers(0, len(old)))
            parent[path[-1]] = old[:at] + draw(hostile_text) + old[at:]
    text = _dump(data)
    edit = draw(st.sampled_from(["none", "none", "none", "cut", "tab", "indent", "drop-line"]))
    lines = text.split("\n")
    where = draw(st.integers(0, max(0, len(lines) - 1)))
    if edit == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif edit == "tab":
        lines[where] = "\t" + lines[where]
        text = "\n".join(lines)
    elif edit == "indent":
        lines[where] = " " + lines[where]
        text = "\n".join(lines)
    elif edit == "drop-line":
        del lines[where]
        text = "\n".join(lines)
    return text


REAL_PLAN, _, _ = read_tree(REPO / LONG_MY, LONG_MY.as_posix())


def test_mutations_of_the_real_plan(sandbox: Path) -> None:
    outcomes: Counter[str] = Counter()

    @SETTINGS
    @given(text=mutated_real_plan())
    def holds(text: str) -> None:
        outcomes[check_outcome(sandbox, text)] += 1

    holds()
    assert_not_vacuous(outcomes, "finding", "document")


# --- crashes the generators found, kept as plain regression tests ----------------------

FOUND = {
    # layout._close takes the last paragraph of an empty body (IndexError).
    "empty-section": "body:\n  - {}\n",
    "only-empty-subsections": "body:\n  - sections: [{}]\n",
    # layout passes an Item (text + sub-items) where a string is expected (TypeError).
    "item-with-sub-items": "body:\n  - title: A\n    items:\n      - {text: a, items: [b]}\n",
    "point-item-with-sub-items": (
        "body:\n  - title: A\n    points:\n      - {text: a, items: [{text: b, items: [c]}]}\n"
        "      - x\n"
    ),
    # 31 April passes the schema and fails in datetime when rendering (ValueError).
    "day-not-in-month": "body:\n  - text: x\n",
    # A quoted key holding a line break made a message of two lines (unknown, duplicated
    # and badly formed keys alike).
    "unknown-key-with-line-break": 'body:\n  - title: A\n    "khóa\\nlạ": 1\n',
    "duplicate-key-with-line-break": 'body:\n  - title: A\n    "k\\n": 1\n    "k\\n": 2\n',
    "phase-key-with-line-break": (
        'phases: ["2026"]\ntarget_groups: [{id: a, title: A}]\n'
        'targets: [{id: x, group: a, text: "{value} x", values: {"20\\n26": "1"}}]\n'
        "body:\n  - text: x\n"
    ),
}
FOUND_HEADER = """\
document:
  issuer: {name: Ủy ban nhân dân phường Thử}
  place: Cần Thơ
  date: {year: 2026, month: %s, day: 31}
  title: Kế hoạch thử
  period: 2026-2030
"""


@pytest.mark.parametrize("name", sorted(FOUND))
def test_crash_found_by_the_generators(sandbox: Path, name: str) -> None:
    """Each was an exception other than PlanError; now a finding or a document."""
    month = "4" if name == "day-not-in-month" else "12"
    check_outcome(sandbox, FOUND_HEADER % month + FOUND[name])
