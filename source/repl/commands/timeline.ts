/**
 * Moving along the session's timeline: `back [N]` returns the machine N steps back (a step is
 * what `step` does: one instruction, or one exception taken), `save FILE` keeps the session in
 * a file and `restore FILE` brings it back. All three rest on the journal (journal.ts): the
 * exokernel's own state has no snapshot, but replaying the journal on a fresh kernel rebuilds it
 * exactly, so `step 10` then `back 3` leaves the machine as `step 7` would have.
 */
import { type Command, CommandError, said } from '../command.ts';
import type { Session } from '../session.ts';
import { decodeSession, encodeSession, sameBytes } from '../session-file.ts';
import { whereNow } from './execute.ts';

/** The boot options of a session that can replay, or a CommandError naming why not. */
function bootOf(session: Session) {
  const boot = session.boot;
  if (boot === null) {
    throw new CommandError('this session drives a kernel it was given and cannot replay it');
  }
  return boot;
}

const back: Command = {
  name: 'back',
  group: 'execute',
  args: [{ name: 'N', kind: 'count', optional: true }],
  keepsJournal: true,
  help: 'returns the machine N steps back (default 1; a step is one instruction or exception, as `step` counts), exactly, by replaying the session from boot',
  example: 'back 3',
  run(session, { values: [n] }) {
    bootOf(session);
    const count = (n as number | undefined) ?? 1;
    if (count < 1) throw new CommandError('N must be at least 1', true);
    const now = session.steps;
    if (count > now) {
      throw new CommandError(`N \`${count}\` is more than the ${now} steps taken since boot`);
    }
    const lines = session.journal.length;
    const started = performance.now();
    const reached = session.rewind(now - count);
    const ms = performance.now() - started;
    const short = now - count - reached;
    return said(
      [
        `back ${now - reached} step${now - reached === 1 ? '' : 's'}: now at step ${reached} (replayed ${lines} lines in ${ms.toFixed(0)} ms)`,
        ...(short > 0
          ? [`${short} steps further back than asked: the line that ran them cannot stop part way`]
          : []),
        whereNow(session.kernel),
      ],
      { from: now, to: reached, cycles: session.kernel.cycles, replayMs: ms },
    );
  },
};

const save: Command = {
  name: 'save',
  group: 'session',
  args: [{ name: 'FILE', kind: 'file' }],
  keepsJournal: true,
  help: 'saves the session (the machine and how it got there) to FILE; `restore FILE` brings it back',
  example: 'save week3.state',
  run(session, { values: [file] }) {
    const bytes = encodeSession(session, bootOf(session));
    session.writeFile(file as string, bytes);
    session.markSaved();
    const lines = session.journal.length;
    return said(
      `saved to ${file}: step ${session.steps}, cycle ${session.kernel.cycles}, ${lines} lines to replay (${bytes.length} bytes)`,
      { file, steps: session.steps, cycles: session.kernel.cycles, lines, bytes: bytes.length },
    );
  },
};

const restore: Command = {
  name: 'restore',
  group: 'session',
  args: [{ name: 'FILE', kind: 'file' }],
  keepsJournal: true,
  help: 'replaces the session with the one saved in FILE (by `save`), replayed exactly from boot',
  example: 'restore week3.state',
  run(session, { values: [file] }) {
    bootOf(session);
    const bytes = session.readFile(file as string);
    const decoded = decodeSession(bytes);
    if (typeof decoded === 'string')
      throw new CommandError(`cannot restore \`${file}\`: ${decoded}`);
    session.replay(decoded.journal, decoded.boot);
    session.markSaved();
    const same = sameBytes(encodeSession(session, decoded.boot), bytes);
    return said(
      [
        `restored ${file}: step ${session.steps}, cycle ${session.kernel.cycles}, ${decoded.journal.length} lines replayed`,
        same
          ? 'the machine is identical to the one saved'
          : 'warning: the replayed machine differs from the one saved (saved by another exolab version?)',
      ],
      { file, steps: session.steps, cycles: session.kernel.cycles, identical: same },
    );
  },
};

export const timelineCommands: Command[] = [back, save, restore];
