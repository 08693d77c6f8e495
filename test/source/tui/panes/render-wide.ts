/**
 * ink-testing-library's render with a terminal of any width: its own stdout is fixed at 100
 * columns, and Ink cuts what lies beyond the terminal, so wide layouts need a wider fake.
 */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

class WideStdout extends EventEmitter {
  frame: string | undefined;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frame = frame;
    return true;
  };
}

class QuietStdin extends EventEmitter {
  isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => null;
}

/** Renders `tree` on a columns × rows terminal; lastFrame and unmount as ink-testing-library's. */
export function renderWide(tree: ReactElement, columns: number, rows: number) {
  const stdout = new WideStdout(columns, rows);
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new WideStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: new QuietStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { lastFrame: () => stdout.frame, unmount: () => instance.unmount() };
}
