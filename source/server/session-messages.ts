/**
 * The messages between the server's thread and a session worker (tui-worker.ts). The server
 * passes the channel's bytes in and the terminal's size; the worker sends the screen out and
 * says when the user left and when the machine is saved.
 */
export interface SessionWorkerData {
  user: string;
  /** The workspace (a real path): the folder `load` reads from. */
  workspace: string;
  /** The saved machine (machine-state.ts). */
  machine: string;
  history: string;
  /** exolab's folder, whose examples/ `load` may also read. */
  exolabHome: string;
  columns: number;
  rows: number;
}

export type ToWorker =
  | { type: 'input'; data: string }
  | { type: 'resize'; columns: number; rows: number }
  /** Save and stop: the user went away, the session was idle, or the server is stopping. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'output'; data: string }
  /** The machine is restored (or new) and the TUI is drawn. */
  | { type: 'ready'; commands: number; cycles: number }
  /** The user left (quit, exit, Ctrl-D); the machine is saved. */
  | { type: 'left' }
  /** After `close`: the machine is saved. */
  | { type: 'saved' };
