#!/usr/bin/env python3
# test-cli-filter.py: `export … --filter` leaves out (hide) or keeps faint
# (dim) the cards a filter does not let through; `--filter board` uses the
# filter saved with the board; a report lists the matching cards only and
# says by which filter; the matrix exports (CSV, PNG, SVG, PDF) hold the
# filter's matches only, and the pictures say so; a bad filter or a format
# without a picture is a usage error.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
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

    # The matrix of a filter's matches, as the app's matrix view shows it:
    # the tagged evidence as rows against the competing hypotheses. The tag
    # is on one claim (c4) and six items: one hypothesis has nothing to
    # compete with, so every claim stays a column.
    tag = 'us-intelligence'
    nodes = document['nodes']
    tagged = [n for n in nodes if tag in n.get('tags', [])]
    evidence = [n for n in nodes if n['kind'] == 'evidence']
    claims = [n for n in nodes if n['kind'] == 'claim']
    tagged_evidence = {n['id'] for n in tagged if n['kind'] == 'evidence'}
    assert tagged_evidence and len([n for n in tagged if n['kind'] == 'claim']) == 1
    tagged_claims = [n['title'] for n in claims]
    tag_filter = json.dumps({'tags': [tag]})

    def matrix_csv(name, *args):
        out = os.path.join(tmp, name)
        r = run('export', board, out, '--format', 'matrix-csv', *args)
        assert r.returncode == 0, r.stderr
        with open(out, newline='', encoding='utf-8') as f:
            return list(csv.reader(f))

    whole = matrix_csv('whole.csv')
    assert {line[0] for line in whole[1:]} == {n['id'] for n in evidence}
    filtered = matrix_csv('filtered.csv', '--filter', tag_filter)
    # Only data: the header is the first line and every other line a row
    # (a note would be a row to every CSV reader).
    assert filtered[0][:len(whole[0]) - len(claims)] == whole[0][:len(whole[0]) - len(claims)], filtered[0]
    assert {line[0] for line in filtered[1:]} == tagged_evidence, filtered
    assert filtered[0][len(whole[0]) - len(claims):] == tagged_claims, filtered[0]
    # The cells are the whole matrix's, for the rows and columns left.
    whole_rows = {line[0]: dict(zip(whole[0], line)) for line in whole[1:]}
    for line in filtered[1:]:
        for title in tagged_claims:
            assert dict(zip(filtered[0], line))[title] == whole_rows[line[0]][title], line
    # The filter saved with the board, as for pictures: claims only leaves
    # no evidence row.
    assert matrix_csv('saved.csv', '--filter', 'board')[1:] == []
    db = sqlite3.connect(board)
    db.execute("UPDATE setting SET value = ? WHERE key = 'filter'", (tag_filter,))
    db.commit()
    db.close()
    assert matrix_csv('saved.csv', '--filter', 'board', '--force') == filtered
    # A tag two claims carry (c5, c6) chooses the hypotheses to weigh: they
    # are the columns. Evidence only by kind narrows nothing but the rows.
    pair = [n for n in claims if 'peace-talks' in n.get('tags', [])]
    assert len(pair) == 2
    narrowed = matrix_csv('pair.csv', '--filter', json.dumps({'tags': ['peace-talks']}))
    assert narrowed[0][len(whole[0]) - len(claims):] == [n['title'] for n in pair], narrowed[0]
    assert {line[0] for line in narrowed[1:]} == {n['id'] for n in evidence if 'peace-talks' in n.get('tags', [])}
    evidence_only = matrix_csv('evidence-only.csv', '--filter', json.dumps({'kinds': ['evidence']}))
    assert evidence_only == whole, evidence_only[0]

    # The pictures: the same rows and columns, and above them the view's
    # line and the filter in words.
    scope = (f'Filtered: {len(tagged_evidence)} of {len(evidence)} evidence items against '
             f'{len(tagged_claims)} of {len(claims)} hypotheses. Filter: tags: {tag}.')
    matrix_pdf = os.path.join(tmp, 'matrix.pdf')
    r = run('export', board, matrix_pdf, '--format', 'matrix-pdf', '--filter', tag_filter)
    assert r.returncode == 0, r.stderr
    text = ' '.join(unicodedata.normalize('NFKC', subprocess.run(
        ['pdftotext', matrix_pdf, '-'], capture_output=True, text=True, check=True).stdout).split())
    assert scope in text, text[:600]
    assert 'CIA found no evidence of an attack on Putin' in text
    assert 'Modi says he is deeply concerned' not in text
    whole_pdf = os.path.join(tmp, 'whole-matrix.pdf')
    r = run('export', board, whole_pdf, '--format', 'matrix-pdf')
    assert r.returncode == 0, r.stderr
    whole_text = subprocess.run(['pdftotext', whole_pdf, '-'], capture_output=True, text=True, check=True).stdout
    assert 'Filtered' not in whole_text and 'Modi says he is deeply concerned' in ' '.join(whole_text.split())
    for fmt, magic in (('png', b'\x89PNG'), ('svg', b'<?xml')):
        plain_picture = os.path.join(tmp, f'whole-matrix.{fmt}')
        picture = os.path.join(tmp, f'matrix.{fmt}')
        r = run('export', board, plain_picture, '--format', f'matrix-{fmt}')
        assert r.returncode == 0, r.stderr
        r = run('export', board, picture, '--format', f'matrix-{fmt}', '--filter', tag_filter)
        assert r.returncode == 0, r.stderr
        with open(picture, 'rb') as f:
            data = f.read()
        with open(plain_picture, 'rb') as f:
            plain_data = f.read()
        assert data.startswith(magic) and data != plain_data, fmt

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
