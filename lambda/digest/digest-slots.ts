/**
 * Every value one digest puts into its templates, already escaped for HTML: built once by
 * renderDigest and filled into the compiled layout (or, to prove the two agree, into the MJML).
 */

/**
 * Slots of templates/digest.mjml besides {{sections}} and {{more}}. webVersion is the
 * " · View in browser" link to the digest's page in the web archive, or empty.
 */
export const PAGE_SLOTS = ['title', 'preheader', 'cadenceLabel', 'webVersion', 'heading', 'counts', 'recipientEmail', 'subscription', 'unsubscribe'] as const;
export type PageSlot = (typeof PAGE_SLOTS)[number];

/** Slots of templates/story.mjml; `url` feeds the "Read the original" link that fills {{link}}. */
export interface StorySlots {
  readonly headlineHtml: string;
  readonly meta: string;
  readonly summary: string;
  /** Escaped http(s) URL, or null for a story without a link. */
  readonly url: string | null;
}

/** Slots of templates/section.mjml; its {{stories}} are the section's stories. */
export interface SectionSlots {
  readonly topicTitle: string;
  readonly stopTopic: string;
  readonly stories: readonly StorySlots[];
}

export interface DigestSlots {
  readonly page: Readonly<Record<PageSlot, string>>;
  readonly sections: readonly SectionSlots[];
  /** The "+N more stories not shown" line, or null when every story is shown. */
  readonly more: string | null;
}
