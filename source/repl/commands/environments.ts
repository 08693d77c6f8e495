/**
 * Environments: create one, choose the one the session acts on behalf of, list them all.
 * Choosing is the REPL's only privilege, and it is no more than picking whose kernel calls to
 * make: every call still goes through that environment's capabilities.
 */
import type { Environment } from '../../../kernel/exo/env.ts';
import { inspectEnvs } from '../../../kernel/exo/inspector.ts';
import { type Command, CommandError, said } from '../command.ts';
import { hex8, table } from '../format.ts';
import type { Session } from '../session.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `env 1 (alice, asid 1)` */
export const describeEnv = (env: Environment) => `env ${env.id} (${env.name}, asid ${env.asid})`;

/** Refuses a name that is malformed (or could be read as an id) or taken by a live environment. */
export function checkName(session: Session, name: string): void {
  if (!NAME.test(name)) {
    throw new CommandError(
      `\`${name}\` is not a name (a letter, then letters, digits, _ . -)`,
      true,
    );
  }
  const same = [...session.kernel.envs.values()].find(
    (e) => e.name === name && e.state === 'runnable',
  );
  if (same) throw new CommandError(`${describeEnv(same)} already has the name \`${name}\``);
}

function choose(session: Session, env: Environment) {
  if (env.state !== 'runnable') {
    throw new CommandError(`${describeEnv(env)} has ${env.state}; only a live one can act`);
  }
  session.env = env;
  return said(`acting as ${describeEnv(env)}`, { env: env.id, name: env.name });
}

function create(session: Session, name: string | undefined) {
  if (name === undefined) throw new CommandError('missing NAME', true);
  checkName(session, name);
  const env = session.kernel.createEnv(name);
  if (env === null) throw new CommandError('no free ASID left (63 environments are live)');
  session.env = env;
  return said(`created ${describeEnv(env)}; acting as ${env.name}`, {
    env: env.id,
    name: env.name,
    asid: env.asid,
  });
}

const env: Command = {
  name: 'env',
  group: 'environments',
  args: [
    { name: 'ENV', kind: 'word', optional: true },
    { name: 'NAME', kind: 'word', optional: true },
  ],
  form: 'env [ENV | new NAME]',
  help: 'creates an environment (`env new NAME`) or chooses the one to act as; alone, names it',
  example: 'env new alice',
  run(session, { values: [first, second] }) {
    if (first === 'new') return create(session, second as string | undefined);
    if (second !== undefined) throw new CommandError(`unexpected argument \`${second}\``, true);
    if (first === undefined) {
      const current = session.env;
      return said(current ? `acting as ${describeEnv(current)}` : 'no environment chosen', {
        env: current?.id ?? null,
      });
    }
    const found = session.findEnv(first as string);
    if (!found)
      throw new CommandError(`\`${first}\` is no environment (\`envs\` lists them)`, true);
    return choose(session, found);
  },
};

const as: Command = {
  name: 'as',
  group: 'environments',
  args: [{ name: 'ENV', kind: 'env' }],
  help: 'acts on behalf of environment ENV (by id or name) from now on',
  example: 'as alice',
  run: (session, { values: [target] }) => choose(session, target as Environment),
};

const envs: Command = {
  name: 'envs',
  group: 'environments',
  args: [],
  help: 'lists every environment: id, name, state, ASID, frames held, bindings, pc',
  example: 'envs',
  run(session) {
    const kernel = session.kernel;
    const views = inspectEnvs(kernel);
    if (views.length === 0) return said('no environments yet; create one with `env new NAME`', []);
    const data = views.map((v) => ({
      ...v,
      state: kernel.current?.id === v.id ? 'running' : v.state,
      acting: session.env?.id === v.id,
    }));
    const rows = [['', 'id', 'name', 'state', 'asid', 'frames', 'bindings', 'pc']];
    for (const d of data) {
      const state = d.exitCode !== null ? `${d.state}(${d.exitCode})` : d.state;
      rows.push([
        d.acting ? '*' : '',
        String(d.id),
        d.name,
        state,
        String(d.asid),
        String(d.frames.length),
        String(d.bindings.length),
        hex8(d.pc),
      ]);
    }
    const notes = data.filter((d) => d.abortReason).map((d) => `env ${d.id}: ${d.abortReason}`);
    return said([...table(rows), ...notes], data);
  },
};

export const environmentCommands: Command[] = [env, as, envs];
