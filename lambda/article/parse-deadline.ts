import { TooComplexError } from './article-error.js';

/**
 * Parse time ingest gives one file: past it the file is refused as too-complex and its
 * batch-mates go on. The stages' own bounds keep the worst hostile file near 1 s; real articles
 * take milliseconds (95 AEB pages: at most 135 ms).
 */
export const DEFAULT_PARSE_BUDGET_MS = 1_500;

/** tick() reads the clock once per this many calls: a stop within microseconds of the budget, at no measurable cost. */
const TICKS_PER_CHECK = 256;

/**
 * A file's time budget, checked cooperatively between the parser's stages and inside their loops;
 * past it the parse stops with TooComplexError. Each stage is linear in its input or capped
 * (html-shape.ts bounds the DOM before linkedom builds it, text-budget.ts the text, and
 * bounded-readability.ts Readability's steps), so no check is more than a bounded step from the
 * next: the budget catches the sum, whatever the machine's speed and load.
 */
export class ParseDeadline {
  private ticks = 0;
  private readonly endsAt: number;

  constructor(
    readonly budgetMs: number = DEFAULT_PARSE_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.endsAt = now() + budgetMs;
  }

  /** Throws TooComplexError when the budget is spent; `stage` says where, for the rejection record. */
  check(stage: string): void {
    if (this.now() > this.endsAt) {
      throw new TooComplexError(`parsing took longer than the ${this.budgetMs} ms one file may take (stopped while ${stage}); the file is too complex`);
    }
  }

  /** check() for hot loops: reads the clock every TICKS_PER_CHECK calls. */
  tick(stage: string): void {
    if (++this.ticks % TICKS_PER_CHECK === 0) this.check(stage);
  }
}

/** No time budget: the stages' own bounds (DOM, text and Readability budgets) still hold. */
export const NO_DEADLINE = new ParseDeadline(Number.POSITIVE_INFINITY);
