#!/usr/bin/python3
"""bench/table.py DIR: the tables of `make bench` from what bench/run.sh
measured, written to DIR/results.md (Markdown) and printed as plain text.

DIR holds
  rows.tsv   one measurement a line: scale, what, files, wall s, CPU s (user +
             sys), peak RSS KB (tab-separated). scale is "city", "nN" (the year
             of N communes) or "nN-10" (the same registry, 10 % reporting).
  meta.tsv   key, value: machine, versions, the counts of each year
             (units.S, subs.S, xml.S, xlsx.S, sample.S), national (the scale
             of the national rows), elapsed (s), nightly.50 / nightly.0 (the
             re-run's median share of CPU, %) ...
  nightly.txt  (optional) bench/nightly.sh's output, quoted as it is.

The layout depends on nothing but these files (t39 runs it on a fixed
input). A value that was not measured is shown as "-" and its target as
"not measured"."""
import os
import sys

# the goals of issue 17 (and the nightly goal before it)
GOAL_NATIONAL_WALL = 15.0     # s
GOAL_RUN_OVER_VALIDATE = 1.3
GOAL_CITY_WALL = 0.25         # s
GOAL_XML_CPU_RATIO = 1.0      # tonghop validate CPU / xmllint CPU
GOAL_OPENPYXL_RATIO = 40.0    # openpyxl wall / tonghop wall
GOAL_PEAK_MB = 256.0          # at 200,000 units
GOAL_PEAK_UNITS = 200000
GOAL_IDLE_UNIT_KB = 0.3       # a unit that did not report
GOAL_NIGHTLY_PCT = 10.0


def load(d):
    rows, meta = {}, {}
    order = []
    with open(os.path.join(d, 'rows.tsv'), encoding='utf-8') as f:
        for line in f:
            p = line.rstrip('\n').split('\t')
            if len(p) != 6:
                continue
            key = (p[0], p[1])
            rows[key] = {'files': p[2], 'wall': float(p[3]), 'cpu': float(p[4]), 'rss': float(p[5])}
            order.append(key)
    mp = os.path.join(d, 'meta.tsv')
    if os.path.exists(mp):
        with open(mp, encoding='utf-8') as f:
            for line in f:
                k, _, v = line.rstrip('\n').partition('\t')
                if k:
                    meta[k] = v
    nt = os.path.join(d, 'nightly.txt')
    nightly = open(nt, encoding='utf-8').read().rstrip('\n') if os.path.exists(nt) else ''
    return rows, order, meta, nightly


def num(n):
    """1234567 -> 1,234,567 (an int or a string of digits)."""
    try:
        return f'{int(n):,}'
    except (TypeError, ValueError):
        return str(n) if n not in (None, '') else '-'


def f2(x, d=2):
    return '-' if x is None else f'{x:.{d}f}'


def mb(kb):
    return None if kb is None else kb / 1024


def status(ok):
    return 'not measured' if ok is None else ('met' if ok else 'NOT MET')


def ratio(a, b):
    return a / b if a is not None and b else None


