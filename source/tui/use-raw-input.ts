/**
 * The raw bytes of the key being handled. Ink's Key cannot tell F1 from nothing, or the Delete
 * key from Backspace; this listener runs before useInput's (it is registered first, and never
 * re-registered) and leaves the raw sequence in a ref for the key handler to look at.
 */
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';

export function useRawInput(): { current: string } {
  const { internal_eventEmitter: emitter } = useStdin();
  const raw = useRef('');
  useEffect(() => {
    const listener = (data: string) => {
      raw.current = data;
    };
    emitter.prependListener('input', listener);
    return () => {
      emitter.off('input', listener);
    };
  }, [emitter]);
  return raw;
}

/** Raw sequences of F1 (xterm, VT100, Linux console, rxvt). */
export const F1_KEYS = ['\u001bOP', '\u001b[11~', '\u001b[[A', '\u001b[1P'];

/** Raw sequences of F6, F7 and F8 (xterm and the Linux console alike), and of Shift-Tab. */
export const F6_KEYS = ['\u001b[17~'];
export const F7_KEYS = ['\u001b[18~'];
export const F8_KEYS = ['\u001b[19~'];
export const SHIFT_TAB = '\u001b[Z';
