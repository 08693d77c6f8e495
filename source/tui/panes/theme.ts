/**
 * Colours and letters the panes share. Colour is never the only signal: every highlight also
 * has a character (`*` for a change, `[ ]` for the current slice, a letter per owner), because
 * Ink drops all styling when NO_COLOR is set.
 */
/** A colour name as Ink's `color` prop takes it. */
export type Colour = 'cyan' | 'green' | 'magenta' | 'yellow' | 'blue' | 'red' | 'gray';

const OWNER_COLOURS: Colour[] = ['cyan', 'green', 'magenta', 'yellow', 'blue', 'red'];

/** The colour of environment `id` in the frame map, the slice vector and the tables. */
export const ownerColour = (id: number): Colour =>
  OWNER_COLOURS[(((id - 1) % OWNER_COLOURS.length) + OWNER_COLOURS.length) % OWNER_COLOURS.length];

const LETTERS = '123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** One character for environment `id`: 1-9, then a-z, A-Z; `#` beyond. */
export const ownerLetter = (id: number): string => LETTERS[id - 1] ?? '#';

/** The mark shown beside an entry that changed since the previous snapshot. */
export const CHANGED = '*';

/** Colour of a changed value. */
export const CHANGED_COLOUR: Colour = 'yellow';

/** Colour of the focused pane's border and the selected tab. */
export const FOCUS_COLOUR: Colour = 'cyan';
