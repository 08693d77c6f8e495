/**
 * Run by dashboard.test.ts in a child process (blessed installs process-wide exit handlers, so
 * it never loads in the test runner): opens the real dashboard screen on a fake terminal whose
 * output feeds an @xterm/headless terminal, charts a script until it is done, prints the screen
 * as JSON lines, then presses `q` and reports the exit status the dashboard returned.
 *
 *   node --import tsx headless-render.ts SCRIPT COLS ROWS
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import xterm from '@xterm/headless';
import { scriptFileReader } from '../../../source/cli/script.ts';
import { dashboardFromScript } from '../../../source/dashboard/run.ts';
import { Session } from '../../../source/repl/index.ts';

const [script, colsText, rowsText] = process.argv.slice(2);
const cols = Number(colsText);
const rows = Number(rowsText);
const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
let written = '';

const output = Object.assign(
  new Writable({
    write(chunk, _encoding, done) {
      written += chunk.toString();
      term.write(chunk.toString(), () => done());
    },
  }),
  { isTTY: true, columns: cols, rows },
);
const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });

function screenText(): string[] {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++)
    lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
  return lines;
}

const session = new Session({
  seed: 1,
  readFile: scriptFileReader(path.dirname(path.resolve(script))),
});
const text = fs.readFileSync(script, 'utf8');
const failures: string[] = [];
const done = dashboardFromScript(session, script, text, { input, output }, (f) => failures.push(f));

// Wait until the status line says the script ended, then take the picture and press q.
const started = Date.now();
while (!screenText().some((l) => /script done|:\d+: /.test(l)) && Date.now() - started < 20_000) {
  await new Promise((r) => setTimeout(r, 20));
}
await new Promise((r) => setTimeout(r, 50));
const screen = screenText();
input.write('q');
const status = await done;
process.stdout.write(
  `${JSON.stringify({ screen, status, failures, leftAltScreen: written.includes('\u001b[?1049l') })}\n`,
);
process.exit(0);
