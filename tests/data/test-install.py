#!/usr/bin/env python3
"""`meson install --destdir` puts everything a desktop needs in place.

Installs the already built tree into a temporary folder and checks for the
programs the build defines, the desktop entry and its D-Bus service, the
AppStream metainfo, the app icon and its symbolic variant, the MIME package,
the GSettings schema and a message catalogue for each language."""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

meson, build = sys.argv[1], pathlib.Path(sys.argv[2])
root = pathlib.Path(os.environ["EVB_SOURCE_ROOT"])
APP_ID = "io.github.evidenceboard.EvidenceBoard"


def introspect(what):
    result = subprocess.run([meson, "introspect", str(build), what],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


options = {o["name"]: o["value"] for o in introspect("--buildoptions")}
prefix = pathlib.PurePosixPath(options["prefix"])
relative = {key: pathlib.PurePosixPath(options[key]) for key in ("bindir", "datadir", "localedir")}
bindir, datadir, localedir = (
    path if path.is_absolute() else prefix / path for path in relative.values())
gui = options.get("gui", True)

expected = [datadir / "mime/packages" / f"{APP_ID}.xml"]
programs = {t["name"] for t in introspect("--targets")
            if t["type"] == "executable" and t.get("installed")}
for program in ("evidence-board", "evidence-board-cli"):
    if program in programs:
        expected.append(bindir / program)
if gui:
    expected += [
        datadir / "applications" / f"{APP_ID}.desktop",
        datadir / "dbus-1/services" / f"{APP_ID}.service",
        datadir / "metainfo" / f"{APP_ID}.metainfo.xml",
        datadir / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg",
        datadir / "icons/hicolor/symbolic/apps" / f"{APP_ID}-symbolic.svg",
    ]
    expected += [datadir / "glib-2.0/schemas" / p.name
                 for p in sorted((root / "data").glob("*.gschema.xml"))]
languages = [line.strip() for line in (root / "po/LINGUAS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
expected += [localedir / lang / "LC_MESSAGES/evidence-board.mo" for lang in languages]

failures = 0
with tempfile.TemporaryDirectory(prefix="evb-install-") as destdir:
    # --no-rebuild: meson test has built the tree already, and a nested ninja
    # run would fight the one that runs this test over the build folder.
    result = subprocess.run([meson, "install", "-C", str(build), "--no-rebuild",
                             "--destdir", destdir, "--quiet"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        print("FAIL meson install")
        sys.exit(1)
    for path in expected:
        installed = pathlib.Path(destdir + str(path))
        ok = installed.is_file() and installed.stat().st_size > 0
        failures += not ok
        print(f"{'ok' if ok else 'FAIL'} {path}")
    if gui and "evidence-board" in programs:
        service = pathlib.Path(destdir + str(datadir / "dbus-1/services" / f"{APP_ID}.service"))
        ok = f"Exec={bindir}/evidence-board --gapplication-service" in service.read_text()
        failures += not ok
        print(f"{'ok' if ok else 'FAIL'} the D-Bus service starts the installed program")
    if "evidence-board" not in programs and gui:
        print("note: the build defines no evidence-board program yet")

sys.exit(1 if failures else 0)
