/**
 * The kernel calls themselves, and the two ways in: from MIPS code (fromMips: arguments from
 * $a0..$a3, capabilities as addresses of four words) and from a TypeScript library OS
 * (call / apiFor: capabilities as values). Both end in the same implementation, so the
 * numbers, checks and errors are the same. Every argument is checked before anything changes.
 */
import {
  type Capability,
  CapResult,
  decodeWords,
  encodeWords,
  narrow,
  RIGHT_GRANT,
  RIGHT_READ,
  RIGHT_WRITE,
} from '../caps/index.ts';
import {
  CALLS_BY_NAME,
  CALLS_BY_NUMBER,
  type CallSpec,
  KERNEL_CALL_BASE,
  LINUX_O32_BASE,
} from './calls.ts';
import { capError } from './cap-check.ts';
import { COSTS } from './costs.ts';
import type { EnvApi, Environment } from './env.ts';
import { envCalls } from './env-calls.ts';
import {
  type CallResult,
  describeError,
  E_BADCAP,
  E_BUSY,
  E_FAULT,
  E_INVAL,
  E_NOMEM,
  E_NOSYS,
  fail,
  ok,
} from './errors.ts';
import {
  envPhysical,
  readEnvBytes,
  readEnvWord,
  writeEnvBytes,
  writeEnvWord,
} from './guest-memory.ts';
import type { Exokernel } from './kernel.ts';

export type CallArg = number | Capability;
export type CallOutcome = CallResult & { cap?: Capability };

const ENTRYLO_D = 1 << 10;
const ENTRYLO_V = 1 << 9;
/** Longest console transfer in one call. */
const MAX_CONSOLE_BYTES = 65536;

type Impl = (env: Environment, args: CallArg[]) => CallOutcome;

export class CallTable {
  private readonly impls: Record<string, Impl>;
  private readonly apis = new Map<number, EnvApi>();

  constructor(private readonly kernel: Exokernel) {
    this.impls = {
      ...kernel.slices.calls(),
      env_self: (env) => ok(env.id),
      env_exit: (env, [code]) => {
        env.exitCode = code as number;
        kernel.endEnv(env, 'exited', `exit(${code})`);
        return ok();
      },
      frame_alloc: (env) => {
        this.charge(COSTS.capabilityMint);
        const got = kernel.allocFrame(env);
        return got ? { ...ok(got.index), cap: got.cap } : fail(E_NOMEM);
      },
      frame_free: (_env, [cap]) => {
        const checked = this.checkFrame(cap as Capability, RIGHT_GRANT);
        if (checked.error) return checked;
        kernel.releaseFrame((cap as Capability).index);
        return ok();
      },
      bind: (env, [vaddr, cap, writable]) => {
        const v = vaddr as number;
        if (v < 0) return fail(E_FAULT);
        const needed = RIGHT_READ | (writable ? RIGHT_WRITE : 0);
        const checked = this.checkFrame(cap as Capability, needed);
        if (checked.error) return checked;
        const frame = (cap as Capability).index;
        kernel.addBinding(env, v >>> 12, (frame << 12) | ENTRYLO_V | (writable ? ENTRYLO_D : 0));
        kernel.event(
          'bind',
          env.id,
          `0x${hex(v & ~0xfff)} -> frame ${frame}${writable ? ' rw' : ' r'}`,
        );
        return ok();
      },
      unbind: (env, [vaddr]) => {
        const v = vaddr as number;
        if (v < 0) return fail(E_FAULT);
        if (!kernel.removeBinding(env, v >>> 12)) return fail(E_INVAL);
        kernel.event('unbind', env.id, `0x${hex(v & ~0xfff)}`);
        return ok();
      },
      cap_narrow: (_env, [cap, rights]) => {
        this.charge(COSTS.capabilityCheck + COSTS.capabilityMint);
        const result = narrow(kernel.secret, cap as Capability, rights as number);
        if (result.code !== CapResult.OK) return fail(capError(result.code));
        return { ...ok(), cap: result.cap };
      },
      set_exception_handler: (env, [pc, saveArea]) => {
        const p = pc as number;
        const area = saveArea as number;
        if (p < 0 || (p & 3) !== 0 || area < 0 || (area & 3) !== 0) return fail(E_INVAL);
        env.exceptionPc = p;
        env.saveArea = area;
        return ok();
      },
      cons_write: (env, [buf, len]) => {
        const n = len as number;
        if (n < 0 || n > MAX_CONSOLE_BYTES) return fail(E_INVAL);
        const bytes = readEnvBytes(kernel.machine.memory, env, buf as number, n);
        if (bytes === null) return fail(E_FAULT);
        this.charge(Math.ceil(n / 4) * COSTS.wordAccess);
        kernel.machine.console.writeBytes(bytes);
        return ok(n);
      },
      filter_install: (env, [prog, words, minLength]) =>
        kernel.net.install(env, prog as number, words as number, minLength as number),
      filter_remove: (_env, [cap]) => kernel.net.remove(cap as Capability),
      net_recv: (env, [buf, len]) => kernel.net.receive(env, buf as number, len as number),
      net_send: (env, [buf, len]) => kernel.net.send(env, buf as number, len as number),
      cons_read: (env, [buf, len, line]) =>
        this.consoleRead(env, buf as number, len as number, line !== 0),
    };
    // Calls implemented beside their subsystem: revocation and disk blocks.
    Object.assign(this.impls, kernel.revoker.calls(), kernel.blocks.calls(), envCalls(kernel));
  }

