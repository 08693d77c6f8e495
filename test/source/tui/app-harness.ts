/**
 * The TUI app (source/tui/App.tsx) under ink-testing-library for the app's tests: started on the
 * demo machine at 100×30 with the panes' placeholder, and keys written one at a time as a
 * terminal would. A test file calls `afterEach(stopApp)` so each test's app is unmounted.
 */
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { App, type AppProps } from '../../../source/tui/App.tsx';
import { bootDemo } from '../../../source/tui/boot.ts';
import { installFastOutput } from '../../../source/tui/fast-output.ts';

let instance: ReturnType<typeof render> | null = null;

/** The app on the demo machine at 100×30, with the panes' placeholder (props override). */
export function startApp(props: Partial<AppProps> = {}) {
  const { session, lines } = bootDemo();
  // The shell draws through exolab's frame buffer wherever it runs; so do its tests.
  installFastOutput();
  instance = render(
    createElement(App, {
      session,
      initialLines: lines,
      Panes: null,
      columns: 100,
      rows: 30,
      sliceCycles: 4096,
      ...props,
    }),
  );
  return { ...instance, session };
}

/** Unmounts the app the last startApp made, if any. */
export function stopApp(): void {
  instance?.unmount();
  instance = null;
}

/** Writes each string, one key (or chunk) at a time, as a terminal would. */
export async function keys(stdin: { write: (s: string) => void }, ...chunks: string[]) {
  for (const chunk of chunks) {
    stdin.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
