"""Accept or reject every tracked change of .docx files in LibreOffice, then export their text.

Run with the system Python that has ``uno`` (Debian: python3-uno), not the
venv: ``python3 tests/lo_tracked.py PROFILE_DIR JOB...`` where each JOB is
``MODE:IN.docx:OUT`` and MODE is ``accept``, ``reject`` or ``plain``
(export as is). An OUT ending in ``.docx`` is saved as Word 2007 XML (so a
test can read what text alone cannot show: sections and their orientation,
merged cells, the formatting of runs), any other OUT as UTF-8 text. One
soffice process serves every job (LibreOffice starts in about 2 s; each
document then costs a fraction of that), with its own profile so parallel
tests never share one (TECH-NOTES).

The changes are resolved through the same dispatch commands as the
«Edit › Track Changes › Accept All / Reject All» menu entries, so this is
what a reviewer pressing those buttons gets.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _filter(target: str) -> tuple[object, ...]:
    if target.endswith(".docx"):
        return (prop("FilterName", "MS Word 2007 XML"),)
    return (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF,,,"))


def main(profile: Path, jobs: list[str]) -> int:
    pipe = f"kehoach-{uuid.uuid4().hex}"
    soffice = shutil.which("soffice") or "soffice"
    process = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        context = None
        for _ in range(600):  # LibreOffice needs a moment to open the pipe
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if process.poll() is not None:
                    print("soffice exited before accepting connections", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        if context is None:
            print("no connection to soffice", file=sys.stderr)
            return 1
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for job in jobs:
            mode, source, target = job.split(":", 2)
            document = desktop.loadComponentFromURL(
                Path(source).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),)
            )
            if mode in COMMANDS:
                frame = document.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, COMMANDS[mode], "", 0, ())
            document.storeToURL(Path(target).resolve().as_uri(), _filter(target))
            document.close(True)
        with contextlib.suppress(Exception):  # the bridge closes as soffice exits
            desktop.terminate()
    finally:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
