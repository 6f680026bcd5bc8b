#!/usr/bin/env python3
# test-cli-report.py: `export --format report` writes a PDF whose text holds
# every node's full title, every source, an attachment's full SHA-256 and
# each claim's likelihood and confidence on lines of their own; `--format
# report-html` writes one HTML file that parses, inlines the picture as SVG
# with its text, escapes board text and runs nothing.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import html.parser
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

cli, source_root = sys.argv[1], sys.argv[2]
sample = os.path.join(source_root, 'data', 'samples', 'dolgiye-borody.json')

env = dict(os.environ)
env.pop('DISPLAY', None)
env.pop('WAYLAND_DISPLAY', None)


def run(*args):
    r = subprocess.run([cli, *args], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, (args, r.stderr)
    return r


def flat(text):
    return ' '.join(unicodedata.normalize('NFKC', text).split())


def pdf_text(path, layout=False):
    args = ['pdftotext'] + (['-layout'] if layout else []) + [path, '-']
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


class Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


with open(sample) as f:
    doc = json.load(f)

with tempfile.TemporaryDirectory() as tmp:
    # The sample, with one item given an attachment and a hostile title.
    content = b'a photograph of a drone\n'
    attached = os.path.join(tmp, 'drone photo.jpg')
    with open(attached, 'wb') as f:
        f.write(content)
    sha = hashlib.sha256(content).hexdigest()
    evidence = [n for n in doc['nodes'] if n['kind'] == 'evidence']
    evidence[0]['attachment'] = {'uri': 'file://' + attached.replace(' ', '%20'),
                                 'sha256': sha, 'size': len(content)}
    evidence[1]['title'] = 'Hostile <script>alert(1)</script> & "quoted" title'
    evidence[2]['source_url'] = 'javascript:alert(2)'
    # A date and time reads as on the card, not in the file's RFC 3339 form.
    evidence[3]['occurred'] = '2025-12-29T02:30:00+02:00'
    board_json = os.path.join(tmp, 'board.json')
    with open(board_json, 'w') as f:
        json.dump(doc, f)
    board = os.path.join(tmp, 'board.evboard')
    run('import', board_json, board)

    pdf = os.path.join(tmp, 'report.pdf')
    run('export', board, pdf, '--format', 'report')
    info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True, check=True).stdout
    assert '595 x 842 pts' in info, info
    raw = pdf_text(pdf)
    text = flat(raw)
    for node in doc['nodes']:
        # Cairo 1.16 draws a colour emoji into a PDF as a picture, not as text.
        words = ''.join(c for c in node['title'] if unicodedata.category(c) not in ('So', 'Mn'))
        assert flat(words) in text, node['title']
        if node.get('source'):
            assert flat(node['source']) in text, node['source']
    assert sha in raw, 'the full SHA-256 is not on one line'
    assert 'drone photo.jpg' in text
    assert '24 bytes' in text
    assert '2025-12-29 00:30 UTC' in text and 'T02:30:00' not in text, 'a date and time not as on the card'
    for word in ('Likelihood', 'Confidence', 'Why', 'Linchpin', 'Supporting', 'Refuting',
                 'Reliability', 'Credibility', 'Usually reliable', 'Link Notes'):
        assert word in text, word
    # ICD 203: the likelihood word and the confidence never share a line.
    lines = [flat(l) for l in pdf_text(pdf, layout=True).splitlines()]
    conf_lines = [l for l in lines if l.startswith('Confidence')]
    assert conf_lines
    for l in conf_lines:
        assert not any(w in l for w in ('likely', 'certain', 'even chance', 'no chance')), l
    for link in doc['links']:
        if link.get('note'):
            assert flat(link['note']) in text, link['note']

    letter = os.path.join(tmp, 'report-letter.pdf')
    run('export', board, letter, '--format', 'report', '--paper', 'letter')
    info = subprocess.run(['pdfinfo', letter], capture_output=True, text=True, check=True).stdout
    assert '612 x 792 pts' in info, info

    page = os.path.join(tmp, 'report.html')
    run('export', board, page, '--format', 'report-html')
    with open(page, encoding='utf-8') as f:
        source = f.read()
    parser = Collector()
    parser.feed(source)
    parser.close()
    assert 'script' not in parser.tags, 'a <script> element in the report'
    assert 'svg' in parser.tags and 'text' in parser.tags
    # Only http and https addresses become links.
    assert 'href="javascript' not in source and 'javascript:alert(2)' in source
    body = flat(''.join(parser.text))
    assert 'Hostile <script>alert(1)</script> & "quoted" title' in body
    for node in doc['nodes']:
        assert flat(node['title']) in body, node['title']
    assert sha in body
    assert '2025-12-29 00:30 UTC' in body and 'T02:30:00' not in body
    # The inline picture is well-formed SVG holding the claims' titles as text.
    start, end = source.index('<svg'), source.index('</svg>') + len('</svg>')
    svg = ET.fromstring(source[start:end])
    svg_text = flat(' '.join(''.join(t.itertext())
                             for t in svg.iter('{http://www.w3.org/2000/svg}text')))
    assert 'Legend' in svg_text
    # Self-contained: nothing fetched from elsewhere.
    assert 'src="http' not in source and "<link" not in source

print('ok')
