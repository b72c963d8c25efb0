import * as z from 'zod';
import { TOPIC_LABELS } from './topic.js';

/**
 * An operator-defined topic: keyword and phrase rules over headline and body, e.g.
 * {"name": "russia-us", "any": ["Lavrov", "Kremlin"], "all": ["United States"]}.
 * An article matches when it contains at least one "any" phrase (if given), every "all"
 * phrase and no "none" phrase. Matching ignores case and respects word boundaries.
 */
const phrases = z.array(z.string().trim().min(1).max(100)).min(1).max(200);

const customTopicSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'use 1-48 lowercase letters, digits and dashes')
      .refine((name) => !(TOPIC_LABELS as readonly string[]).includes(name), 'is a built-in topic name'),
    any: phrases.optional(),
    all: phrases.optional(),
    none: phrases.optional(),
  })
  .strict()
  .refine((topic) => topic.any !== undefined || topic.all !== undefined, 'needs "any" or "all" phrases');

export const customTopicsFileSchema = z.array(customTopicSchema).superRefine((topics, context) => {
  const seen = new Set<string>();
  topics.forEach((topic, index) => {
    if (seen.has(topic.name)) context.addIssue({ code: 'custom', path: [index, 'name'], message: `"${topic.name}" is defined twice` });
    seen.add(topic.name);
  });
});

export type CustomTopic = z.infer<typeof customTopicSchema>;

function phrasePattern(phrase: string): RegExp {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Compiled once per configuration, applied to every article. */
export class CustomTopicMatcher {
  private readonly rules: { name: string; any: RegExp[]; all: RegExp[]; none: RegExp[] }[];

  constructor(topics: readonly CustomTopic[]) {
    this.rules = topics.map((topic) => ({
      name: topic.name,
      any: (topic.any ?? []).map(phrasePattern),
      all: (topic.all ?? []).map(phrasePattern),
      none: (topic.none ?? []).map(phrasePattern),
    }));
  }

  get names(): string[] {
    return this.rules.map((rule) => rule.name);
  }

  /** Names of the custom topics the article's text matches, in configuration order. */
  match(article: { readonly headline: string; readonly body: readonly string[] }): string[] {
    if (this.rules.length === 0) return [];
    const text = [article.headline, ...article.body].join('\n');
    return this.rules
      .filter(
        (rule) =>
          (rule.any.length === 0 || rule.any.some((pattern) => pattern.test(text))) &&
          rule.all.every((pattern) => pattern.test(text)) &&
          !rule.none.some((pattern) => pattern.test(text)),
      )
      .map((rule) => rule.name);
  }
}
