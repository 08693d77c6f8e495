/**
 * The compiled blocks of one machine, found by (physical entry address, mode) and indexed by
 * physical frame so a store into code can drop exactly the blocks it overwrites.
 *
 * Keying by physical address makes blocks survive TLB writes and ASID changes: the dispatcher
 * translates the PC through the live fetch tables first. A block also remembers the virtual
 * address it was compiled for (link addresses and branch targets are virtual) and the words it
 * was compiled from, so it can be checked against memory when host code (a TypeScript kernel,
 * a DMA transfer) may have rewritten RAM without going through the CPU.
 */
export type BlockFn = (limit: number, base: number) => number;

export interface Block {
  fn: BlockFn;
  /** Virtual and physical entry address. */
  vpc: number;
  ppc: number;
  user: boolean;
  /** The instruction words compiled, from the entry. */
  code: Int32Array;
  /** Most instructions one pass can execute. */
  maxLen: number;
  /** Value of the engine's memory epoch when the block was last checked against RAM. */
  checked: number;
  /** False once dropped: a running block's caller must not reuse it. */
  live: boolean;
}

/** The lookup key of a physical entry address in a mode. */
export function blockKey(ppc: number, user: boolean): number {
  return ppc * 2 + (user ? 1 : 0);
}

export class BlockTable {
  private readonly byKey = new Map<number, Block>();
  private readonly byFrame = new Map<number, Set<Block>>();
  /** Per frame: non-zero while it holds blocks (shared with the MMU and the bus). */
  readonly codePages: Uint8Array;
  /** Per frame: how often stores dropped its blocks (a page that keeps changing is left alone). */
  private readonly drops: Uint16Array;
  /** Blocks dropped because their code changed or was overwritten. */
  invalidations = 0;

  constructor(frames: number) {
    this.codePages = new Uint8Array(frames);
    this.drops = new Uint16Array(frames);
  }

  get(key: number): Block | undefined {
    return this.byKey.get(key);
  }

  /** True when blocks keep being overwritten in this frame, so compiling there is waste. */
  unstable(frame: number): boolean {
    return this.drops[frame] >= 16;
  }

  /** Adds `block`; returns true when its frame did not hold code before (write slots must go). */
  add(block: Block): boolean {
    const key = blockKey(block.ppc, block.user);
    const old = this.byKey.get(key);
    if (old !== undefined) this.remove(old);
    this.byKey.set(key, block);
    const frame = block.ppc >>> 12;
    let set = this.byFrame.get(frame);
    if (set === undefined) this.byFrame.set(frame, (set = new Set()));
    set.add(block);
    const fresh = this.codePages[frame] === 0;
    this.codePages[frame] = 1;
    return fresh;
  }

  /** Removes one block. */
  remove(block: Block): void {
    block.live = false;
    const key = blockKey(block.ppc, block.user);
    if (this.byKey.get(key) === block) this.byKey.delete(key);
    const frame = block.ppc >>> 12;
    const set = this.byFrame.get(frame);
    if (set === undefined) return;
    set.delete(block);
    if (set.size === 0) {
      this.byFrame.delete(frame);
      this.codePages[frame] = 0;
    }
  }

  /** Drops every block whose code overlaps physical bytes [paddr, paddr + width). */
  overwritten(paddr: number, width: number): number {
    const frame = paddr >>> 12;
    const set = this.byFrame.get(frame);
    if (set === undefined) return 0;
    let hit: Block[] | null = null;
    for (const b of set) {
      if (paddr < b.ppc + b.code.length * 4 && paddr + width > b.ppc) (hit ??= []).push(b);
    }
    if (hit === null) return 0;
    for (const b of hit) this.remove(b);
    const dropped = hit.length;
    if (dropped > 0 && this.drops[frame] < 0xffff) this.drops[frame]++;
    this.invalidations += dropped;
    return dropped;
  }

  /** Forgets everything (reset, restore). */
  clear(): void {
    for (const b of this.byKey.values()) b.live = false;
    this.byKey.clear();
    this.byFrame.clear();
    this.codePages.fill(0);
    this.drops.fill(0);
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** True when `block` still matches the words in RAM (`mem32` is RAM as int32 words). */
export function matchesMemory(block: Block, mem32: Int32Array): boolean {
  const at = block.ppc >>> 2;
  const code = block.code;
  for (let i = 0; i < code.length; i++) if (mem32[at + i] !== code[i]) return false;
  return true;
}
