#!/usr/bin/env python3
# test-cli-filter.py: `export … --filter` leaves out (hide) or keeps faint
# (dim) the cards a filter does not let through; `--filter board` uses the
# filter saved with the board; a report lists the matching cards only and
# says by which filter; a bad filter or a format without a picture is a
# usage error.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import unicodedata
import sqlite3
import subprocess
import sys
import tempfile

cli, source_root = sys.argv[1], sys.argv[2]
sample = os.path.join(source_root, 'data', 'samples', 'dolgiye-borody.json')

env = dict(os.environ)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)


def run(*args):
    return subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)


def svg_text(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


with open(sample, encoding='utf-8') as f:
    document = json.load(f)


def words(value):
    if isinstance(value, str):
        return set(value.replace('\u2019', ' ').split())
    if isinstance(value, dict):
        return set().union(*(words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(words(v) for v in value)) if value else set()
    return set()


# A word only an evidence card's own fields hold: drawn only with that card.
evidence_word = None
for node in document['nodes']:
    if node['kind'] != 'evidence':
        continue
    others = words(document['board']) | words(document['links']) | \
        words([n for n in document['nodes'] if n is not node])
    unique = sorted(w for w in words(node['title']) if w not in others and w.isalpha() and len(w) > 4)
    if unique:
        evidence_word = unique[0]
        break
assert evidence_word is not None

with tempfile.TemporaryDirectory() as tmp:
    board = os.path.join(tmp, 'board.evboard')
    r = run('import', sample, board)
    assert r.returncode == 0, r.stderr

    every = os.path.join(tmp, 'every.svg')
    r = run('export', board, every)
    assert r.returncode == 0, r.stderr
    assert evidence_word in svg_text(every), evidence_word

    hidden = os.path.join(tmp, 'hidden.svg')
    r = run('export', board, hidden, '--filter', '{"kinds":["claim"],"hide":true}')
    assert r.returncode == 0, r.stderr
    assert evidence_word not in svg_text(hidden), 'a hidden evidence card was drawn'

    dimmed = os.path.join(tmp, 'dimmed.svg')
    r = run('export', board, dimmed, '--filter', '{"kinds":["claim"]}')
    assert r.returncode == 0, r.stderr
    # Faint cards are drawn (as outlines: SVG text would lose the opacity),
    # so the file holds more than the one without them.
    assert svg_text(dimmed) != svg_text(every), 'dimmed cards look the same'
    assert len(svg_text(dimmed)) > len(svg_text(hidden)) * 1.2, 'the dimmed cards were not drawn'

    # The filter saved with the board (as the app saves it).
    db = sqlite3.connect(board)
    db.execute("INSERT INTO setting (key, value) VALUES ('filter', ?)",
               ('{"kinds":["claim"],"hide":true}',))
    db.commit()
    db.close()
    saved = os.path.join(tmp, 'saved.svg')
    r = run('export', board, saved, '--filter', 'board')
    assert r.returncode == 0, r.stderr
    assert evidence_word not in svg_text(saved), 'the saved filter was not applied'
    # Without --filter the saved one is not applied.
    r = run('export', board, every, '--force')
    assert r.returncode == 0, r.stderr
    assert evidence_word in svg_text(every)

    # A report lists only what the filter lets through, and says so: seven
    # cards (c4 and six items) of the sample's 24 carry the tag.
    report = os.path.join(tmp, 'filtered.pdf')
    r = run('export', board, report, '--format', 'report', '--filter', '{"tags":["us-intelligence"],"hide":true}')
    assert r.returncode == 0, r.stderr
    text = ' '.join(unicodedata.normalize('NFKC', subprocess.run(
        ['pdftotext', report, '-'], capture_output=True, text=True, check=True).stdout).split())
    assert 'Filtered by tags: us-intelligence: the report lists 7 of 24 cards.' in text, text[:600]
    assert 'The picture leaves the other cards out.' in text, text[:600]
    assert 'CIA found no evidence of an attack on Putin' in text
    assert 'Modi says he is deeply concerned' not in text
    html_report = os.path.join(tmp, 'filtered.html')
    r = run('export', board, html_report, '--format', 'report-html', '--filter', '{"reliability":["A","B"]}')
    assert r.returncode == 0, r.stderr
    page = ' '.join(svg_text(html_report).split())
    assert 'Filtered by reliability A to B: the report lists 12 of 24 cards.' in page
    assert 'The picture shows the other cards faint.' in page
    # Without --filter a report says nothing of one.
    plain = os.path.join(tmp, 'plain.pdf')
    r = run('export', board, plain, '--format', 'report')
    assert r.returncode == 0, r.stderr
    assert 'Filtered by' not in subprocess.run(['pdftotext', plain, '-'], capture_output=True, text=True,
                                               check=True).stdout

    # Usage errors: exit 2, no output left behind.
    for args in (['--filter', '{"kinds":["rumour"]}'], ['--filter', 'not json']):
        out = os.path.join(tmp, 'bad.svg')
        r = run('export', board, out, *args)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        assert '--filter' in r.stderr, r.stderr
        assert not os.path.exists(out)
    r = run('export', board, os.path.join(tmp, 'out.json'), '--filter', '{}')
    assert r.returncode == 2, r.stderr

print('ok')
