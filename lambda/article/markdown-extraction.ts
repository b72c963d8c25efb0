import { parse as parseYaml } from 'yaml';
import { NoArticleFoundError } from './article-error.js';
import { normalisePublished } from './publication-date.js';
import type { ExtractedHtml } from './html-extraction.js';
import { countWords } from '../text/words.js';

/** Markdown syntax → plain text: links keep their text, images and HTML tags go. */
function plain(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^>\s?/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

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
export function extractFromMarkdown(markdown: string): ExtractedHtml {
  let front: Record<string, unknown> = {};
  let content = markdown;
  const frontMatter = /^---\n([\s\S]*?)\n---\s*\n/.exec(markdown.trimStart());
  if (frontMatter) {
    try {
      const parsed: unknown = parseYaml(frontMatter[1]!);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) front = parsed as Record<string, unknown>;
    } catch {
      // Malformed front matter: treat the article as having none rather than refusing it.
    }
    content = markdown.trimStart().slice(frontMatter[0].length);
  }
  const blocks = content
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  const headingIndex = blocks.findIndex((block) => /^#\s+\S/.test(block));
  const heading = headingIndex >= 0 ? plain(blocks[headingIndex]!.replace(/^#+\s*/, '')) : null;
  const body = blocks
    .filter((_, index) => index !== headingIndex)
    .filter((block) => !/^(-{3,}|\*{3,}|```)/.test(block))
    .map((block) => plain(block.replace(/^#{1,6}\s+/, '').replace(/^\s*[-*+]\s+/gm, '')))
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
