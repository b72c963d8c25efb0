import { createHash } from 'node:crypto';

/**
 * Share of every evaluation set that is never read error by error. Its figures are the ones to
 * quote: once a page's mistakes have been looked at, rules and features get tuned to it.
 */
export const NEVER_READ_SHARE = 0.3;

export type HoldoutPart = 'dev' | 'never-read';

/**
 * Which part a page belongs to, from a hash of its id alone: stable across runs, machines and
 * page order, and the same for every rendering of a page (an AEB page read as HTML is not then
 * scored as never-read in its lynx dump).
 */
export function holdoutPart(pageId: string): HoldoutPart {
  const digest = createHash('sha256').update(pageId).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000 < NEVER_READ_SHARE ? 'never-read' : 'dev';
}
