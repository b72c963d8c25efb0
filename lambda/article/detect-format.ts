import type { ArticleFormat } from './parsed-article.js';

/** Format from content first (editors misname files), the extension only to break ties. */
export function detectFormat(text: string, fileName: string): ArticleFormat {
  const head = text.slice(0, 4096).trimStart();
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (/^<!doctype html|^<html[\s>]|^<\?xml[^>]*>\s*<html/i.test(head)) return 'html';
  const tag = /<\/?(?:p|div|span|a|h[1-6]|article|body|head|meta|title|script|br|li|ul|section|nav|header|footer)\b[^>]*>/i;
  const tags = head.match(new RegExp(tag.source, 'gi'))?.length ?? 0;
  if (tags >= 1 && (/^</.test(head) || extension === 'html' || extension === 'htm')) return 'html';
  // Markup that starts mid-text is HTML only when it runs through the text; a blog post quoting a
  // <script> line or two in its code samples is still plain text.
  const lines = head.split('\n').filter((line) => line.trim());
  if (tags >= 3 && lines.filter((line) => tag.test(line)).length >= 0.3 * lines.length) return 'html';
  if (isDeclaredMarkdown(text, fileName)) return 'markdown';
  const markdownSignals = (head.match(/^#{1,6} \S|^\s*[-*] \S|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*/gm) ?? []).length;
  return markdownSignals >= 3 && /^#{1,6} \S/m.test(head) ? 'markdown' : 'text';
}

/**
 * Markdown by its name (.md) or its front matter, not only by its look: the look misleads (a text
 * browser's dump of a blog post has bullet lists and, in its code, "# comment" lines).
 */
export function isDeclaredMarkdown(text: string, fileName: string): boolean {
  return /^---\n[\s\S]*?\n---\s*\n/.test(text.slice(0, 4096).trimStart()) || /\.(md|markdown)$/i.test(fileName);
}
