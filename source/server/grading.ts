/**
 * Grading on the server: `ssh host grade N` (practice: the lab's visible tests) and
 * `ssh host submit N` (official: with the instructor's hidden tests from DIR/hidden-tests/N/).
 * Each request copies the workspace into a submission (records.ts), then runs the grader on that
 * copy in a separate process (sandbox.ts) — at most `concurrency` at once, the rest wait in line
 * — and commits the grade before telling the student. A submission left pending by a crash or a
 * shutdown is graded at the next start (resumePending).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Db } from './db.ts';
import { type GraderResults, parseResults, reportLines } from './grade-report.ts';
import type { ServerLimits } from './limits.ts';
import type { Logger } from './log.ts';
import {
  createSubmission,
  getSubmission,
  markFailed,
  pendingSubmissions,
  recordGrade,
  type Submission,
} from './records.ts';
import { runSandboxed } from './sandbox.ts';
import { hiddenTestsDir, submissionsDir } from './workspace.ts';

/** How to run the grader on one submission's files (cwd = those files). */
export interface GraderSpec {
  entry: string;
  args(lab: number, hiddenTests: string | null): string[];
  /** Folders it may read besides the submission and the hidden tests. */
  read: string[];
  /** More it may read, given the folder it runs in. */
  readFor?: (cwd: string) => string[];
  /** Permissions beyond files the grader needs (see sandbox.ts). */
  allow?: string[];
}

export interface GradingOptions {
  db: Db;
  dir: string;
  limits: ServerLimits;
  log: Logger;
  /** The grader, or why there is none on this server. */
  grader: GraderSpec | { unavailable: string };
  concurrency: number;
}

export interface GradeAnswer {
  ok: boolean;
  lines: string[];
}

export class GradingService {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly children = new Set<Promise<unknown>>();
  private stopping = false;
  private readonly abort = new AbortController();

  constructor(private readonly o: GradingOptions) {}

  /**
   * Handles one request; `tell` gets lines as they become true (the submission number once it
   * is committed, then the grade once it is committed).
   */
  async request(
    user: string,
    workspace: string,
    lab: number,
    kind: 'submit' | 'grade',
    tell: (line: string) => void,
  ): Promise<GradeAnswer> {
    const grader = this.o.grader;
    if ('unavailable' in grader && kind === 'grade')
      return {
        ok: false,
        lines: [`grading is not available on this server: ${grader.unavailable}`],
      };
    const s = createSubmission(this.o.db, {
      user,
      lab,
      kind,
      workspace,
      into: submissionsDir(this.o.dir),
      maxBytes: this.o.limits.maxSubmissionBytes,
    });
    this.o.log.log('submission', { user, lab, kind, submission: s.id });
    if (kind === 'submit')
      tell(`submission #${s.id} of lab ${lab} is recorded (your files as of now)`);
    if ('unavailable' in grader)
      return {
        ok: true,
        lines: [`it will be graded once grading is available (${grader.unavailable})`],
      };
    if (this.running >= this.o.concurrency)
      tell(`waiting for a grader (${this.waiting.length + 1} ahead of you)…`);
    return this.grade(s);
  }

  /** Grades every submission left pending (in the background); returns how many. */
  resumePending(): number {
    // Scratch folders of gradings cut short (a crash) are of no more use.
    clearStale(gradingTemp(this.o.dir));
    if ('unavailable' in this.o.grader) return 0;
    const pending = pendingSubmissions(this.o.db);
    for (const s of pending) {
      this.o.log.log('grade-resume', { user: s.user, lab: s.lab, submission: s.id });
      void this.grade(s);
    }
    return pending.length;
  }

