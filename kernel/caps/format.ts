/**
 * The two outside forms of a capability and their parsers: four words (what MIPS code passes
 * in registers or memory; layout in capability.ts) and a printable string for the REPL:
 *
 *   cap:<kind>:<index>:<rights>:e<epoch>:<mac>      e.g.  cap:frame:42:rw:e3:9f2c0a1be4d57788
 *
 * <index> and <epoch> are decimal; <rights> is a subset of `rwg` in that order, or `-` for
 * none; <mac> is the 64-bit MAC as 16 hex digits (words 2 then 3).
 *
 * Decoding checks only the shape, never the MAC: a decoded capability still goes through
 * check(). Malformed input gives { ok: false, error } with a message that quotes the bad token
 * and shows the right form; the decoders never throw.
 */
import {
  type Capability,
  CapResult,
  check,
  EPOCH_MAX,
  headerWords,
  INDEX_MAX,
  isRights,
  KIND_CODES,
  RESOURCE_KINDS,
  type Resource,
  type ResourceKind,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
} from './capability.ts';
import type { KernelSecret } from './secret.ts';

export type DecodeResult =
  | { readonly ok: true; readonly cap: Capability }
  | { readonly ok: false; readonly error: string };

/** The four packed words as unsigned 32-bit numbers. */
export type CapWords = readonly [number, number, number, number];

export const PRINTABLE_FORM = 'cap:<kind>:<index>:<rights>:e<epoch>:<16 hex digits>';

const RIGHT_LETTERS: readonly [string, number][] = [
  ['r', RIGHT_READ],
  ['w', RIGHT_WRITE],
  ['g', RIGHT_GRANT],
];

const hex8 = (word: number): string => word.toString(16).padStart(8, '0');

/** Pack a capability into its four words. Precondition: isWellFormed(cap). */
export function encodeWords(cap: Capability): CapWords {
  const [w0, w1] = headerWords(cap.kind, cap.index, cap.rights, cap.epoch);
  return [w0, w1, cap.macHi >>> 0, cap.macLo >>> 0];
}

/** Rights as letters, e.g. 5 → `rg`, 0 → `-`. */
export function formatRights(rights: number): string {
  const letters = RIGHT_LETTERS.filter(([, bit]) => rights & bit).map(([letter]) => letter);
  return letters.length === 0 ? '-' : letters.join('');
}

/** The printable form. Precondition: isWellFormed(cap). */
export function formatCapability(cap: Capability): string {
  const mac = hex8(cap.macHi) + hex8(cap.macLo);
  return `cap:${cap.kind}:${cap.index}:${formatRights(cap.rights)}:e${cap.epoch}:${mac}`;
}

const fail = (error: string): DecodeResult => ({ ok: false, error });

/** Accept a register value whether the caller reads it signed or unsigned. */
function asWord(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  return value >= -0x80000000 && value <= 0xffffffff ? value >>> 0 : undefined;
}

/** Kind for a packed kind code, if it is one. */
function kindOfCode(code: number): ResourceKind | undefined {
  return RESOURCE_KINDS.find((kind) => KIND_CODES[kind] === code);
}

/** Unpack four words (signed or unsigned 32-bit integers). */
export function decodeWords(words: readonly number[]): DecodeResult {
  if (words.length !== 4) return fail(`a capability is 4 words, got ${words.length}`);
  const unsigned = words.map(asWord);
  const bad = unsigned.indexOf(undefined);
  if (bad >= 0) return fail(`word ${bad} \`${String(words[bad])}\` is not a 32-bit integer`);
  const [w0, w1, macHi, macLo] = unsigned as number[];
  const kind = kindOfCode(w0 >>> 24);
  if (kind === undefined) return fail(`word 0 \`0x${hex8(w0)}\` has unknown kind ${w0 >>> 24}`);
  const rights = w1 >>> 24;
  if (!isRights(rights)) return fail(`word 1 \`0x${hex8(w1)}\` has reserved rights bits set`);
  return {
    ok: true,
    cap: { kind, index: w0 & INDEX_MAX, rights, epoch: w1 & EPOCH_MAX, macHi, macLo },
  };
}

/** Parse a decimal field with no sign, no leading zeros, at most `max`. */
function parseDecimal(text: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]{0,7})$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

/** Parse a rights field: a subset of `rwg` in that order, or `-`. */
function parseRights(text: string): number | undefined {
  if (text === '-') return 0;
  const match = /^(r?)(w?)(g?)$/.exec(text);
  if (match === null || text === '') return undefined;
  return (match[1] ? RIGHT_READ : 0) | (match[2] ? RIGHT_WRITE : 0) | (match[3] ? RIGHT_GRANT : 0);
}

/** Parse the printable form; hex digits of the MAC may be either case. */
export function parseCapability(text: string): DecodeResult {
  const quoted = `\`${text}\``;
  const bad = (why: string): DecodeResult =>
    fail(`Bad capability ${quoted}: ${why}; the form is ${PRINTABLE_FORM}`);
  const parts = text.trim().split(':');
  if (parts.length !== 6 || parts[0] !== 'cap') {
    return bad('expected 6 fields separated by `:` starting with `cap`');
  }
  const [, kindText, indexText, rightsText, epochText, macText] = parts;
  if (!RESOURCE_KINDS.includes(kindText as ResourceKind)) {
    return bad(`unknown kind \`${kindText}\` (kinds: ${RESOURCE_KINDS.join(', ')})`);
  }
  const index = parseDecimal(indexText, INDEX_MAX);
  if (index === undefined) return bad(`index \`${indexText}\` is not a number 0..${INDEX_MAX}`);
  const rights = parseRights(rightsText);
  if (rights === undefined) return bad(`rights \`${rightsText}\` are not a subset of \`rwg\``);
  const epoch = epochText.startsWith('e') ? parseDecimal(epochText.slice(1), EPOCH_MAX) : undefined;
  if (epoch === undefined) return bad(`epoch \`${epochText}\` is not e0..e${EPOCH_MAX}`);
  if (!/^[0-9a-fA-F]{16}$/.test(macText)) return bad(`mac \`${macText}\` is not 16 hex digits`);
  const macHi = Number.parseInt(macText.slice(0, 8), 16);
  const macLo = Number.parseInt(macText.slice(8), 16);
  return { ok: true, cap: { kind: kindText as ResourceKind, index, rights, epoch, macHi, macLo } };
}

/**
 * check() for a capability as MIPS code presents it ($a0..$a3 or four words of memory):
 * malformed words are BADCAP like any other forgery.
 */
export function checkWords(
  secret: KernelSecret,
  words: readonly number[],
  epochOf: (resource: Resource) => number | undefined,
  needed: number,
): CapResult {
  const decoded = decodeWords(words);
  return decoded.ok ? check(secret, decoded.cap, epochOf, needed) : CapResult.BADCAP;
}
