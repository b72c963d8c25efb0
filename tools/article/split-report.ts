import type { HeadlineReach } from './headline-reach.js';
import { holdoutPart, type HoldoutPart } from './holdout-split.js';

interface PageScore {
  readonly id: string;
  readonly part: HoldoutPart;
  readonly headlineRight?: boolean;
  readonly bodyGram4F1: number;
  readonly predicted: string;
  readonly gold: string;
  /** Measured on development pages only (eval:extract --dev-reach). */
  readonly reach?: HeadlineReach;
}

/**
 * Headline accuracy and body 4-gram F1 of one set, printed for its development part and its
 * never-read part separately. Misses are listed for the development part only: listing the
 * never-read part's would make it one more set tuned on.
 */
export class SplitReport {
  private readonly scores: PageScore[] = [];
  constructor(readonly setName: string) {}

  add(id: string, score: Omit<PageScore, 'id' | 'part'>): void {
    this.scores.push({ id, part: holdoutPart(id), ...score });
  }

  /** One line per part; `devOnly` leaves the never-read line out, for runs made while tuning. */
  lines(devOnly = false): string[] {
    const parts = devOnly ? (['dev'] as const) : (['dev', 'never-read'] as const);
    return parts.map((part) => {
      const rows = this.scores.filter((score) => score.part === part);
      const judged = rows.filter((row) => row.headlineRight !== undefined);
      const headline = judged.length ? `${((100 * judged.filter((row) => row.headlineRight).length) / judged.length).toFixed(1)}%` : '—';
      const f1 = rows.length ? (rows.reduce((sum, row) => sum + row.bodyGram4F1, 0) / rows.length).toFixed(3) : '—';
      return `  ${this.setName.padEnd(28)} ${part.padEnd(10)} ${String(rows.length).padStart(5)} pages  headline ${headline.padStart(6)} (${judged.length} with gold)  body 4-gram F1 ${f1}`;
    });
  }

  /**
   * Of the development pages with a gold headline and a measured reach: how many show it as a line,
   * how many hold it among the candidates, how many get it right. Null when none was measured.
   */
  devReach(): string | null {
    const rows = this.scores.filter((score) => score.part === 'dev' && score.headlineRight !== undefined && score.reach !== undefined);
    if (rows.length === 0) return null;
    const percent = (count: number) => `${((100 * count) / rows.length).toFixed(1)}%`.padStart(6);
    const onPage = rows.filter((row) => row.reach!.onPage).length;
    const candidate = rows.filter((row) => row.reach!.candidate).length;
    const right = rows.filter((row) => row.headlineRight).length;
    return `  ${this.setName.padEnd(28)} ${String(rows.length).padStart(5)} pages  a line of the page ${percent(onPage)}  among the candidates ${percent(candidate)}  picked ${percent(right)}`;
  }

  /** The development pages whose body 4-gram F1 is lowest, worst first. */
  devBodyMisses(count: number): string[] {
    return this.scores
      .filter((score) => score.part === 'dev')
      .sort((a, b) => a.bodyGram4F1 - b.bodyGram4F1)
      .slice(0, count)
      .map((score) => `  ${this.setName} ${score.id}: body 4-gram F1 ${score.bodyGram4F1.toFixed(3)}`);
  }

  devMisses(): string[] {
    return this.scores
      .filter((score) => score.part === 'dev' && score.headlineRight === false)
      .map((score) => `  ${this.setName} ${score.id}: picked ${JSON.stringify(score.predicted)}; gold ${JSON.stringify(score.gold)}`);
  }
}
