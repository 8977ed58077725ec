#!/usr/bin/python3
"""Keep the figures in the docs true: every block

    <!-- output: COMMAND -->
        …the lines COMMAND prints, indented by four spaces…
    <!-- /output -->

in README.md and docs/*.md is what COMMAND prints today. COMMAND is run by
bash from the checkout's root, with `tonghop` the binary under test ($TONGHOP)
and $OUT a fresh scratch directory for outputs. Without arguments the blocks
are checked (exit 1 and a diff when one is stale: t96); with --update they are
rewritten (make docs)."""
import difflib, glob, os, re, subprocess, sys, tempfile

root = os.environ.get('TONGHOP_HOME') or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tonghop = os.environ.get('TONGHOP') or os.path.join(root, 'bin', 'tonghop')
update = sys.argv[1:] == ['--update']
OPEN = re.compile(r'^<!-- output: (.*) -->$')
stale = 0

def run(cmd):
    with tempfile.TemporaryDirectory() as out:
        script = 'tonghop() { "$TONGHOP" "$@"; }\n' + cmd + '\n'
        env = dict(os.environ, TONGHOP=tonghop, TONGHOP_HOME=root, OUT=out, LC_ALL='C.UTF-8')
        r = subprocess.run(['bash', '-c', script], cwd=root, env=env, capture_output=True, text=True)
        if not r.stdout.strip():
            sys.exit(f'docs_outputs: "{cmd}" printed nothing (exit {r.returncode}): {r.stderr.strip()[:300]}')
        return r.stdout.rstrip('\n').split('\n')

for path in ['README.md'] + sorted(glob.glob(os.path.join(root, 'docs', '*.md'))):
    path = os.path.join(root, path)
    lines = open(path, encoding='utf-8').read().split('\n')
    out, i, changed = [], 0, False
    while i < len(lines):
        m = OPEN.match(lines[i])
        out.append(lines[i])
        i += 1
        if not m:
            continue
        j = next((k for k in range(i, len(lines)) if lines[k] == '<!-- /output -->'), None)
        if j is None:
            sys.exit(f'{path}:{i}: <!-- output: … --> without <!-- /output -->')
        have = [l[4:] for l in lines[i:j] if l.strip()]
        want = run(m.group(1))
        if have != want:
            changed = True
            stale += 1
            if not update:
                rel = os.path.relpath(path, root)
                print(f'{rel}:{i}: stale output of: {m.group(1)}')
                sys.stdout.writelines(l + '\n' for l in difflib.unified_diff(have, want, 'docs', 'now', lineterm='', n=0))
        out += [''] + ['    ' + l for l in want] + ['']
        out.append(lines[j])
        i = j + 1
    if update and changed:
        open(path, 'w', encoding='utf-8').write('\n'.join(out))
if stale and not update:
    print(f'{stale} stale block(s): run "make docs" and review the change')
    sys.exit(1)
print(f'docs_outputs: {"rewrote" if update else "checked"} every output block' + (f' ({stale} changed)' if update else ''))
