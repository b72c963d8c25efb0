// Placeholder so the stack synthesizes before the sender handler lands (issue 12): replaced at merge.
export async function handler(): Promise<never> {
  throw new Error('not built yet');
}
