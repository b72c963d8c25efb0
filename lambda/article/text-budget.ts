import { TooComplexError } from './article-error.js';

/**
 * The most text (characters) an extractor reads: the whole file for plain text and Markdown, the
 * text outside <script> and <style> for HTML. An article of 100,000 words (five times a long-form
 * piece) is ~600,000 characters. Every stage after this one (line analysis, regexes over each
 * line, the summary, the classifier, the stored object) is linear in the text, so this bounds
 * their time and memory too: 5 MB of "By By By …" took 2 s and 590 MB before it was refused.
 */
export const MAX_TEXT_CHARS = 1024 * 1024;

/** Throws TooComplexError when `chars` characters of `what` are more than an extractor reads. */
export function checkTextBudget(chars: number, what: string): void {
  if (chars > MAX_TEXT_CHARS) {
    throw new TooComplexError(`${what} is ${chars.toLocaleString('en')} characters of text; an article may have at most ${MAX_TEXT_CHARS.toLocaleString('en')}`);
  }
}
