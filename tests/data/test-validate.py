#!/usr/bin/env python3
"""The freedesktop validators accept our data files without a word.

  desktop FILE    desktop-file-validate prints nothing; Name, Comment and
                  Keywords are translated to every language in po/LINGUAS.
  metainfo FILE   appstreamcli validate --no-net reports no error and no
                  warning; summary and description are translated.
  schemas DIR     glib-compile-schemas --strict --dry-run accepts DIR."""

import os
import pathlib
import re
import subprocess
import sys

mode, target = sys.argv[1], pathlib.Path(sys.argv[2])
root = pathlib.Path(os.environ["EVB_SOURCE_ROOT"])
env = {**os.environ, "LC_ALL": "C.UTF-8"}
languages = [line.strip() for line in (root / "po/LINGUAS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
failures = []


def run(*command):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    output = (result.stdout + result.stderr).strip()
    print("$", " ".join(command))
    if output:
        print(output)
    return result.returncode, output


if mode == "desktop":
    status, output = run("desktop-file-validate", str(target))
    if status != 0 or output:
        failures.append("desktop-file-validate complains")
    text = target.read_text(encoding="utf-8")
    for key in ("Name", "Comment", "Keywords"):
        for lang in languages:
            if not re.search(rf"^{key}\[{lang}\]=\S", text, re.M):
                failures.append(f"{key} is not translated to {lang}")
    if not re.search(r"^Exec=evidence-board %U$", text, re.M):
        failures.append("Exec does not open URIs (%U)")

elif mode == "metainfo":
    status, output = run("appstreamcli", "validate", "--no-net", "--explain", str(target))
    bad = [line for line in output.splitlines() if re.match(r"\s*[EW]:", line)]
    if status != 0 or bad:
        failures.append(f"appstreamcli reports {len(bad)} errors or warnings")
    text = target.read_text(encoding="utf-8")
    for tag in ("summary", "caption", "p"):
        for lang in languages:
            if not re.search(rf'<{tag} xml:lang="{lang}">', text):
                failures.append(f"<{tag}> is not translated to {lang}")

elif mode == "schemas":
    schemas = sorted(target.glob("*.gschema.xml"))
    if not schemas:
        print("no GSettings schema in", target)
        sys.exit(77)
    status, _ = run("glib-compile-schemas", "--strict", "--dry-run", str(target))
    if status != 0:
        failures.append("glib-compile-schemas refuses the schemas")

else:
    sys.exit(f"unknown mode {mode}")

for failure in failures:
    print("FAIL", failure)
sys.exit(1 if failures else 0)
