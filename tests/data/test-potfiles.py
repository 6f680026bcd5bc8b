#!/usr/bin/env python3
"""po/POTFILES.in lists exactly the files with translatable strings.

Fails naming each source or .ui file under src/ that marks a string for
translation (_(), N_(), C_(), NC_(), g_dngettext(), translatable="yes") but is
missing from POTFILES.in, each translated data file missing from it, each listed
file that does not exist (xgettext would stop on it), and a GSettings schema
whose summaries cannot be translated because it names no gettext domain."""

import os
import pathlib
import re
import sys

root = pathlib.Path(os.environ.get("EVB_SOURCE_ROOT", sys.argv[1] if len(sys.argv) > 1 else "."))
gettext_package = "evidence-board"

marker_c = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|g_dngettext|g_dpgettext2|g_dcgettext|ngettext)\s*\(')
marker_ui = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')


def strip_c_comments(text):
    """Commented-out code marks nothing for translation."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


listed = []
for line in (root / "po/POTFILES.in").read_text(encoding="utf-8").splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        listed.append(line)

problems = []
seen = set()
for entry in listed:
    if entry in seen:
        problems.append(f"po/POTFILES.in lists {entry} twice")
    seen.add(entry)
    if not (root / entry).is_file():
        problems.append(f"po/POTFILES.in lists {entry}, which does not exist")

needed = []
for path in sorted((root / "src").rglob("*")):
    if not path.is_file():
        continue
    text = None
    if path.suffix in (".c", ".h"):
        text = strip_c_comments(path.read_text(encoding="utf-8", errors="replace"))
        if marker_c.search(text):
            needed.append(path)
    elif path.suffix in (".ui", ".blp"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if marker_ui.search(text) or (path.suffix == ".blp" and re.search(r'\b_\(', text)):
            needed.append(path)

data = root / "data"
for pattern in ("*.desktop.in", "*.metainfo.xml.in", "*.appdata.xml.in", "*.mime.xml.in",
                "*.mime.xml", "*.gschema.xml", "*.gschema.xml.in"):
    needed.extend(sorted(data.rglob(pattern)))

for path in needed:
    relative = path.relative_to(root).as_posix()
    if relative not in seen:
        problems.append(f"{relative} has translatable strings but is missing from po/POTFILES.in")

# Schema summaries reach users (dconf-editor, GNOME Settings) only through the
# schema's gettext domain.
for path in sorted(data.rglob("*.gschema.xml*")):
    text = path.read_text(encoding="utf-8")
    if re.search(r"<(summary|description)\b", text):
        match = re.search(r'<schemalist\b[^>]*\bgettext-domain="([^"]*)"', text)
        if not match:
            problems.append(f"{path.relative_to(root)}: <schemalist> has no gettext-domain, "
                            "so its summaries stay untranslated")
        elif match.group(1) != gettext_package:
            problems.append(f"{path.relative_to(root)}: gettext-domain is {match.group(1)!r}, "
                            f"expected {gettext_package!r}")

print(f"{len(listed)} files listed, {len(needed)} files need translation")
for problem in problems:
    print("FAIL", problem)
sys.exit(1 if problems else 0)
