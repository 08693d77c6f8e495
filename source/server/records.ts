/**
 * What the server records about work: submissions (the files as they were, copied out of the
 * workspace) and grades. The order is what makes "nothing acknowledged is lost" true: the copy
 * is on disk before its row is committed, the row is committed before the student is told its
 * number, and a grade is committed before the student sees it. A submission still `pending`
 * after a crash is graded again at the next start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Db, now } from './db.ts';

export interface Submission {
  id: number;
  user: string;
  lab: number;
  kind: 'submit' | 'grade';
  /** The folder holding the copied files. */
  files: string;
  status: 'pending' | 'graded' | 'failed';
  created_at: string;
}

export interface GradeRow {
  submission: number;
  user: string;
  lab: number;
  official: number;
  score: number;
  max_score: number;
  graded_at: string;
}

export class SubmissionError extends Error {
  override readonly name = 'SubmissionError';
}

/**
 * Copies `workspace` into a new folder under `into` (regular files and folders only: links
 * are left out; at most `maxBytes`), then records the submission; returns it.
 */
export function createSubmission(
  db: Db,
  o: {
    user: string;
    lab: number;
    kind: 'submit' | 'grade';
    workspace: string;
    into: string;
    maxBytes: number;
  },
): Submission {
  const stamp = now().replace(/[:.]/g, '-');
  const files = path.join(o.into, `${o.user}-lab${o.lab}-${o.kind}-${stamp}-${process.pid}`);
  fs.mkdirSync(files, { recursive: true, mode: 0o700 });
  try {
    copyTree(o.workspace, files, { left: o.maxBytes });
  } catch (error) {
    fs.rmSync(files, { recursive: true, force: true });
    throw error;
  }
  const info = db
    .prepare('INSERT INTO submissions (user, lab, kind, files, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(o.user, o.lab, o.kind, files, now());
  return getSubmission(db, Number(info.lastInsertRowid)) as Submission;
}

function copyTree(from: string, to: string, budget: { left: number }): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(b, { mode: 0o700 });
      copyTree(a, b, budget);
    } else if (entry.isFile()) {
      const bytes = fs.readFileSync(a);
      budget.left -= bytes.length;
      if (budget.left < 0) {
        throw new SubmissionError(
          'your workspace holds too much to submit; remove large files (`sftp` `rm`) and try again',
        );
      }
      const fd = fs.openSync(b, 'wx', 0o600);
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
  }
}

export function getSubmission(db: Db, id: number): Submission | undefined {
  return db.prepare('SELECT * FROM submissions WHERE id = ?').get(id) as Submission | undefined;
}

export function pendingSubmissions(db: Db): Submission[] {
  return db
    .prepare("SELECT * FROM submissions WHERE status = 'pending' ORDER BY id")
    .all() as Submission[];
}

/** Records the grade of a pending submission and marks it graded, in one transaction. */
export function recordGrade(
  db: Db,
  s: Submission,
  g: { score: number; maxScore: number; results: unknown },
): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO grades (submission, user, lab, official, score, max_score, results, graded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.id,
      s.user,
      s.lab,
      s.kind === 'submit' ? 1 : 0,
      g.score,
      g.maxScore,
      JSON.stringify(g.results),
      now(),
    );
    db.prepare("UPDATE submissions SET status = 'graded' WHERE id = ?").run(s.id);
  })();
}

/** Marks a submission whose grading could not be done (the grader broke, not the student). */
export function markFailed(db: Db, id: number): void {
  db.prepare("UPDATE submissions SET status = 'failed' WHERE id = ?").run(id);
}

/** A user's grades, newest first. */
export function gradesOf(db: Db, user: string): GradeRow[] {
  return db
    .prepare('SELECT * FROM grades WHERE user = ? ORDER BY submission DESC')
    .all(user) as GradeRow[];
}

/** Every official grade, for the instructor's export: the latest submission per user and lab. */
export function officialGrades(db: Db): GradeRow[] {
  return db
    .prepare(
      `SELECT g.* FROM grades g
       WHERE g.official = 1 AND g.submission = (
         SELECT max(h.submission) FROM grades h WHERE h.official = 1 AND h.user = g.user AND h.lab = g.lab)
       ORDER BY g.user, g.lab`,
    )
    .all() as GradeRow[];
}
