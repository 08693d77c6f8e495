/**
 * The TypeScript check of a student's files, given the compiler module: strict, ES2022 and the
 * lab's support files only (no DOM or Node types). Used on the grader's thread (compile.ts) and
 * in its type-check worker (typecheck-worker.ts), which is why it imports nothing.
 */
import type { Source } from './compile.ts';

/** `file:line:col: type error TSnnnn: …` lines, empty when the files check. */
export function checkWith(ts: typeof import('typescript'), sources: Source[]): string[] {
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
