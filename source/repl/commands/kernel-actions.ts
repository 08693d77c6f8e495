/**
 * What the kernel itself does to environments, as opposed to the kernel calls environments
 * make: today, visible revocation ("release N frames, or frame F, within D µs"), which ends
 * complied or with the abort protocol and a repossession vector. The user plays the kernel's
 * resource policy here; the environment's library OS answers exactly as it would to the kernel.
 */
import type { Environment } from '../../../kernel/exo/env.ts';
import { describeError } from '../../../kernel/exo/errors.ts';
import { type Command, CommandError, said } from '../command.ts';
import { describeEnv } from './environments.ts';

const revoke: Command = {
  name: 'revoke',
  group: 'kernel',
  args: [
    { name: 'ENV', kind: 'env' },
    { name: 'N', kind: 'count' },
    { name: 'DEADLINE_US', kind: 'count' },
  ],
  flags: [{ name: '-f', help: 'N is a frame number: ask for that frame' }],
  form: 'revoke [-f] ENV N DEADLINE_US',
  help: 'the kernel asks ENV to release N frames (-f: frame N) within DEADLINE_US µs; it complies or is aborted',
  example: 'revoke alice 2 50',
  run(session, { values: [target, n, us], flags }) {
    const env = target as Environment;
    const kernel = session.kernel;
    const request = flags.has('-f')
      ? { frame: n as number, deadlineUs: us as number }
      : { count: n as number, deadlineUs: us as number };
    const before = kernel.frames.ownedBy(env.id).length;
    const result = kernel.revoke(env, request);
    if (result.error !== 0 || result.revocation === undefined) {
      throw new CommandError(describeError(result.error));
    }
    const rec = result.revocation;
    const what = rec.frame === null ? `${rec.count} frame(s)` : `frame ${rec.frame}`;
    const took = rec.endedAt === null ? '' : ` after ${rec.endedAt - rec.startedAt} cycles`;
    const lines = [
      `revocation #${rec.id}: ${describeEnv(env)} asked to release ${what} within ${rec.deadlineUs} µs (${
        rec.deadline - rec.startedAt
      } cycles)`,
      `${rec.outcome}${took}; ${describeEnv(env)} held ${before} frames, now ${kernel.frames.ownedBy(env.id).length}`,
    ];
    if (rec.outcome === 'pending') {
      lines.push(`its handler answers when it runs (\`run\`); \`log revoke\` tells the outcome`);
    }
    if (rec.repossessed.length > 0) {
      lines.push(`repossessed by force: frames ${rec.repossessed.join(' ')}`);
      lines.push(`repossession vector of env ${env.id}: ${env.repossessed.join(' ')}`);
    }
    return said(lines, { ...rec, repossessionVector: [...env.repossessed] });
  },
};

export const kernelActionCommands: Command[] = [revoke];
