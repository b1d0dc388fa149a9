"""The ``kehoach`` command line: build and check plans, export the JSON Schema.

Exit codes: 0 done, 2 the input could not be read (a message with file,
line and column is printed, never a traceback). Messages are Vietnamese.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kehoach.build import build_plan
from kehoach.diagnostics import PlanError
from kehoach.loader import load_plan
from kehoach.schema.export import schema_text
from kehoach.workspace import OutsideRepository, display_path, find_plans, inside

EXIT_BAD_INPUT = 2

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Thư mục gốc của kho kế hoạch (mọi đường dẫn phải nằm trong đó).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kehoach", message="kehoach %(version)s")
def main() -> None:
    """kehoach: biên dịch kế hoạch viết bằng YAML thành văn bản .docx đúng thể thức."""


def _plans(root: Path, paths: tuple[Path, ...]) -> list[Path]:
    try:
        return find_plans(root, list(paths) or [Path("plans")])
    except (FileNotFoundError, OutsideRepository) as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Thư mục ghi văn bản .docx (cấu trúc giống plans/).",
)
@ROOT_OPTION
def build(paths: tuple[Path, ...], out: Path, root: Path) -> None:
    """Biên dịch các kế hoạch (tệp hoặc thư mục; mặc định plans/) thành .docx."""
    failed = 0
    plans = _plans(root, paths)
    try:
        inside(root, out)
    except OutsideRepository as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for plan in plans:
        try:
            written = build_plan(root, plan, out)
        except PlanError as error:
            click.echo(error.render(), err=True)
            failed += 1
            continue
        click.echo(f"đã tạo {display_path(root, written)}")
    if failed:
        click.echo(f"{failed} kế hoạch có lỗi, không tạo văn bản cho các kế hoạch đó.", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT_OPTION
def check(paths: tuple[Path, ...], root: Path) -> None:
    """Kiểm tra các kế hoạch (cú pháp, lược đồ) mà không tạo văn bản."""
    failed = 0
    plans = _plans(root, paths)
    for plan in plans:
        try:
            load_plan(plan, display_path(root, plan))
        except PlanError as error:
            click.echo(error.render(), err=True)
            failed += 1
    if failed:
        click.echo(f"{failed}/{len(plans)} kế hoạch có lỗi.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{len(plans)} kế hoạch hợp lệ.")


@main.command()
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ghi lược đồ JSON vào tệp này (mặc định: in ra màn hình).",
)
def schema(out: Path | None) -> None:
    """Xuất lược đồ JSON (JSON Schema) của tệp kế hoạch cho trình soạn thảo."""
    text = schema_text()
    if out is None:
        click.echo(text, nl=False)
        return
    from kehoach.output import write_atomically

    write_atomically(out, text.encode("utf-8"))
    click.echo(f"đã ghi {out}")
