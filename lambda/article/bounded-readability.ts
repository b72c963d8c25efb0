import { Readability } from '@mozilla/readability';
import type { ParseDeadline } from './parse-deadline.js';

/**
 * Readability's internal methods its passes call per node or per candidate: the main walk, the
 * text and tag lookups, the node-list loops. Each call is one step of its work. Internal names of
 * @mozilla/readability 0.6; test/unit/article/bounded-readability.test.ts fails when an upgrade
 * renames one.
 */
export const READABILITY_HOT_METHODS = [
  '_getNextNode',
  '_getInnerText',
  '_getAllNodesWithTag',
  '_forEachNode',
  '_removeNodes',
  '_getNodeAncestors',
  '_hasAncestorTag',
  '_getLinkDensity',
] as const;

/**
 * Steps Readability may take on one page. The largest of 95 AEB pages took 13,239 (98 ms); on
 * hostile shapes a step costs 2–11 µs (tables nested 60 deep: 980,000 steps, 6 s), so this stops
 * Readability within about 0.4 s, the same way on every machine.
 */
export const MAX_READABILITY_STEPS = 40_000;

/** Readability needed more than MAX_READABILITY_STEPS steps: the page is read another way. */
export class ReadabilityOverBudgetError extends Error {
  constructor() {
    super(`Readability took more than ${MAX_READABILITY_STEPS} steps`);
    this.name = 'ReadabilityOverBudgetError';
  }
}

type ReadabilityArticle = NonNullable<ReturnType<Readability['parse']>>;

/**
 * Readability's article from `document`, bounded: ReadabilityOverBudgetError past
 * MAX_READABILITY_STEPS, TooComplexError when the file's deadline passes. Readability takes no
 * limit of its own (its maxElemsToParse counts nothing under linkedom), so its hot methods are
 * wrapped, on this instance only, to count its steps and check the deadline as it goes.
 */
export function readabilityArticle(document: Document, deadline: ParseDeadline): ReadabilityArticle | null {
  const reader = new Readability(document, { charThreshold: 200 });
  const methods = reader as unknown as Record<string, (a: unknown, b: unknown, c: unknown, d: unknown) => unknown>;
  let steps = 0;
  for (const name of READABILITY_HOT_METHODS) {
    const original = methods[name];
    if (typeof original !== 'function') throw new Error(`@mozilla/readability has no ${name} to bound; see bounded-readability.ts`);
    // Fixed arity (the methods take at most four arguments, none reads arguments.length): no array per call.
    methods[name] = function (this: unknown, a: unknown, b: unknown, c: unknown, d: unknown) {
      if (++steps > MAX_READABILITY_STEPS) throw new ReadabilityOverBudgetError();
      deadline.tick('running Readability');
      return original.call(this, a, b, c, d);
    };
  }
  return reader.parse();
}
