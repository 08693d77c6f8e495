/**
 * ExOS's stride scheduler (Waldspurger and Weihl's stride scheduling; the paper notes ExOS had
 * one in under 100 lines over Aegis's slices): a policy over owned time slices, written in the
 * library OS. Each participating environment holds tickets; its stride is STRIDE1 / tickets.
 * The scheduler lays the kernel's slice vector out by stride order: position by position it
 * picks the participant with the smallest pass (ties: the lower environment id), has it
 * allocate that position (slice_alloc through its own kernel-call API, so the kernel records it
 * as the owner) and advances its pass by its stride. Owners then run in proportion to their
 * tickets, interleaved rather than in blocks (A B A C A B ...), and the kernel's round robin
 * does the rest with no further library-OS work per slice.
 *
 * Each pass starts at half a stride, which spreads every participant's positions evenly and
 * rounds its share to the nearest position (16 positions for 1 : 2 : 3 give 3, 5 and 8).
 * Positions another environment already owns are left alone and skipped. When tickets change,
 * an environment joins or one leaves (it exits), every participant's slices are freed and the
 * vector laid out again, so a finished process's share goes to the others.
 */
import type { Capability } from '../../caps/index.ts';
import type { EnvApi } from '../../exo/env.ts';
import { E_INVAL, E_NOENV, E_OK } from '../../exo/errors.ts';

/** The numerator of every stride (a large constant keeps the integer strides accurate). */
export const STRIDE1 = 1 << 20;
export const MAX_TICKETS = 100;
/** Positions tried: the kernel's vector length (slice_alloc answers E_INVAL past its end). */
const MAX_POSITIONS = 256;

/** A participant's stride: the pass it advances by per position it is given. */
const stride = (p: Participant) => Math.floor(STRIDE1 / p.tickets);

interface Participant {
  api: EnvApi;
  tickets: number;
  pass: number;
  slices: Capability[];
}

export class StrideScheduler {
  private readonly participants = new Map<number, Participant>();

  /** Sets `api`'s environment's tickets (joining if new) and lays the vector out again. */
  setTickets(api: EnvApi, tickets: number): number {
    if (!Number.isInteger(tickets) || tickets < 1 || tickets > MAX_TICKETS) return E_INVAL;
    const p = this.participants.get(api.env);
    if (p) p.tickets = tickets;
    else this.participants.set(api.env, { api, tickets, pass: 0, slices: [] });
    this.layOut();
    return E_OK;
  }

  /** `env` has ended or left: its share goes to the others. */
  leave(env: number): void {
    const p = this.participants.get(env);
    if (p === undefined) return;
    this.participants.delete(env);
    for (const cap of p.slices) p.api.call('slice_free', cap);
    this.layOut();
  }

  /** Each participant's positions, by environment id (for tests and inspection). */
  positions(): Map<number, number[]> {
    return new Map([...this.participants].map(([id, p]) => [id, p.slices.map((c) => c.index)]));
  }

  private layOut(): void {
    for (const p of this.participants.values()) {
      for (const cap of p.slices) p.api.call('slice_free', cap);
      p.slices = [];
      p.pass = Math.floor(stride(p) / 2);
    }
    for (let position = 0; position < MAX_POSITIONS && this.participants.size > 0; position++) {
      const p = this.lowestPass();
      const got = p.api.call('slice_alloc', position);
      if (got.error === E_NOENV) {
        this.participants.delete(p.api.env); // it has ended: lay this position out again
        position--;
        continue;
      }
      if (got.error === E_INVAL) break; // past the end of the vector
      if (got.error !== E_OK) continue; // another environment's position (or none left)
      p.slices.push(got.cap!);
      p.pass += stride(p);
    }
  }

  private lowestPass(): Participant {
    let best: Participant | null = null;
    for (const p of this.participants.values()) {
      if (best === null || p.pass < best.pass || (p.pass === best.pass && p.api.env < best.api.env))
        best = p;
    }
    return best!;
  }
}
