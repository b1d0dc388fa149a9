"""``kehoach new`` writes what ``kehoach check`` asks: every skeleton passes the check and builds.

The skeleton and the check read the same requirements of the ancestors, so
a child written by ``kehoach new`` must be a valid child as it stands. The
property is tried on every plan of ``plans/`` as a parent, for every
category of child it serves.

Which categories a plan serves is read from the plan data, not from the code
under test (which could otherwise hide a case by computing it away): a
category is served when the plan or any of its ancestors names it in a
``mandatory_for`` (of a target, task or group: a grandparent's mandatory
target binds the grandchild too), or when one of the plan's own tasks
addresses it in its lead or partners (the phrases of
:func:`~kehoach.cascade.categories.phrases_for`, with the plan's
``children.addressed``). A category named nowhere gets an empty skeleton,
which proves nothing.

Everything is written into a copy of the repository under ``tmp_path``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest
from click.testing import CliRunner
from conftest import REPO

from kehoach.cascade.categories import addresses, phrases_for
from kehoach.cascade.inheritance import chain, load_cached
from kehoach.cli.commands import main
from kehoach.schema.models import Category


def served(plan: Path) -> list[Category]:
    """The categories of child that ``plan`` and its ancestors require something of."""
    loaded = load_cached(REPO, plan)
    named: set[Category] = set()
    for owner in (loaded, *chain(REPO, loaded).ancestors):
        p = owner.plan
        for record in [*p.targets, *p.target_groups, *p.tasks, *p.task_groups]:
            named.update(record.mandatory_for)
    rules = loaded.plan.children
    for category in get_args(Category):
        phrases = phrases_for(category, rules.addressed if rules else None)
        if any(addresses([*t.lead, *t.partners], phrases) for t in loaded.plan.tasks):
            named.add(category)
    return [c for c in get_args(Category) if c in named]


PLANS = sorted(p.relative_to(REPO) for p in (REPO / "plans").rglob("*.yaml"))
CASES = [(plan, category) for plan in PLANS for category in served(plan)]


def name(plan: Path, category: str) -> str:
    """One test id and skeleton name per case: «can-tho/kh-219-2025» + «phuong»."""
    return f"{plan.relative_to('plans').with_suffix('').as_posix()}-{category}"


def test_every_plan_serves_a_category() -> None:
    """Guards the selection above against proving nothing: each plan of the repository with
    target or task records sits in a cascade that names categories, so each must give at
    least one case. A plan written as text and tables only (the Lâm Đồng kiểm tra and tuyên
    truyền plans) has no record to assign to anyone and serves none."""
    plans = {p: load_cached(REPO, p).plan for p in PLANS}
    with_records = [p for p, plan in plans.items() if plan.targets or plan.tasks]
    assert len(with_records) >= 6
    assert {plan for plan, _ in CASES} == set(with_records)


def run(*args: str) -> tuple[int, str]:
    """Exit code and everything printed (stdout and stderr) of one ``kehoach`` command."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(("parent", "category"), CASES, ids=[name(p, c) for p, c in CASES])
def test_a_skeleton_passes_check_and_builds(
    tmp_path: Path, parent: Path, category: Category
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "plans", root / "plans")
    shutil.copytree(REPO / "templates", root / "templates")
    out = f"plans/moi/{name(parent, category)}.yaml"
    code, output = run(
        "new", "--root", str(root), "--extends", parent.as_posix(),
        "--category", category, "--issuer", "Cơ quan thử nghiệm", out,
    )  # fmt: skip
    assert code == 0, output
    code, output = run("check", "--root", str(root), "-j", "1", out)
    assert code == 0, output
    code, output = run("build", "--root", str(root), "-j", "1", "-o", "build", out)
    assert code == 0, output
    assert (root / "build" / "moi" / f"{name(parent, category)}.docx").is_file(), output


GRANDPARENT = """\
document:
  kind: chuong-trinh-hanh-dong
  issuer: {name: Thủ tướng Chính phủ, abbr: TTg}
  number: 9
  place: Hà Nội
  date: {day: 1, month: 12, year: 2025}
  title: Phát triển Chính phủ số
  period: 2025-2030
phases: [2025-2027]
target_groups:
  - {id: dich-vu, title: Dịch vụ số}
targets:
  - id: hai-long
    group: dich-vu
    text: "{value} người dân hài lòng"
    unit: "%"
    values: {2025-2027: 95%}
    mandatory_for: [phuong]
task_groups:
  - {id: the-che, title: Hoàn thiện thể chế}
tasks:
  - id: quy-che
    group: the-che
    text: Ban hành quy chế.
    mandatory_for: [phuong]
body:
  - title: Nhiệm vụ
    tasks: {}
"""

PARENT = """\
extends: plans/quoc-gia.yaml
document:
  issuer: {name: Ủy ban nhân dân tỉnh Mẫu, abbr: UBND}
  category: tinh
  number: 21
  place: Mẫu
  date: {day: 30, month: 12, year: 2025}
  title: Phát triển Chính quyền số tỉnh Mẫu
  period: 2026-2030
phases: [2026-2027]
target_groups:
  - {id: dich-vu, title: Dịch vụ số}
targets:
  - id: nguoi-dan-hai-long
    implements: hai-long
    group: dich-vu
    text: "{value} người dân hài lòng với dịch vụ của tỉnh"
    values: {2026-2027: 97%}
task_groups:
  - {id: the-che, title: Hoàn thiện thể chế}
tasks:
  - id: quy-che-tinh
    implements: quy-che
    group: the-che
    text: Ban hành quy chế của tỉnh.
    lead: [Sở Tư pháp]
body:
  - title: Nhiệm vụ
    tasks: {}
"""


def test_a_grandparents_mandatory_records_reach_the_skeleton_through_the_parent(
    sandbox: Path,
) -> None:
    """The grandparent makes a target and a task mandatory for wards; the province carries
    them under its own ids and addresses its task to a department, not to wards. The
    ward's skeleton must still hold both, through the province's records (so it meets the
    province's 97% too), and pass the check."""
    (sandbox / "plans" / "quoc-gia.yaml").write_text(GRANDPARENT, encoding="utf-8")
    (sandbox / "plans" / "tinh.yaml").write_text(PARENT, encoding="utf-8")
    code, output = run(
        "new", "--root", str(sandbox), "--extends", "plans/tinh.yaml",
        "--category", "phuong", "--issuer", "Ủy ban nhân dân phường Mẫu", "plans/phuong.yaml",
    )  # fmt: skip
    assert code == 0, output
    code, output = run("check", "--root", str(sandbox), "-j", "1", "plans/phuong.yaml")
    assert code == 0, output
    text = (sandbox / "plans" / "phuong.yaml").read_text(encoding="utf-8")
    assert "implements: quy-che-tinh" in text
    assert "- id: nguoi-dan-hai-long" in text and '"2026-2027": "97%"' in text
