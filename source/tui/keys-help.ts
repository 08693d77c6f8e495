/** Every key of the TUI, for the help overlay (? or F1). */

export interface KeyHelp {
  keys: string;
  what: string;
}

export const KEY_HELP: { title: string; keys: KeyHelp[] }[] = [
  {
    title: 'REPL line',
    keys: [
      { keys: 'Enter', what: 'run the command' },
      { keys: 'Tab', what: 'complete; a second Tab lists the candidates' },
      { keys: '← → / Ctrl-B Ctrl-F', what: 'move the cursor' },
      { keys: 'Home End / Ctrl-A Ctrl-E', what: 'start / end of the line' },
      { keys: 'Backspace / Delete', what: 'delete before / at the cursor' },
      { keys: 'Ctrl-W', what: 'delete the word before the cursor' },
      { keys: 'Ctrl-U / Ctrl-K', what: 'delete to the start / to the end' },
      { keys: '↑ ↓ / Ctrl-P Ctrl-N', what: 'earlier / later commands (history)' },
      { keys: 'Ctrl-R', what: 'search history back; again: older match; Esc/Ctrl-G cancel' },
    ],
  },
  {
    title: 'Screen',
    keys: [
      { keys: 'PageUp PageDown', what: 'scroll the output' },
      { keys: 'Alt-1 … Alt-7', what: 'show that pane (7 Lab: your lab step and grade)' },
      { keys: '? (on an empty line), F1', what: 'this help; Escape, ? or F1 closes it' },
      { keys: 'Ctrl-C', what: 'stop a run or cancel a grade; else clear the line' },
      { keys: 'F7 / F8', what: 'one step back (exact, by replay) / one step forward' },
      {
        keys: 'Ctrl-D (empty line), quit, exit',
        what: 'leave; with unsaved work: s save, y leave, n stay',
      },
    ],
  },
  {
    title: 'Panes',
    keys: [
      { keys: 'F6 / Shift-Tab', what: 'keyboard to the next / previous pane, then the line' },
      {
        keys: '↑ ↓ PageUp PageDown Home End',
        what: 'scroll the focused pane (memory: move the hex view)',
      },
      { keys: 'z or Enter', what: 'zoom the focused pane to the whole screen, and back' },
      {
        keys: 'k / e / a (log pane)',
        what: 'filter the event log by kind / environment / show all',
      },
      { keys: 'Escape', what: 'unzoom; again: back to the REPL line' },
    ],
  },
];
