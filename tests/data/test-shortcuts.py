#!/usr/bin/env python3
"""The Keyboard Shortcuts window speaks as GNOME's do: each shortcut's title
is a sentence ("Import a board"), so a word after the first starts with a
capital only where it is a name: an abbreviation such as PNG, or a key.

    test-shortcuts.py HELP-OVERLAY.UI"""

import sys
import xml.etree.ElementTree as ET

# Key names as a keyboard prints them; they keep their capital in a sentence.
KEY_NAMES = {"Alt", "Ctrl", "Shift", "Tab", "Escape", "Return", "Enter", "Delete", "Space"}


def words_wrongly_capitalised(title):
    words = title.replace("(", " ").replace(":", " ").split()
    return [word for word in words[1:]
            if word[:1].isupper() and not word.isupper() and word.strip(",.") not in KEY_NAMES]


def main(path):
    failures = []
    for shortcut in ET.parse(path).iter("object"):
        if shortcut.get("class") != "GtkShortcutsShortcut":
            continue
        for prop in shortcut.findall("property"):
            if prop.get("name") == "title" and prop.text:
                wrong = words_wrongly_capitalised(prop.text)
                if wrong:
                    failures.append(f"“{prop.text}”: {', '.join(wrong)}")
    for failure in failures:
        print(f"not sentence case: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
