import type { ArticleFormat } from './parsed-article.js';

/** Format from content first (editors misname files), the extension only to break ties. */
export function detectFormat(text: string, fileName: string): ArticleFormat {
  const head = text.slice(0, 4096).trimStart();
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (/^<!doctype html|^<html[\s>]|^<\?xml[^>]*>\s*<html/i.test(head)) return 'html';
  const tags = head.match(/<\/?(?:p|div|span|a|h[1-6]|article|body|head|meta|title|script|br|li|ul|section|nav|header|footer)\b[^>]*>/gi)?.length ?? 0;
  if (tags >= 3 || ((extension === 'html' || extension === 'htm') && tags >= 1)) return 'html';
  if (/^---\n[\s\S]*?\n---\s*\n/.test(head)) return 'markdown';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  const markdownSignals = (head.match(/^#{1,6} \S|^\s*[-*] \S|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*/gm) ?? []).length;
  return markdownSignals >= 3 && /^#{1,6} \S/m.test(head) ? 'markdown' : 'text';
}
