/**
 * Student TypeScript, made ready to run at grade time: each file transpiled on its own with
 * esbuild (a syntax error comes back as `file:line:col: message`), optionally type-checked with
 * the TypeScript compiler against the lab's support files, and written as ES modules (with
 * inline source maps, so a stack trace names the student's own lines) into a fresh temporary
 * folder that the caller removes. Student files may import each other and the support files,
 * nothing else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { transformSync } from 'esbuild';

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
  const key = createHash('sha256').update(JSON.stringify(sources)).digest('hex').slice(0, 24);
  const cached = join(tmpdir(), 'exolab-grader-cache', `types-${key}.json`);
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
  const root = '/__student__/';
  const files = new Map(sources.map((s) => [root + s.name, s.text]));
  const options: import('typescript').CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || (!f.startsWith(root) && fileExists(f));
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) =>
    `${d}/` === root || d.startsWith(root) || (directoryExists?.(d) ?? true);
  host.realpath = (f) => f;
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = files.get(f);
    return text !== undefined
      ? ts.createSourceFile(f, text, lang, true)
      : getSourceFile(f, lang, onError, create);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (d.file === undefined || d.start === undefined) return `type error: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const name = d.file.fileName.startsWith(root)
      ? d.file.fileName.slice(root.length)
      : d.file.fileName;
    return `${name}:${line + 1}:${character + 1}: type error TS${d.code}: ${text}`;
  });
}
