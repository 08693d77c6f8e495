/**
 * Whole-session state for exactness tests of `back` and `restore`: the machine snapshot (CPU,
 * FPU, TLB, clock, devices, RAM), and a walk of every object the kernel reaches (environments,
 * capabilities and their epochs, STLB, slice scheduler, event log, library OSes and their page
 * tables), plus the session's own capabilities and labels. Typed arrays are hashed; functions
 * are left out (what a closure holds cannot be read). `architectural` leaves out the
 * emulator's caches of compiled blocks and translations, which depend on how the machine got
 * there (running or stepping) but not on where it is.
 */
import { saveSnapshot } from '../../../machine/snapshot.ts';
import type { Session } from '../../../source/repl/index.ts';

/** FNV-1a over the bytes of a typed array. */
function hashBytes(view: ArrayBufferView): string {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `${view.constructor.name}(${bytes.length}):${(h >>> 0).toString(16)}`;
}

/** Keys of emulator caches that do not hold architectural state. */
const CACHES = /^(tags|bases|blocks?|compiled|cache|filled|fast|jit|code)/i;

/** A canonical text of everything reachable from `root`. */
export function walk(root: unknown, architectural = false): string {
  const seen = new Map<object, number>();
  const out: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'function') return;
    if (value === null || typeof value !== 'object') {
      out.push(`${path}=${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value)}`);
      return;
    }
    const id = seen.get(value);
    if (id !== undefined) {
      out.push(`${path}=#${id}`);
      return;
    }
    seen.set(value, seen.size);
    if (ArrayBuffer.isView(value)) {
      out.push(`${path}=${hashBytes(value)}`);
    } else if (value instanceof Map) {
      let i = 0;
      for (const [k, v] of value) {
        visit(k, `${path}<${i}k>`);
        visit(v, `${path}<${i++}>`);
      }
    } else if (value instanceof Set) {
      let i = 0;
      for (const v of value) visit(v, `${path}{${i++}}`);
    } else {
      for (const key of Object.keys(value)) {
        if (architectural && CACHES.test(key)) continue;
        visit((value as Record<string, unknown>)[key], `${path}.${key}`);
      }
    }
  };
  visit(root, '');
  return out.join('\n');
}

/** Everything of a session's state, as text to compare. */
export function fullState(session: Session, architectural = false): string {
  return [
    `snapshot ${hashBytes(saveSnapshot(session.kernel.machine))}`,
    `steps ${session.steps} retired ${session.kernel.machine.retired} cycles ${session.kernel.cycles}`,
    `env ${session.env?.id ?? null} prompt ${session.prompt()}`,
    walk({ caps: session.caps, symbols: session.symbols }),
    walk(session.kernel, architectural),
  ].join('\n');
}
