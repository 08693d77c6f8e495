/**
 * Where each user's things live under the data folder DIR:
 *   DIR/users/NAME/     the workspace: the user's files, what SFTP shows as `/`, the current
 *                       folder of the shell and of `grade`
 *   DIR/state/NAME/     the saved machine and the command history (not reachable by SFTP,
 *                       so a student cannot corrupt them by accident)
 *   DIR/submissions/ID/ the files of submission ID, copied when it was made
 *   DIR/hidden-tests/   the instructor's hidden tests, by lab, for official grading
 *   DIR/tmp/            the graders' scratch folders
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface UserPaths {
  workspace: string;
  state: string;
  /** The saved machine (machine-state.ts). */
  machine: string;
  history: string;
}

export function userPaths(dir: string, user: string): UserPaths {
  const workspace = path.join(dir, 'users', user);
  const state = path.join(dir, 'state', user);
  return {
    workspace,
    state,
    machine: path.join(state, 'machine.exosession'),
    history: path.join(state, 'history'),
  };
}

/** Creates the user's folders if missing (mode 0700: other local users cannot look in). */
export function ensureUserFolders(dir: string, user: string): UserPaths {
  const p = userPaths(dir, user);
  fs.mkdirSync(p.workspace, { recursive: true, mode: 0o700 });
  fs.mkdirSync(p.state, { recursive: true, mode: 0o700 });
  return p;
}

export const submissionsDir = (dir: string): string => path.join(dir, 'submissions');
export const hiddenTestsDir = (dir: string): string => path.join(dir, 'hidden-tests');
