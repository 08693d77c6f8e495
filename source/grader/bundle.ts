/**
 * A submission bundle: one JSON file holding the student's files for one lab, a manifest of
 * them (name, size, SHA-256) and a hash over the whole content, so the lab server (or an
 * instructor) can tell the bundle arrived intact. The hash covers the lab and the files only,
 * so the same work always gives the same hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './labs.ts';
import type { WorkspaceState } from './workspace.ts';

export const BUNDLE_FORMAT = 'exolab-submission/1';

export interface BundleFile {
  name: string;
  size: number;
  sha256: string;
  content: string;
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  lab: { id: string; number: number; title: string };
  files: BundleFile[];
  /** SHA-256 over the lab id and each file's name and hash, in order. */
  sha256: string;
  /** When it was made (not hashed). */
  created: string;
  lastGrade?: WorkspaceState['lastGrade'];
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

export function contentHash(labId: string, files: { name: string; sha256: string }[]): string {
  return sha([labId, ...files.map((f) => `${f.name}\0${f.sha256}`)].join('\n'));
}

export function makeBundle(
  lab: { id: string; number: number; title: string },
  dir: string,
  names: string[],
  lastGrade?: WorkspaceState['lastGrade'],
): Bundle {
  const files = names.map((name) => {
    let content: string;
    try {
      content = readFileSync(join(dir, name), 'utf8');
    } catch {
      throw new LabError(`${join(dir, name)}: not found; a submission holds ${names.join(', ')}`);
    }
    return { name, size: Buffer.byteLength(content), sha256: sha(content), content };
  });
  return {
    format: BUNDLE_FORMAT,
    lab,
    files,
    sha256: contentHash(lab.id, files),
    created: new Date().toISOString(),
    ...(lastGrade ? { lastGrade } : {}),
  };
}

/** Checks a bundle read back: its format and every hash. Returns the problems (none: intact). */
export function verifyBundle(value: unknown): string[] {
  const b = value as Bundle;
  if (b?.format !== BUNDLE_FORMAT || !Array.isArray(b.files) || typeof b.lab?.id !== 'string') {
    return [`not an exolab submission (format ${BUNDLE_FORMAT})`];
  }
  const problems: string[] = [];
  for (const f of b.files) {
    if (sha(f.content) !== f.sha256) problems.push(`${f.name}: content does not match its hash`);
  }
  if (contentHash(b.lab.id, b.files) !== b.sha256)
    problems.push('the bundle hash does not match its files');
  return problems;
}
