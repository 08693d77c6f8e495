/**
 * Standard input for a guest program. Piped input is read whole before the program starts (so
 * runs are reproducible); a terminal is read a line at a time, only when the program blocks
 * waiting for input. The terminal stays in cooked mode: it echoes, edits the line, turns
 * Ctrl-D into end of input and Ctrl-C into SIGINT.
 */

/** Reads all of a non-terminal stdin. */
export async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Lines from a terminal, one per request; null at end of input. */
export class TerminalLines {
  private buffered = '';
  private ended = false;
  private waiter: ((line: string | null) => void) | null = null;
  private listening = false;

  /** The next line including its newline, or null at end of input (or after cancel()). */
  next(): Promise<string | null> {
    const line = this.take();
    if (line !== undefined) return Promise.resolve(line);
    this.listen();
    process.stdin.resume();
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Answers a pending next() with null (Ctrl-C while waiting) and stops reading. */
  cancel(): void {
    this.ended = true;
    this.deliver();
    process.stdin.pause();
  }

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      this.buffered += chunk;
      this.deliver();
    });
    process.stdin.on('end', () => {
      this.ended = true;
      this.deliver();
    });
  }

  private deliver(): void {
    if (!this.waiter) return;
    const line = this.take();
    if (line === undefined) return;
    const resolve = this.waiter;
    this.waiter = null;
    process.stdin.pause();
    resolve(line);
  }

  /** A complete line, the unterminated tail at end, null when nothing is left, or undefined. */
  private take(): string | null | undefined {
    const nl = this.buffered.indexOf('\n');
    if (nl >= 0) {
      const line = this.buffered.slice(0, nl + 1);
      this.buffered = this.buffered.slice(nl + 1);
      return line;
    }
    if (!this.ended) return undefined;
    if (this.buffered === '') return null;
    const tail = this.buffered;
    this.buffered = '';
    return tail;
  }
}
