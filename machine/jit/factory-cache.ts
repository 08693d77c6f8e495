/**
 * Turns generated block source into a factory function with `new Function`, remembering the
 * factories by source text so machines running the same program (a class running one lab,
 * the benchmark's repeated runs, a test suite) parse and optimise each block once. The cache
 * holds only code; every machine instantiates its own closure over its own state, so sharing
 * it cannot change what a machine computes.
 */
import type { BlockFn } from './blocks.ts';

// biome-ignore lint/suspicious/noExplicitAny: the factory's parameters are the machine's parts
export type BlockFactory = (...parts: any[]) => BlockFn;

/** Most factories kept; past this the cache starts over (a crude but bounded policy). */
const MAX_FACTORIES = 8192;
const factories = new Map<string, BlockFactory>();

/** The factory whose body is `source`, with parameters `params`. */
export function factoryFor(params: readonly string[], source: string): BlockFactory {
  let factory = factories.get(source);
  if (factory === undefined) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factory = new Function(...params, source) as BlockFactory;
    factories.set(source, factory);
  }
  return factory;
}
