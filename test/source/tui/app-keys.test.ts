// The TUI's newer keys through ink-testing-library (source/tui/App.tsx): Ctrl-R history search,
// quit confirmation, back (F7) and step (F8), pane focus and zoom. Each test writes keys and
// waits for the frame it expects.
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, expect, test } from 'vitest';
import { App, type AppProps } from '../../../source/tui/App.tsx';
import { bootDemo, WELCOME } from '../../../source/tui/boot.ts';
import { waitForFrame } from './wait-for-frame.ts';

const ENTER = '\r';
const ESCAPE = '\u001b';
const CTRL_R = '\u0012';
const CTRL_G = '\u0007';

let instance: ReturnType<typeof render> | null = null;
afterEach(() => {
  instance?.unmount();
  instance = null;
});

function start(props: Partial<AppProps> = {}) {
  const { session, lines } = bootDemo();
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

async function keys(stdin: { write: (s: string) => void }, ...chunks: string[]) {
  for (const chunk of chunks) {
    stdin.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('Ctrl-R finds an earlier line as it is typed; Ctrl-R again goes further; Enter runs it', async () => {
  const { lastFrame, stdin } = start({
    history: ['mem 0x1000 16', 'envs', 'mem 0x2000 16', 'tlb'],
  });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, CTRL_R);
  await waitForFrame(lastFrame, "(reverse-i-search)`':");
  await keys(stdin, 'm', 'e');
  await waitForFrame(lastFrame, "(reverse-i-search)`me': mem 0x2000 16");
  await keys(stdin, CTRL_R);
  await waitForFrame(lastFrame, "(reverse-i-search)`me': mem 0x1000 16");
  await keys(stdin, CTRL_R);
  await waitForFrame(lastFrame, "(failed reverse-i-search)`me': mem 0x1000 16");
  await keys(stdin, ENTER);
  await waitForFrame(lastFrame, /demo> mem 0x1000 16\n/);
});

test('Escape and Ctrl-G cancel a search and give back the line being typed', async () => {
  const { lastFrame, stdin } = start({ history: ['tlb'] });
  await waitForFrame(lastFrame, WELCOME);
  await keys(stdin, 'en', CTRL_R, 't');
  await waitForFrame(lastFrame, "`t': tlb");
  await keys(stdin, ESCAPE);
  await waitForFrame(lastFrame, /^demo> en$/m);
  await keys(stdin, CTRL_R, 'tl', CTRL_G);
  await waitForFrame(lastFrame, /^demo> en$/m);
});
