/**
 * Student TypeScript, made ready to run at grade time: each file transpiled on its own with
 * esbuild (a syntax error comes back as `file:line:col: message`), optionally type-checked with
 * the TypeScript compiler against the lab's support files, and written as ES modules (with
 * inline source maps, so a stack trace names the student's own lines) into a fresh temporary
 * folder that the caller removes. Student files may import each other and the support files,
 * nothing else.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync, transformSync } from 'esbuild';
import { checkWith } from './typecheck.ts';

export interface Compiled {
  /** Folder holding NAME.mjs for each file. */
  dir: string;
  /** Problems as `file:line:col: message`; empty when the code may run. */
  errors: string[];
}

export interface Source {
  /** File name as the student sees it (bindings.ts). */
  name: string;
  text: string;
}

/** Reads `names` from `dir`; a missing file is an error line, not a throw. */
export function readSources(dir: string, names: string[]): { sources: Source[]; errors: string[] } {
  const sources: Source[] = [];
  const errors: string[] = [];
  for (const name of names) {
    try {
      sources.push({ name, text: readFileSync(join(dir, name), 'utf8') });
    } catch {
      errors.push(`${name}: file not found in ${dir}`);
    }
  }
  return { sources, errors };
}

/** Transpiles (and, when `typeCheck`, type-checks) the sources into a new temporary folder. */
export function transpileSources(sources: Source[]): Compiled {
  const dir = mkdtempSync(join(tmpdir(), 'exolab-grade-'));
  const errors: string[] = [];
  for (const { name, text } of sources) {
    try {
      const out = transformSync(text, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        sourcemap: 'inline',
        sourcefile: name,
      });
      writeFileSync(join(dir, name.replace(/\.ts$/, '.mjs')), rewriteImports(out.code));
    } catch (error) {
      errors.push(...syntaxErrors(name, error));
    }
  }
  return { dir, errors };
}

/** `./x.ts` imports point at the transpiled `./x.mjs`. */
function rewriteImports(code: string): string {
  return code.replace(
    /(from\s*|import\s*\(\s*|import\s+)(["'])(\.\/[^"']+)\.ts\2/g,
    '$1$2$3.mjs$2',
  );
}

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
}

function syntaxErrors(name: string, error: unknown): string[] {
  const messages = (error as { errors?: EsbuildMessage[] }).errors;
  if (!Array.isArray(messages) || messages.length === 0) return [`${name}: ${String(error)}`];
  return messages.map((m) =>
    m.location
      ? `${name}:${m.location.line}:${m.location.column + 1}: syntax error: ${m.text}`
      : `${name}: syntax error: ${m.text}`,
  );
}

/**
 * Type errors of the sources checked together (strict, no DOM or Node types: student code sees
 * only the lab's interface), or null when TypeScript is not installed. Synchronous, about 1 s:
 * the grader runs it while the tests run in their worker.
 */
export function typeErrors(sources: Source[]): string[] | null {
  // The same files always check the same: a re-grade of unchanged code skips the compiler.
  const cached = cacheFile(sources);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as string[];
  } catch {
    // not checked before
  }
  const errors = checkTypes(sources);
  if (errors !== null) {
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, JSON.stringify(errors));
  }
  return errors;
}

function checkTypes(sources: Source[]): string[] | null {
  let ts: typeof import('typescript');
  try {
    // require, not import: tsx's ESM hooks would transform the 9 MB compiler first (1 s more).
    ts = createRequire(import.meta.url)('typescript');
  } catch {
    return null;
  }
  return checkWith(ts, sources);
}

/**
 * typeErrors() off this thread (a shell that must keep drawing while it grades): the check runs
 * in a worker (typecheck-worker.ts, bundled once like the tests' worker) and is cached the same
 * way. Resolves to [] at once when `signal` is aborted (the worker is terminated).
 */
export function typeErrorsOffThread(
  sources: Source[],
  signal?: AbortSignal,
): Promise<string[] | null> {
  const cached = cacheFile(sources);
  try {
    return Promise.resolve(JSON.parse(readFileSync(cached, 'utf8')) as string[]);
  } catch {
    // not checked before
  }
  let tsPath: string;
  try {
    tsPath = createRequire(import.meta.url).resolve('typescript');
  } catch {
    return Promise.resolve(null);
  }
  const bundled = bundleTypeCheck();
  if (bundled === null) return Promise.resolve(typeErrors(sources));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(bundled, { workerData: { sources, tsPath } });
    } catch {
      // Workers not allowed here (a sandbox without --allow-worker): check on this thread.
      return resolve(typeErrors(sources));
    }
    let settled = false;
    const done = (errors: () => string[] | null) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      void worker.terminate();
      try {
        resolve(errors());
      } catch {
        resolve(null); // no check rather than a grader crash
      }
    };
    const cancel = () => done(() => []);
    signal?.addEventListener('abort', cancel);
    worker.on('message', (errors: string[] | null) => {
      done(() => {
        try {
          if (errors !== null) {
            mkdirSync(dirname(cached), { recursive: true });
            writeFileSync(cached, JSON.stringify(errors));
          }
        } catch {
          // No cache this time (a read-only temporary folder): the answer stands.
        }
        return errors;
      });
    });
    // A worker that could not check (it died, ran out of memory, ended without answering):
    // check on this thread instead.
    worker.on('error', () => done(() => typeErrors(sources)));
    worker.on('exit', () => done(() => typeErrors(sources)));
  });
}

function cacheFile(sources: Source[]): string {
  const key = createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 24);
  return join(tmpdir(), 'exolab-grader-cache', `types-${key}.json`);
}

const TYPECHECK_WORKER = fileURLToPath(new URL('./typecheck-worker.ts', import.meta.url));
const TYPECHECK_SOURCES = [
  TYPECHECK_WORKER,
  fileURLToPath(new URL('./typecheck.ts', import.meta.url)),
];

/** The type-check worker as one ES module in the grader's cache folder; null if it cannot be built. */
function bundleTypeCheck(): string | null {
  try {
    const stamp = TYPECHECK_SOURCES.map((f) => `${f}:${statSync(f).mtimeMs}`).join();
    const key = createHash('sha256').update(stamp).digest('hex').slice(0, 16);
    const file = join(tmpdir(), 'exolab-grader-cache', `typecheck-${key}.mjs`);
    if (existsSync(file)) return file;
    const result = buildSync({
      entryPoints: [TYPECHECK_WORKER],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // The worker requires the compiler by the path the main thread resolved.
      external: ['typescript'],
    });
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed, so a grader running at the same time never loads half a file.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, result.outputFiles[0]?.contents ?? '');
    renameSync(aside, file);
    return file;
  } catch {
    return null;
  }
}
