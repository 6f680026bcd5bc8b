#!/usr/bin/env python3
"""Every language in po/LINGUAS is complete and well-formed.

`check`: msgfmt --check accepts each .po (format strings, plural forms,
headers) and reports no untranslated and no fuzzy message.
`complete`: each .po holds every message xgettext finds in po/POTFILES.in
today, so a string added to the sources without translating it fails here."""

import os
import pathlib
import re
import subprocess
import sys
import tempfile

root = pathlib.Path(os.environ["EVB_SOURCE_ROOT"])
mode = sys.argv[1] if len(sys.argv) > 1 else "check"
po_dir = root / "po"

languages = [line.strip() for line in (po_dir / "LINGUAS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
failures = []
if not languages:
    failures.append("po/LINGUAS lists no language")

# The same keywords as meson's i18n 'glib' preset (po/meson.build).
XGETTEXT_ARGS = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
]

with tempfile.TemporaryDirectory(prefix="evb-po-") as tmp:
    pot = pathlib.Path(tmp) / "current.pot"
    if mode == "complete":
        subprocess.run(["xgettext", *XGETTEXT_ARGS, "--package-name=evidence-board",
                        "-D", str(root), "--files-from", str(po_dir / "POTFILES.in"),
                        "-o", str(pot)], check=True)

    for lang in languages:
        po = po_dir / f"{lang}.po"
        if not po.is_file():
            failures.append(f"{lang} is in LINGUAS but po/{lang}.po does not exist")
            continue
        if mode == "check":
            result = subprocess.run(
                ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
                capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
            report = (result.stdout + result.stderr).strip()
            print(f"{lang}: {report}")
            if result.returncode != 0:
                failures.append(f"msgfmt --check refuses po/{lang}.po")
            for kind in ("fuzzy", "untranslated"):
                match = re.search(rf"(\d+) {kind}", report)
                if match and int(match.group(1)) > 0:
                    failures.append(f"po/{lang}.po has {match.group(1)} {kind} messages")
            if not re.search(r"(\d+) translated", report):
                failures.append(f"po/{lang}.po translates nothing")
        else:
            # msgcmp fails for each message of the template missing from the .po.
            result = subprocess.run(["msgcmp", "-N", str(po), str(pot)],
                                    capture_output=True, text=True,
                                    env={**os.environ, "LC_ALL": "C"})
            if result.returncode != 0:
                print(result.stderr.strip())
                failures.append(f"po/{lang}.po misses messages of the sources; run "
                                "`ninja -C BUILDDIR evidence-board-update-po` and translate them")
            else:
                print(f"{lang}: has every message of the sources")

for failure in failures:
    print("FAIL", failure)
sys.exit(1 if failures else 0)
