#!/usr/bin/env python3
"""The Flatpak manifest is ready for review without a runtime to build it.

  manifest   the app id, the GNOME runtime (50 or newer) and its SDK, the
             command, exactly the minimal finish-args (no --filesystem: files
             come through the portals), the usual cleanup, and the app as one
             meson module built from a git tag pinned to its commit, as
             Flathub asks (docs/RELEASING.md says how to bump them).
  local      the same for the development manifest (*.local.json), which
             builds the app from this checkout (a "dir" source).
  builder    flatpak-builder --show-manifest parses it and knows every
             property (it only warns about unknown ones, so read its output)."""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

mode, manifest_path = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
APP_ID = "io.github.evidenceboard.EvidenceBoard"
failures = []


def expect(condition, message):
    print(f"{'ok' if condition else 'FAIL'} {message}")
    if not condition:
        failures.append(message)


def load_module(module):
    """A module, or the file of one ("igraph.json", beside the manifest)."""
    if isinstance(module, str):
        path = manifest_path.parent / module
        expect(path.is_file(), f"the module file {module} exists")
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return module


if mode in ("manifest", "local"):
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    expected_name = f"{APP_ID}.json" if mode == "manifest" else f"{APP_ID}.local.json"
    expect(manifest_path.name == expected_name, f"the file is named {expected_name}")
    expect(manifest.get("id", manifest.get("app-id")) == APP_ID, f"id is {APP_ID}")
    expect(manifest.get("runtime") == "org.gnome.Platform", "runtime is org.gnome.Platform")
    expect(manifest.get("sdk") == "org.gnome.Sdk", "sdk is org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    expect(version.isdigit() and int(version) >= 50,
           f"runtime-version {version!r} is a stable GNOME release, 50 or newer")
    expect(manifest.get("command") == "evidence-board", "command is evidence-board")
    finish_args = manifest.get("finish-args", [])
    expect(sorted(finish_args) == sorted(["--share=ipc", "--socket=fallback-x11",
                                          "--socket=wayland", "--device=dri"])
           and len(set(finish_args)) == len(finish_args),
           f"finish-args are exactly ipc, fallback-x11, wayland, dri: {finish_args}")
    expect(not any(a.startswith(("--filesystem", "--device=all", "--socket=x11",
                                 "--talk-name", "--own-name"))
                   for a in finish_args), "no file system or bus holes")
    for item in ("/include", "/lib/pkgconfig", "/share/man", "*.la", "*.a"):
        expect(item in manifest.get("cleanup", []), f"cleanup removes {item}")
    modules = [load_module(m) for m in manifest.get("modules", [])]
    expect(all(isinstance(m, dict) and m.get("name") for m in modules), "every module has a name")
    app = modules[-1] if modules else {}
    expect(isinstance(app, dict) and app.get("name") == "evidence-board"
           and app.get("buildsystem") == "meson", "the last module builds the app with meson")
    sources = app.get("sources", []) if isinstance(app, dict) else []
    if mode == "manifest":
        gits = [s for s in sources if s.get("type") == "git"]
        expect(len(sources) == 1 and len(gits) == 1, "the app is built from one git source")
        git = gits[0] if gits else {}
        expect(str(git.get("url", "")).startswith("https://"), "the git source is fetched over https")
        expect(bool(re.fullmatch(r"v\d+\.\d+\.\d+", str(git.get("tag", "")))),
               f"the git source names a release tag: {git.get('tag')!r}")
        expect(bool(re.fullmatch(r"[0-9a-f]{40}", str(git.get("commit", "")))),
               f"the tag is pinned to a full commit hash: {git.get('commit')!r}")
        expect("branch" not in git, "no branch: a release is a tag")
    else:
        dirs = [s for s in sources if s.get("type") == "dir"]
        expect(len(dirs) == 1 and (manifest_path.parent / dirs[0].get("path", "")).resolve()
               == manifest_path.parent.parent, "the app is built from this checkout")
        expect((manifest_path.parent.parent / "meson.build").is_file(),
               "the checkout has a meson.build")

elif mode == "builder":
    builder = shutil.which("flatpak-builder")
    if not builder:
        print("flatpak-builder is not installed")
        sys.exit(77)
    env = {k: v for k, v in os.environ.items() if k != "G_DEBUG"}
    # flatpak-builder leaves a state folder in its working directory.
    with tempfile.TemporaryDirectory(prefix="evb-flatpak-") as tmp:
        result = subprocess.run([builder, "--show-manifest", str(manifest_path)],
                                capture_output=True, text=True, cwd=tmp, env=env)
    print(result.stderr)
    expect(result.returncode == 0, "flatpak-builder parses the manifest")
    expect("Unknown property" not in result.stderr and "WARNING" not in result.stderr,
           "flatpak-builder knows every property")
    try:
        shown = json.loads(result.stdout)
    except ValueError:
        shown = {}
    expect(shown.get("id", shown.get("app-id")) == APP_ID,
           "flatpak-builder reads the app id back")

else:
    sys.exit(f"unknown mode {mode}")

sys.exit(1 if failures else 0)
