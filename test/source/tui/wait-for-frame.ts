/**
 * Waiting for an ink-testing-library frame: frames update asynchronously, so a test polls the
 * last frame until it shows what is expected (or times out with the frame it last saw). Frames
 * are compared without their colours and attributes.
 */
import { stripVTControlCharacters } from 'node:util';

export async function waitForFrame(
  lastFrame: () => string | undefined,
  expected: string | RegExp | ((frame: string) => boolean),
  timeoutMs = 5000,
): Promise<string> {
  const matches =
    typeof expected === 'function'
      ? expected
      : (frame: string) =>
          typeof expected === 'string' ? frame.includes(expected) : expected.test(frame);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = stripVTControlCharacters(lastFrame() ?? '');
    if (matches(frame)) return frame;
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${String(expected)}; last frame:\n${frame}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
