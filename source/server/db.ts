/**
 * The server's database (better-sqlite3) in DIR/exolab.db: the roster (users, keys), sessions,
 * submissions and grades. WAL with synchronous=FULL: once a write transaction returns, it is on
 * disk, so a grade that was reported to a student survives a crash of the server or the host.
 *
 * Tables
 *   users(name, password)                  password: scrypt hash or NULL (keys only)
 *   keys(user, algo, blob, fingerprint, comment)   blob: the public key in SSH wire form
 *   sessions(user, address, kind, started_at, ended_at, end_reason)
 *   submissions(user, lab, kind, files, status, created_at)   kind: submit | grade;
 *                                          status: pending | graded | failed
 *   grades(submission, user, lab, official, score, max_score, results, graded_at)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY,
  password TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS keys (
  id INTEGER PRIMARY KEY,
  user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  algo TEXT NOT NULL,
  blob BLOB NOT NULL,
  fingerprint TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  UNIQUE (user, blob)
);
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  user TEXT NOT NULL,
  address TEXT NOT NULL,
  kind TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  end_reason TEXT
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  user TEXT NOT NULL,
  lab INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('submit', 'grade')),
  files TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'graded', 'failed')),
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grades (
  id INTEGER PRIMARY KEY,
  submission INTEGER NOT NULL UNIQUE REFERENCES submissions(id),
  user TEXT NOT NULL,
  lab INTEGER NOT NULL,
  official INTEGER NOT NULL,
  score REAL NOT NULL,
  max_score REAL NOT NULL,
  results TEXT NOT NULL,
  graded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS grades_by_user ON grades(user, lab);
`;

/** Opens (creating if needed) the database in `dir`. */
export function openDb(dir: string): Db {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dir, 'exolab.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/** The current time as stored (ISO 8601, UTC). */
export const now = (): string => new Date().toISOString();
