/**
 * The kernel-call table: one list of calls, reachable from MIPS code (`syscall` with the number
 * in $v0, arguments in $a0..$a3, the value back in $v0 and the error code in $v1) and from the
 * TypeScript library-OS API (EnvApi.call by name), with the same numbers, checks and errors.
 *
 * A capability argument is, from MIPS, the address of its four words in the caller's memory;
 * from TypeScript, a Capability value. A capability result (`capOut`) is, from MIPS, the address
 * of four words the kernel fills; from TypeScript, the `cap` field of the result.
 *
 * Numbers below KERNEL_CALL_BASE are not kernel calls: they go to the environment's library
 * OS (SPIM's console calls 1..17, for instance), and so do Linux o32 numbers (LINUX_O32_BASE up).
 */

export const KERNEL_CALL_BASE = 0x100;
/** Numbers from here up are Linux o32 calls (4001 exit, 4004 write...): the library OS's too. */
export const LINUX_O32_BASE = 4000;

export type ArgKind = 'int' | 'cap' | 'capOut';

export interface CallSpec {
  number: number;
  name: string;
  args: readonly { name: string; kind: ArgKind }[];
  /** One line: what it does and what it returns. */
  doc: string;
}

const int = (name: string) => ({ name, kind: 'int' as const });
const cap = (name: string) => ({ name, kind: 'cap' as const });
const capOut = (name: string) => ({ name, kind: 'capOut' as const });

