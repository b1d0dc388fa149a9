"""The ``kehoach`` command line: build and check plans, export the JSON Schema.

Exit codes: 0 done, 2 the input could not be read (a message with file,
line and column is printed, never a traceback), the Word template is
broken or an output would overwrite a source, 3 an internal error (a bug of
kehoach: one Vietnamese line, the traceback only with ``KEHOACH_DEBUG=1``),
4 the file system refused (disk full, no permission…: what, where, what to
do), 130 interrupted (Ctrl+C). Messages are Vietnamese.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn, cast, get_args

import click

from kehoach.base.diagnostics import PlanError
from kehoach.base.exits import DEBUG_VARIABLE, INTERRUPTED_LINE, Exit, internal_error_line
from kehoach.base.system import SystemFault, fault_of
from kehoach.base.targets import OutputRefused, check_documents, placed, refuse_sources, shown
from kehoach.base.workspace import OutsideRepository, find_plans, inside
from kehoach.cli import vietnamese
from kehoach.cli.interrupts import raise_if_interrupted
from kehoach.cli.params import ONE_LINE
from kehoach.schema.categories import Category

vietnamese.install()  # before the commands below are declared: click translates some strings then


def build_plan(root: Path, plan: Path, out: Path) -> Path:
    """:func:`kehoach.pipeline.build_plan`, imported on first use.

    ``kehoach check`` and the other commands that render nothing never load
    the renderer (docxtpl, python-docx, Jinja): a third of the start-up time,
    paid once per ``make`` step and per editor save.
    """
    from kehoach.pipeline import build_plan as build

    return build(root, plan, out)


def _report_internal(exc: BaseException, where: str | None = None) -> None:
    click.echo(internal_error_line(exc, where), err=True)
    if os.environ.get(DEBUG_VARIABLE):
        import traceback  # only on this path: every command's start-up is spared it

        click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)


def _report_system(fault: SystemFault, root: Path) -> None:
    click.echo(fault.render(root), err=True)
    sys.exit(Exit.SYSTEM)


class GuardedCommand(vietnamese.VietnameseCommand):
    """A command whose faults of the environment end as one Vietnamese line and exit code 4.

    A :class:`SystemFault` (a write refused: disk full, no permission, a
    folder in the way), or an ``OSError`` only the environment can cause,
    is not a bug: the line says what failed, where (relative to the
    command's ``--root``) and what to do. Anything else goes on to
    :class:`GuardedGroup`.
    """

    def invoke(self, ctx: click.Context) -> Any:
        root = ctx.params.get("root") or Path.cwd()  # `schema` has no --root
        try:
            return super().invoke(ctx)
        except SystemFault as fault:
            _report_system(fault, root)
        except OSError as error:
            told = fault_of(error)
            if told is None:
                raise
            _report_system(told, root)


class GuardedGroup(vietnamese.VietnameseGroup):
    """A click group that never lets a Python traceback reach the user.

    Click already turns its own usage errors into messages and exit codes;
    its commands (:class:`GuardedCommand`) report the environment's faults;
    every other exception escaping a command is a bug of kehoach and becomes
    one Vietnamese line and exit code 3. Ctrl+C exits 130 quietly.
    """

    command_class = GuardedCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                raise_if_interrupted()  # a Ctrl+C Python swallowed still ends the command
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(INTERRUPTED_LINE, err=True)
            sys.exit(Exit.INTERRUPTED)
        except Exception as exc:
            _report_internal(exc)
            sys.exit(Exit.INTERNAL)


ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Thư mục gốc của kho kế hoạch (mọi đường dẫn phải nằm trong đó).",
)

PATHS_ARGUMENT = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
"""Plan files or folders (searched recursively); none given means plans/ (:func:`_plans`)."""

JOBS_OPTION = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Số tiến trình chạy song song (mặc định: số lõi CPU; 1: tuần tự).",
)


REPORT_FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: theo từng tệp, kèm dòng nguồn; json: cho trình soạn thảo, CI.",
)
"""The report format of ``check`` and ``lint`` (the same report, the same two forms)."""


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kehoach", message="kehoach %(version)s")
def main() -> None:
    """kehoach: biên dịch kế hoạch viết bằng YAML thành văn bản .docx đúng thể thức."""


def _inside(root: Path, path: Path) -> Path:
    """``path`` resolved inside the repository, or the message and exit code 2."""
    try:
        return inside(root, path)
    except OutsideRepository as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(Exit.BAD_INPUT)


def _refused(error: OutputRefused) -> NoReturn:
    """An output onto a source (or two plans onto one document): the message, exit 2."""
    click.echo(f"lỗi: {error}", err=True)
    sys.exit(Exit.BAD_INPUT)


def _documents(root: Path, plans: list[Path], out: Path) -> None:
    """Refuse, before anything is written, documents that would overwrite a source or clash."""
    try:
        check_documents(root, plans, out)
    except OutputRefused as error:
        _refused(error)


def _guarded_output(
    root: Path, out: Path, inputs: list[Path] | None = None, *, plans_allowed: bool = False
) -> Path:
    """The file an ``-o`` names, anywhere but onto a source or an input (else exit 2)."""
    target = placed(root, out)
    try:
        refuse_sources(root, target, inputs or [], plans_allowed=plans_allowed)
    except OutputRefused as error:
        _refused(error)
    return target


def _waiting() -> None:
    click.echo(
        "đang chờ một lần biên dịch khác trong kho này (kehoach build, kehoach pdf hoặc make) "
        "kết thúc… (Ctrl+C để dừng)",
        err=True,
    )


def _plans(root: Path, paths: tuple[Path, ...]) -> list[Path]:
    try:
        return find_plans(root, list(paths) or [Path("plans")])
    except (FileNotFoundError, OutsideRepository) as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(Exit.BAD_INPUT)


@main.command()
@PATHS_ARGUMENT
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Thư mục ghi văn bản .docx (cấu trúc giống plans/; có thể ở ngoài kho).",
)
@JOBS_OPTION
@ROOT_OPTION
def build(paths: tuple[Path, ...], out: Path, jobs: int | None, root: Path) -> None:
    """Biên dịch các kế hoạch (tệp hoặc thư mục; mặc định plans/) thành .docx."""
    import kehoach.pipeline  # noqa: F401  (imported once here, before the workers fork)
    from kehoach.base.lock import repository_lock
    from kehoach.cli.batch import build_many, default_jobs
    from kehoach.cli.progress import Progress
    from kehoach.writers.template import TemplateError

    failed = 0
    crashed = 0
    refused = 0
    plans = _plans(root, paths)
    _documents(root, plans, out)
    # A bad plan, or a bug met on one plan, must not cost the others their
    # documents; a broken template or a full disk fails them all alike, so it
    # stops the build. Outcomes arrive in input order whatever the number of
    # workers. A second build in the same repository waits for this one.
    progress = Progress(len(plans))
    try:
        with repository_lock(root, _waiting):
            for outcome in build_many(
                root, plans, out, jobs or default_jobs(), build_plan, TemplateError
            ):
                progress.step(outcome, lambda line: click.echo(line, err=True))
                if outcome.kind == "built":
                    if not progress.quiet_successes:
                        click.echo(f"đã tạo {outcome.text}")
                elif outcome.kind == "plan-error":
                    click.echo(outcome.text, err=True)
                    failed += 1
                elif outcome.kind == "template-error":
                    progress.close()
                    click.echo(outcome.text, err=True)
                    click.echo("mẫu Word có lỗi: không tạo văn bản nào.", err=True)
                    sys.exit(Exit.BAD_INPUT)
                elif outcome.kind in ("system-error", "system-stop"):
                    click.echo(outcome.text, err=True)
                    refused += 1
                    if outcome.kind == "system-stop":
                        progress.close()
                        click.echo(
                            "dừng biên dịch: các văn bản còn lại cũng không ghi được vào đó.",
                            err=True,
                        )
                        sys.exit(Exit.SYSTEM)
                else:
                    click.echo(outcome.text, err=True)
                    if outcome.debug:
                        click.echo(outcome.debug, err=True, nl=False)
                    crashed += 1
    finally:
        progress.close()
    if progress.quiet_successes and progress.built:
        click.echo(f"đã tạo {progress.built} văn bản vào {out.as_posix()}/")
    if failed or crashed or refused:
        click.echo(
            f"{failed + crashed + refused} kế hoạch có lỗi, không tạo văn bản cho các kế hoạch đó.",
            err=True,
        )
        sys.exit(Exit.INTERNAL if crashed else Exit.SYSTEM if refused else Exit.BAD_INPUT)


@main.command()
@PATHS_ARGUMENT
@REPORT_FORMAT_OPTION
@JOBS_OPTION
@ROOT_OPTION
def check(paths: tuple[Path, ...], fmt: str, jobs: int | None, root: Path) -> None:
    """Kiểm tra các kế hoạch (cú pháp, lược đồ, kế thừa, dàn trang) mà không ghi văn bản.

    Mã thoát: 0 không có lỗi (có thể có cảnh báo: sai khác có chủ ý), 1 có
    lỗi, 2 có kế hoạch không đọc được.
    """
    from kehoach.cli.batch import default_jobs
    from kehoach.cli.check import check_plans, render

    plans = _plans(root, paths)
    report = check_plans(root, plans, jobs or default_jobs(), text=fmt != "json")
    if fmt == "json":
        click.echo(render(report, "json"))
    else:
        click.echo(render(report, "text"), err=report.exit_code != 0)
    sys.exit(report.exit_code)


@main.command()
@PATHS_ARGUMENT
@REPORT_FORMAT_OPTION
@JOBS_OPTION
@ROOT_OPTION
def lint(paths: tuple[Path, ...], fmt: str, jobs: int | None, root: Path) -> None:
    """Soát lỗi chính tả và thể thức (viết hoa, trích dẫn, viết tắt, dấu câu) của các kế hoạch.

    Mã thoát: 0 không có lỗi (có thể có phát hiện được giữ nguyên kèm lý do),
    1 có lỗi, 2 có kế hoạch không đọc được hoặc thiếu từ điển hunspell-vi.
    """
    from kehoach.cli.batch import default_jobs
    from kehoach.cli.check import render
    from kehoach.cli.lint import lint_plans
    from kehoach.lint.dictionary import DictionaryMissing

    plans = _plans(root, paths)
    try:
        report = lint_plans(root, plans, jobs or default_jobs(), text=fmt != "json")
    except DictionaryMissing as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(Exit.BAD_INPUT)
    if fmt == "json":
        click.echo(render(report, "json"))
    else:
        click.echo(render(report, "text"), err=report.exit_code != 0)
    sys.exit(report.exit_code)


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--extends",
    "parent",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Kế hoạch cấp trên (đường dẫn trong kho), ví dụ plans/can-tho/kh-219-2025.yaml.",
)
@click.option(
    "--category",
    required=True,
    type=click.Choice(list(get_args(Category))),
    help="Loại cơ quan ban hành kế hoạch mới (xác định chỉ tiêu, nhiệm vụ phải có).",
)
@click.option(
    "--issuer", required=True, type=ONE_LINE, help="Tên đầy đủ cơ quan ban hành kế hoạch mới."
)
@click.option("--abbr", default=None, type=ONE_LINE, help="Chữ viết tắt trong ký hiệu, ví dụ UBND.")
@click.option(
    "--place", default=None, type=ONE_LINE, help="Địa danh (mặc định: của kế hoạch cấp trên)."
)
@click.option("--force", is_flag=True, help="Ghi đè tệp đã có.")
@ROOT_OPTION
def new(
    out: Path,
    parent: Path,
    category: str,
    issuer: str,
    abbr: str | None,
    place: str | None,
    force: bool,
    root: Path,
) -> None:
    """Tạo khung kế hoạch cấp dưới từ kế hoạch cấp trên (chỉ tiêu, nhiệm vụ bắt buộc)."""
    from kehoach.base.output import write_atomically
    from kehoach.cascade.skeleton import skeleton
    from kehoach.cli.deps import dependencies

    try:
        chosen = cast(Category, category)  # click.Choice already checked it
        text = skeleton(root, parent, chosen, issuer, abbr=abbr, place=place)
    except OutsideRepository as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(Exit.BAD_INPUT)
    except OSError:
        click.echo(f"lỗi: không tìm thấy kế hoạch cấp trên «{parent}»", err=True)
        sys.exit(Exit.BAD_INPUT)
    except PlanError as error:
        click.echo(error.render(), err=True)
        sys.exit(Exit.BAD_INPUT)
    # --force may replace a plan, never one the skeleton was made from.
    read = [parent, *dependencies(root, root / parent, {})]
    target = _guarded_output(root, out, read, plans_allowed=True)
    if target.exists() and not force:
        click.echo(f"lỗi: «{out}» đã có; dùng --force để ghi đè", err=True)
        sys.exit(Exit.BAD_INPUT)
    write_atomically(target, text.encode("utf-8"))
    written = shown(root, target)
    click.echo(f"đã tạo {written}; kiểm tra bằng: kehoach check {written}")


@main.command("import")
@click.argument("source", metavar="TỆP", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp kế hoạch sẽ ghi (mặc định: plans/<tên tệp Word>.yaml); báo cáo ghi cạnh nó "
    "(.import.txt).",
)
@click.option(
    "--extends",
    "parent",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Kế hoạch cấp trên (trong kho): nhiệm vụ, chỉ tiêu được đối chiếu theo câu chữ.",
)
@click.option("--force", is_flag=True, help="Ghi đè tệp kế hoạch đã có.")
@ROOT_OPTION
def import_(source: Path, out: Path | None, parent: Path | None, force: bool, root: Path) -> None:
    """Nhập văn bản Word (.docx, .doc, .odt) thành tệp kế hoạch YAML, kèm báo cáo."""
    from kehoach.base.output import write_atomically
    from kehoach.importer.errors import ImportRefused, UnbuildablePlan
    from kehoach.importer.records import slug
    from kehoach.importer.run import import_document

    if out is None:
        out = Path("plans") / f"{slug(source.stem, set(), limit=10)}.yaml"
    reads = [source.resolve()] + ([] if parent is None else [parent])
    target = _guarded_output(root, out, reads, plans_allowed=True)
    report_target = _guarded_output(
        root, out.with_name(out.stem + ".import.txt"), reads, plans_allowed=True
    )
    if target.exists() and not force:
        click.echo(f"lỗi: «{out}» đã có; dùng --force để ghi đè", err=True)
        sys.exit(Exit.BAD_INPUT)
    if parent is not None:
        _inside(root, parent)
        if not (root / parent).is_file():
            click.echo(f"lỗi: không tìm thấy kế hoạch cấp trên «{parent}»", err=True)
            sys.exit(Exit.BAD_INPUT)
    try:
        imported = import_document(source, root, target, parent)
    except ImportRefused as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(Exit.BAD_INPUT)
    except UnbuildablePlan as error:
        click.echo(str(error), err=True)
        click.echo(
            "lỗi nội bộ của kehoach: kế hoạch nhập được không biên dịch được (lỗi của chương "
            "trình, không phải của văn bản Word); không ghi tệp nào",
            err=True,
        )
        sys.exit(Exit.INTERNAL)
    except PlanError as error:  # the parent plan cannot be read
        click.echo(error.render(), err=True)
        sys.exit(Exit.BAD_INPUT)
    write_atomically(target, imported.text.encode("utf-8"))
    write_atomically(report_target, imported.report.encode("utf-8"))
    click.echo(imported.report, nl=False)
    written = shown(root, target)
    click.echo(
        f"đã tạo {written} (báo cáo: {shown(root, report_target)}); {_next_step(root, target)}"
    )


def _next_step(root: Path, plan: Path) -> str:
    """What to run next: check the plan, or first move it into the repository (check and
    build read plans only inside it; ``-o`` may have written it anywhere)."""
    if Path(shown(root, plan)).is_absolute():
        repository = root.resolve()
        return f"chép tệp vào thư mục plans/ của kho «{repository}» rồi kiểm tra bằng kehoach check"
    return f"kiểm tra bằng: kehoach check {shown(root, plan)}"


@main.command()
@PATHS_ARGUMENT
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ghi các quy tắc make vào tệp này (mặc định: in ra màn hình).",
)
@click.option(
    "--build-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Thư mục văn bản .docx mà các quy tắc nhắm tới.",
)
@click.option(
    "--cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp nhớ đệm tham chiếu của từng kế hoạch (make dùng): chỉ đọc lại kế hoạch đã sửa.",
)
@ROOT_OPTION
def deps(
    paths: tuple[Path, ...], output: Path | None, build_dir: Path, cache: Path | None, root: Path
) -> None:
    """In quy tắc make: văn bản của kế hoạch cấp dưới phụ thuộc các kế hoạch cấp trên."""
    # make runs this after every build: it imports the path helpers only (no
    # schema, no renderer), and checks every path before reading any plan.
    from kehoach.base.output import write_atomically
    from kehoach.cli.deps import make_rules

    plans = _plans(root, paths)
    target = None if output is None else _guarded_output(root, output, plans)
    cache_file = None if cache is None else _guarded_output(root, cache, plans)
    _inside(root, build_dir)  # the rules name documents relative to the repository
    rules = make_rules(root, plans, build_dir, cache_file)
    if target is None:
        click.echo(rules, nl=False)
        return
    write_atomically(target, rules.encode("utf-8"))


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
    from kehoach.schema.export import schema_text

    text = schema_text()
    if out is None:
        click.echo(text, nl=False)
        return
    from kehoach.base.output import write_atomically

    write_atomically(_guarded_output(Path.cwd(), out), text.encode("utf-8"))
    click.echo(f"đã ghi {out}")


@main.command()
@click.argument("old", metavar="CŨ")
@click.argument("new", metavar="MỚI")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: tiếng Việt; json: cho công cụ; markdown: cho yêu cầu hợp nhất (merge request).",
)
@click.option(
    "--with-children",
    is_flag=True,
    help="Kèm các lỗi kế thừa của kế hoạch cấp dưới phát sinh hoặc hết do thay đổi này.",
)
@ROOT_OPTION
def diff(old: str, new: str, fmt: str, with_children: bool, root: Path) -> None:
    """So sánh hai phiên bản CŨ và MỚI của kế hoạch (tệp, hoặc REV:đường-dẫn: HEAD~1:plans/x.yaml).

    Mã thoát: 0 giống nhau, 1 khác nhau, 2 không đọc được một phiên bản.
    """
    from kehoach.review.compare import (
        Unreadable,
        compare,
    )
    from kehoach.review.report import render as render_diff

    try:
        report = compare(root, old, new, with_children)
    except Unreadable as error:
        click.echo("\n".join(error.lines), err=True)
        sys.exit(Exit.BAD_INPUT)
    click.echo(render_diff(report, cast(Any, fmt)))
    sys.exit(Exit.OK if report.equal else Exit.FINDINGS)


@main.command()
@click.argument("old", metavar="CŨ")
@click.argument("new", metavar="MỚI")
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp .docx ghi văn bản mới có đánh dấu thay đổi (Track Changes).",
)
@click.option(
    "--author",
    default=None,
    type=ONE_LINE,
    help="Tác giả các thay đổi (mặc định: tác giả commit của MỚI).",
)
@click.option(
    "--date",
    default=None,
    type=ONE_LINE,
    help="Ngày các thay đổi, ví dụ 2026-01-05 (mặc định: ngày commit của MỚI, hoặc ngày kế hoạch).",
)
@ROOT_OPTION
def redline(
    old: str, new: str, out: Path, author: str | None, date: str | None, root: Path
) -> None:
    """Tạo văn bản MỚI với mọi khác biệt so với CŨ là thay đổi được theo dõi của Word."""
    from kehoach.base.output import write_atomically
    from kehoach.review.compare import Unreadable, redline_bytes

    read = [Path(version) for version in (old, new) if (root / version).exists()]
    target = _guarded_output(root, out, read)
    try:
        data, stamp, changed = redline_bytes(root, old, new, author, date)
    except Unreadable as error:
        click.echo("\n".join(error.lines), err=True)
        sys.exit(Exit.BAD_INPUT)
    write_atomically(target, data)
    state = "có thay đổi" if changed else "không có thay đổi"
    click.echo(f"đã tạo {shown(root, target)} ({state}; tác giả {stamp.author}, {stamp.date})")


@main.command()
@click.argument("spec", metavar="PHIÊN-BẢN")
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Thư mục ghi báo cáo (mặc định build/diff cho một phiên bản, build/review cho A..B).",
)
@ROOT_OPTION
def review(spec: str, out: Path | None, root: Path) -> None:
    """Soát xét: PHIÊN-BẢN so với thư mục làm việc, hoặc từng commit của A..B.

    Với một phiên bản (make diff REV=…): mỗi kế hoạch thêm, xóa, đổi tên hay sửa
    có báo cáo .txt, .md và văn bản đánh dấu thay đổi .docx. Với A..B (make review):
    mỗi commit một báo cáo Markdown (tác giả, lời nhắn) và một trang mục lục.
    Mã thoát: 0 không có thay đổi, 1 có thay đổi, 2 phiên bản sai hoặc không đọc được.
    """
    from kehoach.review.compare import Unreadable
    from kehoach.review.history import changed_plans, plan_report, review_range, write_plan_outputs
    from kehoach.review.report import render as render_diff
    from kehoach.source.versions import VersionError, resolve_revision

    try:
        if ".." in spec:
            folder = _guarded_output(root, out or Path("build/review"))
            done, index = review_range(root, spec, folder)
            for commit, reports in done:
                count = sum(len(r.changes) for r in reports)
                line = f"{commit.sha[:10]} {commit.author}: {commit.subject}"
                click.echo(f"{line} ({count} thay đổi)")
            click.echo(f"đã tạo {shown(root, index)}")
            changed = any(r.changes for _, reports in done for r in reports)
            sys.exit(Exit.FINDINGS if changed else Exit.OK)
        folder = _guarded_output(root, out or Path("build/diff"))
        changes = changed_plans(root, resolve_revision(root, spec), None)
        failed = 0
        for change in changes:
            try:
                report = plan_report(root, change, spec, None)
                click.echo(render_diff(report, "text"))
                for path in write_plan_outputs(root, folder, change, report, spec, None):
                    click.echo(f"đã tạo {shown(root, path)}")
            except Unreadable as error:  # one plan that cannot be read stops only its own report
                click.echo("\n".join(error.lines), err=True)
                failed += 1
        if not changes:
            click.echo(f"không có kế hoạch nào khác với phiên bản «{spec}».")
        sys.exit(Exit.BAD_INPUT if failed else Exit.FINDINGS if changes else Exit.OK)
    except Unreadable as error:
        click.echo("\n".join(error.lines), err=True)
        sys.exit(Exit.BAD_INPUT)
    except VersionError as error:
        click.echo(f"lỗi: {error}", err=True)
        sys.exit(Exit.BAD_INPUT)


@main.command("git-diff", hidden=True)
@click.argument("args", nargs=-1)
def git_diff(args: tuple[str, ...]) -> None:
    """Trình so sánh cho git (cài bằng make git-setup): in so sánh theo nghĩa một tệp kế hoạch.

    git gọi với: đường dẫn, tệp cũ, mã cũ, quyền cũ, tệp mới, mã mới, quyền mới [, tên mới …].
    """
    from kehoach.review.gitdriver import external_diff

    click.echo(external_diff(Path.cwd(), list(args)))


@main.command("git-textconv", hidden=True)
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def git_textconv(path: Path) -> None:
    """Bộ chuyển văn bản cho git (cài bằng make git-setup): mỗi dòng một nội dung của kế hoạch."""
    from kehoach.review.gitdriver import textconv

    click.echo(textconv(path), nl=False)


@main.command()
@PATHS_ARGUMENT
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Thư mục chứa văn bản .docx và PDF (cấu trúc giống plans/; có thể ở ngoài kho).",
)
@click.option("--force", is_flag=True, help="Chuyển lại cả những PDF còn mới.")
@ROOT_OPTION
def pdf(paths: tuple[Path, ...], out: Path, force: bool, root: Path) -> None:
    """Tạo PDF của các kế hoạch bằng LibreOffice (biên dịch .docx trước nếu cần).

    Mã thoát: 0 xong; 2 thiếu LibreOffice, kế hoạch không đọc được hoặc
    LibreOffice không tạo được PDF; 4 hệ thống tệp từ chối (ổ đĩa đầy, không có quyền…).
    """
    from kehoach.base.lock import repository_lock
    from kehoach.cli.pdf import (
        ConversionError,
        SofficeMissing,
        convert,
        docx_is_stale,
        find_soffice,
        pdf_is_stale,
        pdf_path,
        planned,
    )
    from kehoach.writers.template import TemplateError

    try:
        soffice = find_soffice()
    except SofficeMissing as error:
        click.echo(str(error), err=True)
        sys.exit(Exit.BAD_INPUT)
    plans = _plans(root, paths)
    _documents(root, plans, out)
    failed = 0
    ready: list[Path] = []
    with repository_lock(root, _waiting):  # the .docx are built as `kehoach build` does
        for item in planned(root, plans, out):
            if docx_is_stale(root, item.plan, item.docx):
                try:
                    build_plan(root, item.plan, out)
                except PlanError as error:
                    click.echo(error.render(), err=True)
                    failed += 1
                    continue
                except TemplateError as error:
                    click.echo(error.render(), err=True)
                    click.echo("mẫu Word có lỗi: không tạo văn bản nào.", err=True)
                    sys.exit(Exit.BAD_INPUT)
                click.echo(f"đã tạo {shown(root, item.docx)}")
            ready.append(item.docx)
        todo = [docx for docx in ready if force or pdf_is_stale(docx)]
        current = len(ready) - len(todo)
        try:
            convert(todo, soffice)
        except ConversionError as error:
            for docx in error.failed:
                click.echo(f"{shown(root, docx)}: lỗi: LibreOffice không tạo được PDF", err=True)
            click.echo(f"lỗi: {error}", err=True)
            failed += len(error.failed)
            todo = [docx for docx in todo if docx not in error.failed]
    for docx in todo:
        click.echo(f"đã tạo {shown(root, pdf_path(docx))}")
    if current:
        click.echo(f"{current} PDF đã mới, không chuyển lại (dùng --force để chuyển lại).")
    if failed:
        click.echo(f"{failed} văn bản không có PDF.", err=True)
        sys.exit(Exit.BAD_INPUT)
