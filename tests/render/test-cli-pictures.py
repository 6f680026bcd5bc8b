#!/usr/bin/env python3
# test-cli-pictures.py: exported pictures explain themselves. The PDF's text
# holds the board's title, the legend's words for what is used (and not for
# what is not) and every claim's full title; the SVG keeps its text as <text>
# elements; PDF paper sizes, orientation and tiling; --no-title.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

cli, source_root = sys.argv[1], sys.argv[2]
sample = os.path.join(source_root, 'data', 'samples', 'dolgiye-borody.json')
SVG = '{http://www.w3.org/2000/svg}'

env = dict(os.environ)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)


def run(*args):
    r = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (args, r.stderr)
    return r


def flat(text):
    # pdftotext writes ligatures ("ﬁ") and breaks lines where the PDF does.
    return ' '.join(unicodedata.normalize('NFKC', text).split())


def pdf_text(path):
    return flat(subprocess.run(['pdftotext', path, '-'], capture_output=True, text=True,
                               check=True).stdout)


def pdf_info(path):
    out = subprocess.run(['pdfinfo', path], capture_output=True, text=True, check=True).stdout
    return dict(line.split(':', 1) for line in out.splitlines() if ':' in line)


with open(sample) as f:
    doc = json.load(f)
claims = [n['title'] for n in doc['nodes'] if n['kind'] == 'claim']
assert claims

with tempfile.TemporaryDirectory() as tmp:
    board = os.path.join(tmp, 'sample.evboard')
    run('import', sample, board)

    # PDF: title, legend, every claim's full title, the grade key.
    pdf = os.path.join(tmp, 'sample.pdf')
    run('export', board, pdf)
    text = pdf_text(pdf)
    assert flat(doc['board']['title']) in text
    for word in ('Legend', 'Supports', 'Refutes', 'Statement', 'Completely reliable',
                 'Confirmed by other sources', 'Exported'):
        assert word in text, word
    for title in claims:
        assert flat(title) in text, title

    # Without the title block.
    bare = os.path.join(tmp, 'bare.pdf')
    run('export', board, bare, '--no-title', '--no-legend')
    bare_text = pdf_text(bare)
    assert 'Exported' not in bare_text and 'Legend' not in bare_text
    # Cards hold their text: every card's whole title and source are on the
    # cards themselves (the title block, which lists the claims, is off).
    # Cairo 1.16 draws a colour emoji into a PDF as a picture, not as text.
    for node in doc['nodes']:
        for text in (node['title'], node.get('source')):
            if text:
                words = ''.join(c for c in text if unicodedata.category(c) not in ('So', 'Mn'))
                # pdftotext breaks lines where the card does ("28–" / "29").
                assert ''.join(words.split()) in ''.join(bare_text.split()), text
    assert 'Долгие Бороды' in bare_text

    # SVG: text stays text, fonts named with a fallback.
    svg = os.path.join(tmp, 'sample.svg')
    run('export', board, svg)
    root = ET.parse(svg).getroot()
    texts = list(root.iter(SVG + 'text'))
    assert texts, 'no <text> in the SVG'
    joined = flat(' '.join(''.join(t.itertext()) for t in texts))
    assert flat(doc['board']['title']) in joined
    for title in claims:
        assert flat(title) in joined, title
    assert all('sans-serif' in t.get('font-family', '') for t in texts)

    # Paper sizes and orientation.
    a4 = os.path.join(tmp, 'a4.pdf')
    run('export', board, a4, '--paper', 'a4')
    info = pdf_info(a4)
    assert info['Page size'].split()[:3] == ['595', 'x', '842'], info['Page size']
    assert info['Pages'].strip() == '1'
    for title in claims:
        assert flat(title) in pdf_text(a4), title
    letter = os.path.join(tmp, 'letter.pdf')
    run('export', board, letter, '--paper', 'letter', '--orientation', 'landscape')
    assert pdf_info(letter)['Page size'].split()[:3] == ['792', 'x', '612']

    # Tiling: more than one page, each numbered.
    tiled = os.path.join(tmp, 'tiled.pdf')
    run('export', board, tiled, '--paper', 'a4', '--tile')
    pages = int(pdf_info(tiled)['Pages'])
    assert pages > 1, pages
    tiled_text = pdf_text(tiled)
    for n in (1, pages):
        assert 'Page %d of %d' % (n, pages) in tiled_text, n

    r = subprocess.run([cli, 'export', board, os.path.join(tmp, 'x.pdf'), '--paper', 'b5'],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 2, r

    # The legend explains only what is used; untrusted text stays inert in the SVG.
    small = {
        'format': 'evidence-board', 'version': 1,
        'board': {'title': 'Hostile <script>alert(1)</script> & "co"\u0001'},
        'nodes': [
            {'id': 'e1', 'kind': 'evidence', 'title': 'A photo </text><script>x</script>',
             'x': 0, 'y': 0, 'evidence_type': 'photo'},
            {'id': 'c1', 'kind': 'claim', 'title': 'It happened', 'x': 400, 'y': 0},
        ],
        'links': [{'id': 'l1', 'from': 'e1', 'to': 'c1', 'relation': 'supports'}],
    }
    small_json = os.path.join(tmp, 'small.json')
    with open(small_json, 'w') as f:
        json.dump(small, f)
    small_board = os.path.join(tmp, 'small.evboard')
    run('import', small_json, small_board)
    small_pdf = os.path.join(tmp, 'small.pdf')
    run('export', small_board, small_pdf)
    small_text = pdf_text(small_pdf)
    assert 'Photo' in small_text and 'Supports' in small_text
    for unused in ('Radar', 'Intercept', 'Satellite imagery', 'Refutes', 'Completely reliable'):
        assert unused not in small_text, unused
    small_svg = os.path.join(tmp, 'small.svg')
    run('export', small_board, small_svg)
    root = ET.parse(small_svg).getroot()
    assert not list(root.iter(SVG + 'script'))
    joined = ' '.join(''.join(t.itertext()) for t in root.iter(SVG + 'text'))
    assert '<script>alert(1)</script>' in joined
    assert 'A photo </text>' in joined
    with open(small_svg, 'rb') as f:
        assert b'<script' not in f.read()

print('ok')