export const CALLS: readonly CallSpec[] = [
  { number: 0x100, name: 'env_self', args: [], doc: "returns the caller's environment id" },
  { number: 0x101, name: 'env_exit', args: [int('code')], doc: 'ends the calling environment' },
  {
    number: 0x102,
    name: 'frame_alloc',
    args: [capOut('cap')],
    doc: 'allocates a free physical frame; returns its number and a capability with all rights',
  },
  {
    number: 0x103,
    name: 'frame_free',
    args: [cap('cap')],
    doc: 'frees the frame (needs WRITE); every capability and binding for it dies',
  },
  {
    number: 0x104,
    name: 'bind',
    args: [int('vaddr'), cap('cap'), int('writable')],
    doc: 'maps the page at vaddr to the frame (READ needed; WRITE too for a writable mapping)',
  },
  {
    number: 0x105,
    name: 'unbind',
    args: [int('vaddr')],
    doc: "removes the caller's binding for the page at vaddr",
  },
  {
    number: 0x106,
    name: 'cap_narrow',
    args: [cap('cap'), int('rights'), capOut('narrowed')],
    doc: 'returns a copy of cap holding only the given rights (a subset: never wider)',
  },
  {
    number: 0x107,
    name: 'set_exception_handler',
    args: [int('pc'), int('save_area')],
    doc: 'sets the exception context: handler entry point and the save area it reads',
  },
  {
    number: 0x108,
    name: 'cons_write',
    args: [int('buf'), int('len')],
    doc: 'writes len bytes from buf to the console; returns how many',
  },
  {
    number: 0x109,
    name: 'cons_read',
    args: [int('buf'), int('len'), int('line')],
    doc: 'reads up to len console bytes (up to a newline if line != 0); 0 at end of input, E_BUSY if none yet',
  },
  // CPU time (slices.ts) and protected control transfer (pct.ts).
  {
    number: 0x130,
    name: 'slice_alloc',
    args: [int('position'), capOut('cap')],
    doc: 'allocates the time slice at position (-1: any free one); returns the position and a capability',
  },
  {
    number: 0x131,
    name: 'slice_free',
    args: [cap('cap')],
    doc: 'frees the slice (WRITE needed); its capabilities and donations die',
  },
  {
    number: 0x132,
    name: 'yield',
    args: [],
    doc: 'gives up the rest of the current slice (and ends an end-of-slice handler in time)',
  },
  {
    number: 0x133,
    name: 'set_slice_handlers',
    args: [int('start_pc'), int('end_pc')],
    doc: 'sets the interrupt context: start-of-slice and end-of-slice entry points (0 = none)',
  },
  {
    number: 0x134,
    name: 'pct',
    args: [int('target'), int('mode')],
    doc: 'protected control transfer to env target at its sync (mode 0) or async (mode 1) entry',
  },
  {
    number: 0x135,
    name: 'set_entry_points',
    args: [int('sync_pc'), int('async_pc')],
    doc: 'sets the protected-entry context: synchronous and asynchronous PCT entry points (0 = none)',
  },
  // Processes for library OSes (env-calls.ts).
  {
    number: 0x170,
    name: 'env_create',
    args: [],
    doc: "creates a child environment with a copy of the caller's registers ($v0 = 0 in it), no bindings, no slices; returns its id",
  },
  {
    number: 0x171,
    name: 'env_status',
    args: [int('id')],
    doc: "returns a child's exit code once it has ended (-1 if aborted); E_BUSY while it runs",
  },
  {
    number: 0x172,
    name: 'slice_grant',
    args: [cap('cap'), int('id')],
    doc: 'hands the slice (GRANT needed) to environment id; returns its position',
  },
  // Revocation (revoke.ts) and disk blocks (blocks.ts).
  {
    number: 0x140,
    name: 'frame_guarantee',
    args: [cap('cap')],
    doc: 'marks an owned frame (GRANT needed) as never repossessed, up to 4; returns how many are',
  },
  {
    number: 0x141,
    name: 'repossessed_count',
    args: [],
    doc: 'returns the length of the repossession vector (frames the abort protocol took)',
  },
  {
    number: 0x142,
    name: 'repossessed_get',
    args: [int('i')],
    doc: 'returns entry i of the repossession vector (oldest first)',
  },
  {
    number: 0x143,
    name: 'revoke_done',
    args: [],
    doc: 'a MIPS revocation handler is done: 1 if the revocation is complied with, 0 if not yet',
  },
  {
    number: 0x150,
    name: 'block_alloc',
    args: [capOut('cap')],
    doc: 'allocates a free 4 KiB disk block; returns its number and a capability with all rights',
  },
  {
    number: 0x151,
    name: 'block_free',
    args: [cap('cap')],
    doc: 'frees the block (GRANT needed); its queued transfers are cancelled, its capabilities die',
  },
  {
    number: 0x152,
    name: 'block_read',
    args: [cap('block'), cap('frame')],
    doc: 'queues disk -> frame DMA (READ on the block, WRITE on the frame); returns a transfer id',
  },
  {
    number: 0x153,
    name: 'block_write',
    args: [cap('block'), cap('frame')],
    doc: 'queues frame -> disk DMA (WRITE on the block, READ on the frame); returns a transfer id',
  },
  {
    number: 0x154,
    name: 'block_poll',
    args: [int('id')],
    doc: "returns a transfer's disk result (0 ok, 4 cancelled) once, E_BUSY while queued",
  },
  {
    number: 0x160,
    name: 'filter_install',
    args: [int('prog'), int('nwords'), int('min_length'), capOut('cap')],
    doc: "downloads a packet filter (nwords words at prog), verified and compiled; returns its id and capability; E_BUSY if it claims another environment's traffic",
  },
  {
    number: 0x161,
    name: 'filter_remove',
    args: [cap('cap')],
    doc: 'removes the filter (needs WRITE on its capability)',
  },
  {
    number: 0x162,
    name: 'net_recv',
    args: [int('buf'), int('len')],
    doc: 'copies the oldest packet your filters accepted into buf (up to len bytes); returns its length, E_BUSY if none',
  },
  {
    number: 0x163,
    name: 'net_send',
    args: [int('buf'), int('len')],
    doc: 'transmits len bytes from buf on the network; E_BUSY while the previous frame is going out',
  },
];

export const CALLS_BY_NAME: ReadonlyMap<string, CallSpec> = new Map(CALLS.map((c) => [c.name, c]));
export const CALLS_BY_NUMBER: ReadonlyMap<number, CallSpec> = new Map(
  CALLS.map((c) => [c.number, c]),
);
