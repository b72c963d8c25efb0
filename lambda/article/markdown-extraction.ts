import { parse as parseYaml } from 'yaml';
import { NoArticleFoundError } from './article-error.js';
import { normalisePublished } from './publication-date.js';
import type { ExtractedHtml } from './html-extraction.js';
import type { ParseDeadline } from './parse-deadline.js';
import { checkTextBudget } from './text-budget.js';
import { countWords } from '../text/words.js';

/**
 * A link's destination: anything up to its ")" but parentheses, which may nest one level
 * ("(https://en.wikipedia.org/wiki/Oder_(river))"). Neither it nor the link text may run past the
 * next bracket of their kind: each match attempt then stops where the next one starts, so a
 * paragraph of "[a](" or "<a" repeated is read in linear time, not a scan to its end per bracket.
 */
const DESTINATION = String.raw`\((?:[^()]|\([^()]*\))*\)`;
const IMAGE = new RegExp(String.raw`!\[[^\][]*\]${DESTINATION}`, 'g');
const LINK = new RegExp(String.raw`\[([^\][]+)\]${DESTINATION}`, 'g');

/** Markdown syntax → plain text: links keep their text, images and HTML tags go. */
function plain(markdown: string): string {
  return markdown
    .replace(IMAGE, '')
    .replace(LINK, '$1')
    .replace(/<[^<>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^>\s?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Front matter holds a title, a source, a date, an author and a URL: a few hundred bytes. Past
 * this it is skipped unread (as malformed front matter is), so YAML's cost stays bounded.
 */
const MAX_FRONT_MATTER_CHARS = 64 * 1024;

function field(front: Record<string, unknown>, ...names: string[]): string | null {
  for (const name of names) {
    const value = front[name];
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (Array.isArray(value) && typeof value[0] === 'string') return value.join(', ');
  }
  return null;
}

/** Markdown with optional YAML front matter (title, source, published/date, author, url). */
export function extractFromMarkdown(markdown: string, deadline: ParseDeadline): ExtractedHtml {
  checkTextBudget(markdown.length, 'the Markdown file');
  let front: Record<string, unknown> = {};
  let content = markdown;
  const frontMatter = /^---\n([\s\S]*?)\n---\s*\n/.exec(markdown.trimStart());
  if (frontMatter && frontMatter[1]!.length <= MAX_FRONT_MATTER_CHARS) {
    try {
      const parsed: unknown = parseYaml(frontMatter[1]!);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) front = parsed as Record<string, unknown>;
    } catch {
      // Malformed front matter: treat the article as having none rather than refusing it.
    }
  }
  if (frontMatter) content = markdown.trimStart().slice(frontMatter[0].length);
  deadline.check('reading the front matter');
  const blocks = content
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  const headingIndex = blocks.findIndex((block) => /^#\s+\S/.test(block));
  const heading = headingIndex >= 0 ? plain(blocks[headingIndex]!.replace(/^#+\s*/, '')) : null;
  const body = blocks
    .filter((_, index) => index !== headingIndex)
    .filter((block) => !/^(-{3,}|\*{3,}|```)/.test(block))
    .map((block) => {
      deadline.tick('reading the Markdown');
      return plain(block.replace(/^#{1,6}\s+/, '').replace(/^[ \t]*[-*+]\s+/gm, ''));
    })
    .filter(Boolean);
  const headline = field(front, 'title', 'headline') ?? heading;
  if (!headline || countWords(body.join(' ')) < 15) throw new NoArticleFoundError('the Markdown file has no headline or no body text');
  return {
    headline: plain(headline),
    body,
    byline: field(front, 'author', 'byline', 'authors'),
    source: field(front, 'source', 'publisher', 'site'),
    published: normalisePublished(field(front, 'published', 'date', 'datePublished')),
    url: field(front, 'url', 'link', 'canonical'),
  };
}