def build(d):
    rows, order, meta, nightly = load(d)

    def get(scale, what, field):
        r = rows.get((scale, what))
        return None if r is None or '— FAILED' in what else r[field]

    nat = meta.get('national', '')
    city_subs = meta.get('subs.city')
    nat_subs = meta.get(f'subs.{nat}')
    sizes = sorted({s for s, _ in order if s.startswith('n') and s[1:].isdigit()}, key=lambda s: int(s[1:]))

    # ---- the goals ----
    goals = []
    nw, nc = get(nat, 'run', 'wall'), get(nat, 'run', 'cpu')
    goals.append((f'national `run`, {num(nat_subs)} submissions (half XLSX)',
                  '-' if nw is None else f'{f2(nw)} s wall, {f2(nc)} s CPU',
                  f'≤ {GOAL_NATIONAL_WALL:g} s wall', None if nw is None else nw <= GOAL_NATIONAL_WALL))
    vw = get(nat, 'validate', 'wall')
    r = ratio(nw, vw)
    goals.append(('`run` wall ÷ `validate` wall, same files',
                  '-' if r is None else f'{f2(nw)} ÷ {f2(vw)} = {f2(r)}',
                  f'≤ {GOAL_RUN_OVER_VALIDATE:g}', None if r is None else r <= GOAL_RUN_OVER_VALIDATE))
    cw, cc = get('city', 'run', 'wall'), get('city', 'run', 'cpu')
    goals.append((f'city `run`, {num(city_subs)} submissions',
                  '-' if cw is None else f'{f2(cw)} s wall, {f2(cc)} s CPU',
                  f'≤ {GOAL_CITY_WALL:g} s', None if cw is None else cw <= GOAL_CITY_WALL))
    tx, lx = get(nat, 'validate XML', 'cpu'), get(nat, 'xmllint', 'cpu')
    r = ratio(tx, lx)
    goals.append((f'XML: tonghop `validate` CPU ÷ `xmllint --noout --schema` CPU, same {num(meta.get(f"xml.{nat}"))} files',
                  '-' if r is None else f'{f2(tx)} ÷ {f2(lx)} = {f2(r)}',
                  f'≤ {GOAL_XML_CPU_RATIO:g}', None if r is None else r <= GOAL_XML_CPU_RATIO))
    ts, os_ = get(nat, 'validate XLSX sample', 'wall'), get(nat, 'openpyxl', 'wall')
    r = ratio(os_, ts)
    goals.append((f'XLSX: openpyxl read-only ÷ tonghop (wall), same {num(meta.get(f"sample.{nat}"))} files',
                  '-' if r is None else f'{f2(os_)} ÷ {f2(ts)} = {f2(r, 1)}×',
                  f'≥ {GOAL_OPENPYXL_RATIO:g}×', None if r is None else r >= GOAL_OPENPYXL_RATIO))
    # peak memory at the largest year of at least GOAL_PEAK_UNITS communes
    big = [s for s in sizes if int(s[1:]) >= GOAL_PEAK_UNITS and get(s, 'run', 'rss') is not None]
    if big:
        s = big[0]
        pk = mb(get(s, 'run', 'rss'))
        goals.append((f'peak memory of `run`, {num(meta.get(f"units.{s}"))} units (all reporting)',
                      f'{f2(pk, 1)} MB', f'≤ {GOAL_PEAK_MB:g} MB', pk <= GOAL_PEAK_MB))
    else:
        largest = sizes[-1] if sizes else None
        goals.append((f'peak memory of `run` at {num(GOAL_PEAK_UNITS)} units',
                      '-' if largest is None or get(largest, 'run', 'rss') is None else
                      f'({f2(mb(get(largest, "run", "rss")), 1)} MB at {num(meta.get(f"units.{largest}"))} units)',
                      f'≤ {GOAL_PEAK_MB:g} MB', None))
    # what a unit costs that did not report, measured directly: the national
    # registry with 10 % reporting against the smallest year (about as many
    # submissions, ten times fewer units), the few submissions more or less
    # taken out at what a submission costs (the national registry with 100 %
    # and 10 % reporting). Subtracting two slopes of the peak instead mixed
    # runs whose peaks fall in different phases (±0.1 KB).
    idle = per_sub = None
    r100, r10 = get(nat, 'run', 'rss'), get(f'{nat}-10', 'run', 'rss')
    s100, s10 = meta.get(f'subs.{nat}'), meta.get(f'subs.{nat}-10')
    u10 = meta.get(f'units.{nat}-10')
    full = [s for s in sizes if get(s, 'run', 'rss') is not None and meta.get(f'units.{s}')]
    if r100 is not None and r10 is not None and s100 and s10 and u10 and int(s100) != int(s10) and full:
        per_sub = (r100 - r10) / (int(s100) - int(s10))
        a = full[0]
        ua, sa = int(meta[f'units.{a}']), int(meta.get(f'subs.{a}', 0))
        if int(u10) > ua:
            idle = (r10 - get(a, 'run', 'rss') - per_sub * (int(s10) - sa)) / (int(u10) - ua)
    goals.append(('what a unit that did not report costs (peak memory)',
                  '-' if idle is None else f'{f2(idle)} KB (a submission: {f2(per_sub)} KB more)',
                  f'≤ {GOAL_IDLE_UNIT_KB:g} KB', None if idle is None else idle <= GOAL_IDLE_UNIT_KB))
    if meta.get('nightly.50'):
        n50 = float(meta['nightly.50'])
        goals.append((f'nightly re-run, 1 % of {num(meta.get("nightly.n"))} changed, ÷ the full run (CPU; earlier goal)',
                      f'{n50:.1f} % (all XML: {meta.get("nightly.0", "-")} %)', f'< {GOAL_NIGHTLY_PCT:g} %',
                      n50 < GOAL_NIGHTLY_PCT))

    # ---- the scaling table ----
    scaling = []
    prev = None
    for s in sizes:
        w, c, k = get(s, 'run', 'wall'), get(s, 'run', 'cpu'), get(s, 'run', 'rss')
        u = meta.get(f'units.{s}')
        if w is None or not u:
            continue
        u = int(u)
        slope = ('-', '-', '-')
        if prev:
            du = u - prev[0]
            slope = (f2((w - prev[1]) / du * 1e6, 1), f2((c - prev[2]) / du * 1e6, 1), f2((k - prev[3]) / du, 2))
        scaling.append((num(s[1:]), num(u), num(meta.get(f'subs.{s}')), f2(w), f2(c), f2(mb(k), 1)) + slope)
        prev = (u, w, c, k)

    # ---- the other tools ----
    tools = []
    for s in ['city', nat]:
        name = 'city' if s == 'city' else 'national'
        a, b = rows.get((s, 'validate XML')), rows.get((s, 'xmllint'))
        if a and b:
            tools.append((f'{name}: XML, xmllint --noout --schema ÷ tonghop validate', num(b['files']),
                          f2(a['wall']), f2(a['cpu']), f2(b['wall']), f2(b['cpu']),
                          f2(ratio(b['wall'], a['wall'])) + '×', f2(ratio(b['cpu'], a['cpu'])) + '×'))
        a, b = rows.get((s, 'validate XLSX sample')), rows.get((s, 'openpyxl'))
        if a and b:
            tools.append((f'{name}: XLSX, openpyxl read-only (every cell) ÷ tonghop validate', num(b['files']),
                          f2(a['wall']), f2(a['cpu']), f2(b['wall']), f2(b['cpu']),
                          f2(ratio(b['wall'], a['wall']), 1) + '×', f2(ratio(b['cpu'], a['cpu']), 1) + '×'))

    allrows = [(s, w, num(rows[(s, w)]['files']) if rows[(s, w)]['files'] != '-' else '-',
                f2(rows[(s, w)]['wall']), f2(rows[(s, w)]['cpu']), f2(mb(rows[(s, w)]['rss']), 1))
               for s, w in order]

    met = sum(1 for g in goals if g[3] is True)
    measured = sum(1 for g in goals if g[3] is not None)
    el = int(float(meta.get('elapsed', '0') or 0))

    # ---- Markdown ----
    md = ['# tonghop benchmarks', '',
          f'Written by `make bench` (bench/run.sh, bench/table.py) on {meta.get("date", "?")}.', '',
          f'- machine: {meta.get("machine", "?")}; load average before the run: {meta.get("load0", "?")}, '
          f'after: {meta.get("load1", "?")}',
          f'- {meta.get("versions", "?")}',
          f'- data: `tonghop gen --synthetic N --xlsx 50 --year 2026` (Cần Thơ plan and rules), files on '
          f'{meta.get("fs", "?")}; sizes {meta.get("sizes", "?")}; whole benchmark {el // 60} min {el % 60} s',
          f'- worker threads: {meta.get("jobs", "?")} (TONGHOP_JOBS)', '']
    if meta.get('note'):
        md += [meta['note'], '']
    md += ['## Goals (issue 17)', '',
           f'{met} of {len(goals)} met' + (f', {len(goals) - measured} not measured' if measured < len(goals) else '') + '.', '',
           '| | measured | goal | |', '|---|---|---|---|']
    md += [f'| {g[0]} | {g[1]} | {g[2]} | {status(g[3])} |' for g in goals]
    md += ['', '## Scaling: `run` end to end, all units reporting', '',
           'The slope columns are the cost of one more unit of the registry between this',
           'year and the one above it.', '',
           '| communes | units | submissions | wall s | CPU s | peak MB | wall µs/unit | CPU µs/unit | KB/unit |',
           '|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    md += ['| ' + ' | '.join(r) + ' |' for r in scaling]
    md += ['', '## Against the other tools (same files)', '',
           '| | files | tonghop wall s | tonghop CPU s | other wall s | other CPU s | wall ratio | CPU ratio |',
           '|---|---:|---:|---:|---:|---:|---:|---:|']
    md += ['| ' + ' | '.join(r) + ' |' for r in tools]
    md += ['', '## Every measurement', '',
           'scale: `city` (the city year), `nN` (the year of N communes), `nN-10` (the same',
           'registry, 10 % of units reporting).', '',
           '| scale | what | files | wall s | CPU s | peak MB |', '|---|---|---:|---:|---:|---:|']
    md += ['| ' + ' | '.join(r) + ' |' for r in allrows]
    # the lines README.md quotes (its output block: tests/docs_outputs.py)
    md += ['', '## Summary', '', 'README.md quotes these lines (`make docs` after `make bench`).', '',
           f'- `make bench` of {meta.get("date", "?")}, {meta.get("machine", "?").split(",")[0]}, '
           f'load average {meta.get("load0", "?").split(" ")[0]} at the start']
    md += [f'- {g[0]}: {g[1]} (goal {g[2]}: {status(g[3])})' for g in goals]
    if nightly:
        md += ['', f'## Nightly (bench/nightly.sh {meta.get("nightly.n", "")})', '', '```', nightly, '```']

    # ---- plain text for the terminal ----
    def plain(head, body, right):
        w = [max(len(str(x)) for x in col) for col in zip(head, *body)] if body else [len(h) for h in head]
        return ['  '.join(str(x).rjust(w[i]) if right else str(x).ljust(w[i]) for i, x in enumerate(r)).rstrip()
                for r in [head] + body]

    txt = [f'tonghop benchmarks ({meta.get("date", "?")}, {el // 60} min {el % 60} s; '
           f'load {meta.get("load0", "?")} before, {meta.get("load1", "?")} after)', '']
    txt += plain(('goal', 'measured', 'target', ''), [(g[0].replace('`', ''), g[1], g[2], status(g[3])) for g in goals], False)
    txt += ['', 'scaling (run, all reporting):']
    txt += plain(('communes', 'units', 'subs', 'wall s', 'CPU s', 'peak MB', 'wall µs/u', 'CPU µs/u', 'KB/u'),
                 scaling, True)
    return '\n'.join(md) + '\n', '\n'.join(txt) + '\n'


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: bench/table.py DIR (rows.tsv, meta.tsv[, nightly.txt]); writes DIR/results.md')
    md, txt = build(sys.argv[1])
    with open(os.path.join(sys.argv[1], 'results.md'), 'w', encoding='utf-8') as f:
        f.write(md)
    sys.stdout.write(txt)


if __name__ == '__main__':
    main()
