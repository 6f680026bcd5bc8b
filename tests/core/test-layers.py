#!/usr/bin/env python3
"""The layers of docs/DESIGN.md: lower never includes higher.

src/core may use GLib/GObject/GIO, SQLite, json-glib and igraph only; src/render never
uses widgets. Fails naming each offending line."""

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')

forbidden = {
    "src/core": [r"^gtk/", r"^gdk/", r"^gsk/", r"^adwaita", r"^cairo", r"^pango", r"^librsvg",
                 r"^evb-render", r"^evb-renderer", r"^evb-window", r"^evb-canvas",
                 r"^evb-application"],
    "src/render": [r"^adwaita", r"^evb-window", r"^evb-canvas", r"^evb-application"],
}
# Identifiers a renderer must not touch even through <gtk/gtk.h>.
forbidden_words = {
    "src/render": [r"\bGtkWidget\b", r"\bgtk_widget_", r"\bGtkWindow\b", r"\bgtk_init\b"],
}

problems = []
for layer, patterns in forbidden.items():
    folder = root / layer
    if not folder.exists():
        continue
    for path in sorted(folder.rglob("*.[ch]")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = include.match(line)
            if match and any(re.search(p, match.group(1)) for p in patterns):
                problems.append(f"{path.relative_to(root)}:{number}: includes {match.group(1)}")
            for word in forbidden_words.get(layer, []):
                if re.search(word, line) and not line.lstrip().startswith(("/*", "*", "//")):
                    problems.append(f"{path.relative_to(root)}:{number}: uses {word}")

core_meson = (root / "src/core/meson.build").read_text(encoding="utf-8")
for dep in ("gtk_dep", "adw_dep", "rsvg_dep", "cairo_dep", "pango_dep"):
    if dep in core_meson:
        problems.append(f"src/core/meson.build: links {dep}")

for p in problems:
    print(p)
print(f"{len(problems)} layer violations")
sys.exit(1 if problems else 0)
