import * as z from 'zod';
import type { DeliveryState } from './delivery-state.js';
import { CADENCES, type Cadence } from './subscriber.js';

/** One run's edition in a cadence's web archive: its page and what the feed and index list of it. */
export interface ArchivedEdition {
  readonly runId: string;
  readonly runAt: string;
  /** The page, relative to the archive's root: "daily/2026-11-24-0600-1a2b3c4d.html". */
  readonly path: string;
  readonly title: string;
  readonly stories: number;
  /** Section titles in order. */
  readonly topics: readonly string[];
  /** The first few headlines, for the feed and the index. */
  readonly headlines: readonly string[];
}

/**
 * What a cadence's archive holds, kept privately beside it (state/archive/<cadence>.json): the
 * editions newest first, and the delivery state of an imaginary reader of every topic who got each
 * edition, so that an edition holds what its run brought that no earlier edition had.
 */
export interface EditionLog {
  readonly cadence: Cadence;
  readonly state: DeliveryState;
  readonly editions: readonly ArchivedEdition[];
}

/** Editions the log, and so the index page, keeps; the feed shows fewer. */
export const MAX_LOGGED_EDITIONS = 200;

const editionSchema = z.object({
  runId: z.string().min(1),
  runAt: z.iso.datetime(),
  path: z.string().regex(/^[a-z]+\/[\w-]+\.html$/),
  title: z.string(),
  stories: z.number().int().nonnegative(),
  topics: z.array(z.string()),
  headlines: z.array(z.string()),
});

export const editionLogSchema = z.object({
  cadence: z.enum(CADENCES),
  state: z.object({ deliveredThrough: z.iso.datetime().nullable(), recentArticleIds: z.array(z.string()) }),
  editions: z.array(editionSchema),
});

export const emptyEditionLog = (cadence: Cadence): EditionLog => ({ cadence, state: { deliveredThrough: null, recentArticleIds: [] }, editions: [] });
