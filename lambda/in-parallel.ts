/**
 * Runs `work` over `items`, started in item order, with at most `limit` calls in flight. The first
 * failure rejects the whole; the other workers still go on through the remaining items.
 */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