  private charge(cycles: number): void {
    this.kernel.machine.cpu.charge(cycles);
  }

  private checkFrame(cap: Capability, needed: number): CallResult {
    this.charge(COSTS.capabilityCheck);
    const result = this.kernel.frameCheck(this.kernel.frames, cap, needed);
    return result === CapResult.OK ? ok() : fail(capError(result));
  }

  private consoleRead(env: Environment, buf: number, len: number, line: boolean): CallOutcome {
    if (len < 0 || len > MAX_CONSOLE_BYTES) return fail(E_INVAL);
    const memory = this.kernel.machine.memory;
    for (let i = 0; i < len; i++) {
      if (envPhysical(memory, env, (buf + i) | 0, true) < 0) return fail(E_FAULT);
    }
    const con = this.kernel.machine.console;
    const available = line ? con.hasLine() : con.pendingInput() > 0 || con.atEof();
    if (!available) return fail(E_BUSY);
    const bytes: number[] = [];
    while (bytes.length < len) {
      const c = con.readChar();
      if (c === null || c < 0) break;
      bytes.push(c);
      if (c === 10 && line) break;
    }
    writeEnvBytes(memory, env, buf, Uint8Array.from(bytes));
    this.charge(Math.ceil(bytes.length / 4) * COSTS.wordAccess);
    return ok(bytes.length);
  }

  isKernelCall(number: number): boolean {
    return number >= KERNEL_CALL_BASE && number < LINUX_O32_BASE;
  }

  /** A kernel call by name from TypeScript, on behalf of `env`. */
  call(env: Environment, name: string, args: CallArg[]): CallOutcome {
    const spec = CALLS_BY_NAME.get(name);
    if (spec === undefined) return fail(E_NOSYS);
    const inputs = spec.args.filter((a) => a.kind !== 'capOut');
    if (args.length !== inputs.length) return fail(E_INVAL);
    for (let i = 0; i < inputs.length; i++) {
      const want = inputs[i].kind;
      if (want === 'int' ? typeof args[i] !== 'number' : typeof args[i] !== 'object') {
        return fail(want === 'cap' ? E_BADCAP : E_INVAL);
      }
    }
    return this.impls[spec.name](env, args);
  }

  /** A kernel call from MIPS code: number in $v0, arguments in $a0..$a3. */
  fromMips(env: Environment, regs: Int32Array): CallResult {
    const spec: CallSpec | undefined = CALLS_BY_NUMBER.get(regs[2]);
    if (spec === undefined) return fail(E_NOSYS);
    const memory = this.kernel.machine.memory;
    const args: CallArg[] = [];
    let out = -1;
    for (let i = 0; i < spec.args.length; i++) {
      const raw = regs[4 + i];
      const kind = spec.args[i].kind;
      if (kind === 'int') args.push(raw);
      else if (kind === 'capOut') {
        for (let w = 0; w < 4; w++) {
          if ((raw & 3) !== 0 || envPhysical(memory, env, raw + 4 * w, true) < 0)
            return fail(E_FAULT);
        }
        out = raw;
      } else {
        const words: number[] = [];
        for (let w = 0; w < 4; w++) {
          const word = readEnvWord(memory, env, raw + 4 * w);
          if (word === null) return fail(E_FAULT);
          words.push(word);
        }
        this.charge(4 * COSTS.wordAccess);
        const decoded = decodeWords(words);
        if (!decoded.ok) return fail(E_BADCAP);
        args.push(decoded.cap);
      }
    }
    const result = this.impls[spec.name](env, args);
    if (result.error === 0 && result.cap !== undefined && out >= 0) {
      const words = encodeWords(result.cap);
      for (let i = 0; i < 4; i++) writeEnvWord(memory, env, out + 4 * i, words[i]);
      this.charge(4 * COSTS.wordAccess);
    }
    // E_BUSY is "not yet" (a poll), not a refusal: logging it would flood the log.
    if (result.error !== 0 && result.error !== E_BUSY) {
      this.kernel.event('call', env.id, `${spec.name} failed: ${describeError(result.error)}`);
    }
    return { value: result.value, error: result.error };
  }

  /** The TypeScript library-OS API for `env` (one object per environment). */
  apiFor(env: Environment): EnvApi {
    let api = this.apis.get(env.id);
    if (api) return api;
    const kernel = this.kernel;
    const memory = kernel.machine.memory;
    api = {
      env: env.id,
      call: (name, ...args) => this.call(env, name, args),
      get regs() {
        return kernel.current === env ? kernel.machine.cpu.regs : env.context.regs;
      },
      f32: kernel.machine.fpu.f32,
      f64: kernel.machine.fpu.f64,
      readWord: (vaddr) => {
        this.charge(COSTS.wordAccess);
        return readEnvWord(memory, env, vaddr);
      },
      writeWord: (vaddr, value) => {
        this.charge(COSTS.wordAccess);
        return writeEnvWord(memory, env, vaddr, value);
      },
      readBytes: (vaddr, length) => {
        this.charge(Math.ceil(length / 4) * COSTS.wordAccess);
        return readEnvBytes(memory, env, vaddr, length);
      },
      writeBytes: (vaddr, bytes) => {
        this.charge(Math.ceil(bytes.length / 4) * COSTS.wordAccess);
        return writeEnvBytes(memory, env, vaddr, bytes);
      },
    };
    this.apis.set(env.id, api);
    return api;
  }
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
