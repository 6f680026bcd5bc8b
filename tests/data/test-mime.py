#!/usr/bin/env python3
"""The MIME package recognises a board by its .evboard extension and, without
one, by its magic: "SQLite format 3" at 0 and the application id "EVBD" at 68.

The package is installed into a temporary XDG data folder with
update-mime-database, and `gio info` asks GIO which type it sees, with the
system's database behind ours so our rule has to beat the generic SQLite one."""

import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys
import tempfile

mime_package = pathlib.Path(sys.argv[1])
BOARD = "application/x-evidence-board"
SQLITE = "application/vnd.sqlite3"


def make_database(path, application_id):
    connection = sqlite3.connect(path)
    if application_id is not None:
        connection.execute(f"PRAGMA application_id = {application_id}")
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()


def content_type(path, env, attribute="standard::content-type"):
    """The type GIO gives PATH; the fast type comes from the file name alone."""
    result = subprocess.run(["gio", "info", "-a", attribute, str(path)],
                            capture_output=True, text=True, env=env, check=True)
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith(attribute + ":"):
            return line.split(":", 3)[-1].strip()
    raise RuntimeError(f"gio info printed no content type for {path}: {result.stdout}")


failures = 0
with tempfile.TemporaryDirectory(prefix="evb-mime-") as tmp:
    tmp = pathlib.Path(tmp)
    packages = tmp / "data/mime/packages"
    packages.mkdir(parents=True)
    shutil.copy(mime_package, packages / "io.github.evidenceboard.EvidenceBoard.xml")
    subprocess.run(["update-mime-database", "-V", str(tmp / "data/mime")], check=True,
                   capture_output=True)

    system_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    env = {**os.environ,
           "XDG_DATA_HOME": str(tmp / "home"),
           "XDG_DATA_DIRS": f"{tmp / 'data'}:{system_dirs}",
           "GIO_USE_VFS": "local"}

    files = tmp / "files"
    files.mkdir()
    make_database(files / "case.evboard", 0x45564244)
    shutil.copy(files / "case.evboard", files / "case-without-extension")
    make_database(files / "plain.db", None)
    shutil.copy(files / "plain.db", files / "plain-without-extension")

    expectations = [
        ("case.evboard", BOARD),
        ("case-without-extension", BOARD),
        ("plain-without-extension", SQLITE),
    ]
    for name, expected in expectations:
        seen = content_type(files / name, env)
        ok = seen == expected
        failures += not ok
        print(f"{'ok' if ok else 'FAIL'} {name}: {seen}{'' if ok else f' (expected {expected})'}")

    # The glob alone, without looking inside the file.
    seen = content_type(files / "case.evboard", env, "standard::fast-content-type")
    ok = seen == BOARD
    failures += not ok
    print(f"{'ok' if ok else 'FAIL'} case.evboard by its name alone: {seen}")

    # The comment is what file managers show; it must be translated.
    text = (packages / "io.github.evidenceboard.EvidenceBoard.xml").read_text(encoding="utf-8")
    for lang in ("de", "uk"):
        ok = f'xml:lang="{lang}"' in text
        failures += not ok
        print(f"{'ok' if ok else 'FAIL'} comment translated to {lang}")

sys.exit(1 if failures else 0)