  /** Stops taking work and gradings under way (their submissions stay pending: graded at the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    for (const w of this.waiting.splice(0)) w();
    await Promise.allSettled([...this.children]);
  }

  private async grade(s: Submission): Promise<GradeAnswer> {
    await this.slot();
    try {
      if (this.stopping) return shutdownAnswer(s);
      const job = this.runGrader(s);
      this.children.add(job);
      const answer = await job.finally(() => this.children.delete(job));
      return this.stopping && getSubmission(this.o.db, s.id)?.status === 'pending'
        ? shutdownAnswer(s)
        : answer;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async slot(): Promise<void> {
    if (this.running < this.o.concurrency || this.stopping) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
  }

  private async runGrader(s: Submission): Promise<GradeAnswer> {
    const grader = this.o.grader as GraderSpec;
    const official = s.kind === 'submit';
    const hidden = path.join(hiddenTestsDir(this.o.dir), String(s.lab));
    const hiddenTests = official && fs.existsSync(hidden) ? hidden : null;
    const temp = fs.mkdtempSync(path.join(gradingTemp(this.o.dir), 'grade-'));
    // The grader runs on a scratch copy it may write to (exolab grade records its last grade
    // in the workspace); the submission's own files stay as they were submitted.
    const work = path.join(temp, 'work');
    fs.cpSync(s.files, work, { recursive: true });
    const started = Date.now();
    this.o.log.log('grade-start', { user: s.user, lab: s.lab, submission: s.id, official });
    try {
      const result = await runSandboxed({
        entry: grader.entry,
        args: grader.args(s.lab, hiddenTests),
        cwd: work,
        read: [
          ...(hiddenTests ? [hiddenTests] : []),
          ...grader.read,
          ...(grader.readFor?.(work) ?? []),
        ],
        writeDir: temp,
        memoryMb: this.o.limits.gradeHeapMb,
        timeoutMs: this.o.limits.gradeTimeoutMs,
        allow: grader.allow,
        signal: this.abort.signal,
      });
      if (result.killed === 'aborted') return shutdownAnswer(s);
      const results = parseResults(result.stdout);
      const ms = Date.now() - started;
      if (results === null) return this.failed(s, result, ms);
      recordGrade(this.o.db, s, { score: results.score, maxScore: results.max_score, results });
      this.o.log.log('grade', {
        user: s.user,
        lab: s.lab,
        submission: s.id,
        official,
        score: results.score,
        max: results.max_score,
        ms,
      });
      // As `exolab grade` does: status 0 for full marks; a submission that was graded is done.
      return {
        ok: official || results.score >= results.max_score,
        lines: studentView(results, official),
      };
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }

  private failed(
    s: Submission,
    r: Awaited<ReturnType<typeof runSandboxed>>,
    ms: number,
  ): GradeAnswer {
    const memory = r.killed === 'memory' || /heap out of memory/i.test(r.stderr);
    const why =
      r.killed === 'time'
        ? `it ran longer than ${Math.round(this.o.limits.gradeTimeoutMs / 1000)} s`
        : memory
          ? `it used more than ${this.o.limits.gradeHeapMb} MiB`
          : (r.stderr.trim().split('\n').pop() ?? `exit status ${r.status}`);
    // Over the limits is the student's work and gets a zero; anything else is the grader's fault.
    if (r.killed !== null || memory) {
      const results: GraderResults = {
        score: 0,
        max_score: 0,
        tests: [{ name: 'limits', status: 'failed', output: why }],
      };
      recordGrade(this.o.db, s, { score: 0, maxScore: 0, results });
      this.o.log.log('grade', {
        user: s.user,
        lab: s.lab,
        submission: s.id,
        score: 0,
        stopped: r.killed ?? 'memory',
        ms,
      });
      return { ok: false, lines: [`grading stopped: ${why}; recorded as 0`] };
    }
    markFailed(this.o.db, s.id);
    this.o.log.log('grade-failed', {
      user: s.user,
      lab: s.lab,
      submission: s.id,
      status: r.status,
      why,
      ms,
      stderr: r.stderr.slice(-2000),
    });
    return {
      ok: false,
      lines: [`grading failed: ${why}`, 'your submission is kept; tell your instructor'],
    };
  }
}

/** DIR/tmp: the graders' scratch folders (inside the data folder, so a crash leaves no litter elsewhere). */
function gradingTemp(dir: string): string {
  const temp = path.join(dir, 'tmp');
  fs.mkdirSync(temp, { recursive: true, mode: 0o700 });
  return temp;
}

/** Removes scratch folders older than an hour (no grading runs that long). */
function clearStale(temp: string): void {
  for (const name of fs.readdirSync(temp)) {
    const p = path.join(temp, name);
    try {
      if (Date.now() - fs.statSync(p).mtimeMs > 3600_000)
        fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}

function shutdownAnswer(s: Submission): GradeAnswer {
  return {
    ok: false,
    lines: [
      `the server is shutting down; submission #${s.id} is kept and will be graded when it is back (\`ssh … grades\`)`,
    ],
  };
}

/** Hidden tests' names and output are not shown before grades are published. */
function studentView(r: GraderResults, official: boolean): string[] {
  const tests = r.tests.map((t) =>
    (t as { visibility?: string }).visibility === 'hidden'
      ? { ...t, name: 'hidden test', output: undefined }
      : t,
  );
  return reportLines({ ...r, tests }, official);
}
