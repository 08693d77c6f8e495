// The start-up bundle (scripts/bundle.mjs, run by bin/exolab.js when it is fresh): built here
// from the sources as they are now, into a folder of its own under dist/. Every command in the
// CLI's table answers --help from it (so whatever main.ts imports lazily is in the bundle),
// scripts print exactly what the sources print, files found next to a module still are, and
// the freshness check turns the bundle down when a file in it changes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript without types, run before tsx is there
import { freshBundle } from '../../bin/fresh-bundle.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_REL = `dist/test-${process.pid}/cli`;
const OUT = path.join(ROOT, OUT_REL);

function node(args: string[], env: Record<string, string | undefined> = {}) {
  return spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
}

/** The command names of main.ts's COMMANDS table (read from the source, as a user types them). */
function commandNames(): string[] {
  const main = fs.readFileSync(path.join(ROOT, 'source/cli/main.ts'), 'utf8');
  const table = main.slice(
    main.indexOf('const COMMANDS'),
    main.indexOf('\n};', main.indexOf('const COMMANDS')),
  );
  return [...table.matchAll(/^ {2}([a-z][\w-]*):/gm)].map((m) => m[1]);
}

beforeAll(() => {
  const built = node(['scripts/bundle.mjs', '--strict', OUT]);
  expect(built.status, built.stderr).toBe(0);
}, 120_000);

afterAll(() => fs.rmSync(path.dirname(OUT), { recursive: true, force: true }));

describe('the start-up bundle', () => {
  it('answers --help for every command in the CLI table', () => {
    const names = commandNames();
    expect(names).toEqual(expect.arrayContaining(['run', 'bench', 'script', 'dashboard']));
    for (const name of names) {
      const r = node([path.join(OUT, 'main.js'), name, '--help']);
      expect(r.stderr, name).toBe('');
      expect(r.status, name).toBe(0);
      expect(r.stdout, name).toMatch(/Usage/);
    }
  });

  it('prints what the sources print (version, a script as JSON)', () => {
    for (const args of [['--version'], ['script', 'examples/time-slices.exo', '--json']]) {
      const fromBundle = node([path.join(OUT, 'main.js'), ...args]);
      const fromSources = node(['bin/exolab.js', ...args], { EXOLAB_SOURCES: '1' });
      expect(fromBundle.status, args.join(' ')).toBe(fromSources.status);
      expect(fromBundle.stdout, args.join(' ')).toBe(fromSources.stdout);
      expect(fromBundle.stderr, args.join(' ')).toBe(fromSources.stderr);
    }
  });

  it('finds files relative to its modules as the sources do (bench programs)', () => {
    const r = node([path.join(OUT, 'main.js'), 'bench', 'emulator', '--json', '--help']);
    expect(r.status).toBe(0);
    const bundled = fs.readdirSync(OUT).filter((f) => f.endsWith('.js'));
    const text = bundled.map((f) => fs.readFileSync(path.join(OUT, f), 'utf8')).join('\n');
    // import.meta.url of a source file is that file's own URL, found from the chunk's.
    expect(text).toContain('"../../../source/bench/emulator.ts"');
    expect(text).toContain('"../../../source/cli/version.ts"');
  });

  it('is fresh while its files are unchanged, and stale once one of them changes', () => {
    const root = pathToFileURL(`${ROOT}/`);
    const manifestFile = path.join(OUT, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    // Others may edit the working tree while this runs: record the files as they are now.
    for (const file of Object.keys(manifest.inputs)) {
      const stat = fs.statSync(path.join(ROOT, file));
      manifest.inputs[file] = [stat.mtimeMs, stat.size];
    }
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(freshBundle(root, OUT_REL)?.href).toBe(pathToFileURL(path.join(OUT, 'main.js')).href);
    expect(Object.keys(manifest.inputs)).toEqual(
      expect.arrayContaining([
        'source/cli/main.ts',
        'source/dashboard/screen.ts',
        'source/tui/panes/index.tsx',
      ]),
    );
    try {
      manifest.inputs['source/cli/main.ts'][0] -= 1; // as if main.ts was edited since
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(freshBundle(root, OUT_REL)).toBeNull();
      manifest.inputs['source/cli/main.ts'][0] += 1;
      manifest.inputs['source/no-such-file.ts'] = [0, 0]; // a file that went away
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      expect(freshBundle(root, OUT_REL)).toBeNull();
    } finally {
      delete manifest.inputs['source/no-such-file.ts'];
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    }
    expect(freshBundle(root, OUT_REL)).not.toBeNull();
    expect(freshBundle(root, 'dist/no-such-bundle')).toBeNull();
  });
});
