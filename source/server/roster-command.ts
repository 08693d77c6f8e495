/**
 * `exolab roster add|remove|list|password --data DIR`: the instructor's edits to who may log in.
 * Changes reach a running server at the next login (the roster lives in DIR's database).
 */
import * as fs from 'node:fs';
import { answerHelpOrVersion, type CommandSpec, parseCommand } from '../cli/flags.ts';
import { CliFailure, UsageError } from '../cli/usage-error.ts';
import { openDb } from './db.ts';
import { hashPassword } from './passwords.ts';
import {
  addUser,
  checkUserName,
  listUsers,
  type PublicKey,
  parsePublicKeys,
  RosterError,
  removeUser,
  setPasswordHash,
} from './roster.ts';

const SPEC: CommandSpec = {
  name: 'exolab roster',
  usage:
    'exolab roster add USER KEYFILE | remove USER | list | password USER [--clear] --data DIR [--json]',
  flags: {
    data: { type: 'string', value: 'DIR' },
    json: { type: 'boolean' },
    clear: { type: 'boolean' },
  },
};

export const ROSTER_HELP = `Manage who may log in to the lab server

Usage
  exolab roster add USER KEYFILE --data DIR     add USER (if new) with the public key(s) in KEYFILE
  exolab roster remove USER --data DIR          remove USER and their keys (work and grades stay)
  exolab roster list --data DIR [--json]        users, their number of keys, whether a password is set
  exolab roster password USER --data DIR        set USER's password, read from stdin (stored as scrypt)
  exolab roster password USER --clear --data DIR   keys only again

KEYFILE holds OpenSSH public keys, one a line (an id_ed25519.pub, or several). User names are
lower-case letters, digits, _ and -. Changes apply at the next login; no restart is needed.

Examples
  exolab roster add alice alice.pub --data /srv/exolab
  echo 'correct horse' | exolab roster password alice --data /srv/exolab
`;

export async function rosterCommand(argv: string[]): Promise<number> {
  const parsed = parseCommand(SPEC, argv);
  const answered = answerHelpOrVersion(parsed, ROSTER_HELP);
  if (answered !== null) return answered;
  const [action, user, file, extra] = parsed.input;
  const dir = parsed.flags.data as string | undefined;
  const want = (n: number) => {
    if (parsed.input.length !== n) {
      const bad = parsed.input[n] ?? 'nothing';
      throw new UsageError(
        `\`roster ${action}\`: unexpected ${n < parsed.input.length ? `argument \`${bad}\`` : 'end'}; usage: ${SPEC.usage}`,
      );
    }
  };
  if (action === undefined)
    throw new UsageError(`\`exolab roster\` needs an action; usage: ${SPEC.usage}`);
  if (!['add', 'remove', 'list', 'password'].includes(action))
    throw new UsageError(
      `unknown action \`${action}\`; actions: \`add\`, \`remove\`, \`list\`, \`password\`; usage: ${SPEC.usage}`,
    );
  if (dir === undefined)
    throw new UsageError(`\`exolab roster ${action}\` needs \`--data DIR\`; usage: ${SPEC.usage}`);
  void extra;
  // Every mistake in the words is reported before the data folder is touched.
  const arity = { list: 1, add: 3, remove: 2, password: 2 }[action] as number;
  if (action !== 'list' && user === undefined)
    throw new UsageError(`\`roster ${action}\` needs a USER; usage: ${SPEC.usage}`);
  if (action === 'add' && file === undefined)
    throw new UsageError(`\`roster add ${user}\` needs a KEYFILE; usage: ${SPEC.usage}`);
  want(arity);
  if (user !== undefined) {
    try {
      checkUserName(user);
    } catch (error) {
      throw new CliFailure((error as Error).message, 2);
    }
  }
  const keys = action === 'add' ? readKeys(file as string) : [];
  const db = openDb(dir);
  try {
    if (action === 'list') {
      const users = listUsers(db);
      if (parsed.flags.json) process.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
      else if (users.length === 0)
        process.stdout.write('no users yet: `exolab roster add USER KEYFILE --data DIR`\n');
      else
        for (const u of users)
          process.stdout.write(`${u.name}  ${u.keys} key(s)${u.password ? '  password' : ''}\n`);
      return 0;
    }
    if (user === undefined) return 2; // (checked above)
    if (action === 'add') {
      const added = addUser(db, user, keys);
      process.stdout.write(`${user}: ${added} key(s) added\n`);
    } else if (action === 'remove') {
      if (!removeUser(db, user)) throw new CliFailure(`no user \`${user}\` on the roster`);
      process.stdout.write(`${user} removed (workspace and grades kept)\n`);
    } else {
      const hash = parsed.flags.clear ? null : hashPassword(await readPassword());
      if (!setPasswordHash(db, user, hash))
        throw new CliFailure(`no user \`${user}\` on the roster; add them first`);
      process.stdout.write(`${user}: password ${hash === null ? 'cleared' : 'set'}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof RosterError) throw new CliFailure(error.message, 2);
    throw error;
  } finally {
    db.close();
  }
}

/** The public keys in `file`; a CliFailure naming the file or the bad line. */
function readKeys(file: string): PublicKey[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliFailure(`cannot read the key file \`${file}\``);
  }
  try {
    return parsePublicKeys(text, file);
  } catch (error) {
    throw new CliFailure((error as Error).message, 2);
  }
}

/** The first line of stdin, which must not be empty. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    process.stderr.write('password (one line; it is not shown if you pipe it): ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const password = text.split('\n')[0].replace(/\r$/, '');
  if (password.length < 8)
    throw new CliFailure(
      'the password must be at least 8 characters (read one line from stdin)',
      2,
    );
  return password;
}
