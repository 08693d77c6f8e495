// Session.startRun (source/repl/run-job.ts): a `run N` advanced in slices, as the TUI runs it,
// ends where `run N` in one go ends and says the same; other lines are left to execute().
import { expect, test } from 'vitest';
import { Session } from '../../../source/repl/index.ts';
import { readFromFolders } from '../../../source/tui/boot.ts';

function demo(): Session {
  const s = new Session({ memoryBytes: 4 << 20, readFile: readFromFolders });
  const loaded = s.execute('load demo examples/touch-twice.s');
  expect(loaded.ok, loaded.error).toBe(true);
  return s;
}

test('a run in slices reports what one run reports', () => {
  const whole = demo().execute('run 20000');
  const sliced = demo();
  const job = sliced.startRun('run 20000');
  expect(job).not.toBeNull();
  let slices = 0;
  while (!job?.advance(1000)) slices++;
  expect(slices).toBeGreaterThan(5);
  const outcome = job.finish();
  expect(outcome.lines).toEqual(whole.lines);
  expect(sliced.kernel.cycles).toBe(
    demo().kernel.cycles + (whole.data as { cycles: number }).cycles,
  );
});

test('a run that ends on its own (the demo exits) is done before its budget', () => {
  const s = demo();
  const job = s.startRun('continue');
  while (!job?.advance(1 << 16)) {}
  const outcome = job.finish();
  expect(outcome.lines.join('\n')).toMatch(/exited with code 0/);
});

test('a run stopped early says it was interrupted', () => {
  const s = demo();
  const job = s.startRun('run 1000000');
  job?.advance(500);
  expect(job?.finish(true).lines.join('\n')).toMatch(/interrupted \(Ctrl-C\)/);
});

test('other lines, `!` lines and mistakes are not runs', () => {
  const s = demo();
  expect(s.startRun('envs')).toBeNull();
  expect(s.startRun('! run 10')).toBeNull();
  expect(s.startRun('run x')).toBeNull();
  expect(new Session().startRun('run 10')).toBeNull();
});
