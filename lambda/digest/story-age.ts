/**
 * When an article counts as published long before the digest it reaches: its publication day is
 * before the first day of the run's look-back window (a 2007 story dropped today, say). Such
 * stories are shown with their date up front, after the current ones, or left out (OLD_ARTICLES).
 * Day granularity: publication dates are often days without a time, and a window is days long.
 */

/** The first day (YYYY-MM-DD, UTC) a run with this look-back still counts as current. */
export function firstCurrentDay(runAt: Date, lookbackDays: number): string {
  return new Date(runAt.getTime() - lookbackDays * 86_400_000).toISOString().slice(0, 10);
}

/** Whether a publication date (ISO date or date-time) falls before `firstDay`; an unknown date never does. */
export function publishedBefore(published: string | null | undefined, firstDay: string | null | undefined): boolean {
  if (!published || !firstDay) return false;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(published)?.[0];
  return day !== undefined && day < firstDay;
}

/**
 * What a run does with articles published before its look-back window: "flag" mails them with
 * their date up front, after the current stories; "omit" leaves them out (the operator's setting
 * oldArticles, OLD_ARTICLES in the planner's environment).
 */
export const OLD_ARTICLE_CHOICES = ['flag', 'omit'] as const;
export type OldArticles = (typeof OLD_ARTICLE_CHOICES)[number];
