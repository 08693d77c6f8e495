/**
 * The library-OS calls for IPC, the network and scheduling: their numbers and conventions, one
 * list for ExOS (kernel/libos/) and, for the portable ones, the monolithic baseline
 * (kernel/mono/pipe-calls.ts), so one MIPS program runs under either kernel with the same
 * output. As with spim-port.ts's calls, `syscall` takes the number in $v0 and arguments in
 * $a0..$a3; the result comes back in $v0 and an error code (kernel/exo/errors.ts) in $v1
 * (E_OK = 0). The numbers sit below KERNEL_CALL_BASE (0x100), so under the exokernel they go
 * to the library OS, and above SPIM's and MARS's (1..90).
 *
 * Portable (ExOS and the baseline), named pipes with FIFO semantics:
 *   0xc0 pipe_open(key, end)        end 0 = read, 1 = write; returns a descriptor. Opening the
 *                                   write end waits until a reader has opened `key`.
 *   0xc1 pipe_read(fd, buf, len)    up to len bytes, oldest first; waits while the pipe is
 *                                   empty and its writers may still write; 0 at end of file
 *                                   (every writer that opened it has closed)
 *   0xc2 pipe_write(fd, buf, len)   as many bytes as fit (at least 1 when len > 0); waits
 *                                   while the pipe is full; E_NOENV once no reader remains
 *   0xc3 pipe_close(fd)
 * ExOS only:
 *   0xc4 shm_attach(key, vaddr)     maps the shared page named key at vaddr (read/write):
 *                                   returns 1 if this call created it (zeroed), 0 if it joined
 *   0xc5 name_publish(key)          names the caller's environment key (an LRPC server)
 *   0xc6 name_lookup(key)           the environment named key; waits until one is published
 *   0xc7 udp_bind(port)             claims UDP `port` with a downloaded packet filter
 *   0xc8 udp_send(host, port, buf, len)  a datagram from the bound port to host:port
 *   0xc9 udp_recv(buf, len)         the next datagram's payload (cut to len); waits for one;
 *                                   $a2.. untouched, $v0 = length, and the sender's host and
 *                                   port in $a0 and $a1
 *   0xca sched_tickets(env, n)      gives environment env (0: the caller) n tickets (1..100) in
 *                                   ExOS's stride scheduler: the slice vector is laid out
 *                                   again in proportion (sched/stride.ts)
 * udp_send waits while the previous frame is still going out. The environments that send and
 * receive must own slices too.
 * Errors: E_INVAL for a bad descriptor, end, length or key, E_FAULT for a buffer that is not
 * mapped, E_NOMEM when no frame is left. "Waits" means the call hands the rest of the
 * caller's slice to the environment it waits for (an asynchronous protected control transfer
 * that resumes it where it was), or gives it up (`yield`) when there is none yet, and runs
 * again when the caller next runs: the environments that share a pipe must own time slices
 * (`slice_alloc`), or the waiting side may never get the CPU back.
 */

export const SYS_PIPE_OPEN = 0xc0;
export const SYS_PIPE_READ = 0xc1;
export const SYS_PIPE_WRITE = 0xc2;
export const SYS_PIPE_CLOSE = 0xc3;
export const SYS_SHM_ATTACH = 0xc4;
export const SYS_NAME_PUBLISH = 0xc5;
export const SYS_NAME_LOOKUP = 0xc6;
export const SYS_UDP_BIND = 0xc7;
export const SYS_UDP_SEND = 0xc8;
export const SYS_UDP_RECV = 0xc9;
export const SYS_SCHED_TICKETS = 0xca;

export const PIPE_READ_END = 0;
export const PIPE_WRITE_END = 1;
/** Bytes a pipe holds (ExOS: its shared page less the header; the baseline uses the same). */
export const PIPE_BYTES = 4096 - 64;
/** Longest single transfer a pipe call accepts. */
export const PIPE_MAX_TRANSFER = 65536;
