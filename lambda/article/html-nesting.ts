const VOID_OR_OPTIONAL_CLOSE = new Set(
  'area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp'.split(' '),
);

/**
 * Whether the markup nests elements deeper than `limit`, by one linear scan of the tags (no DOM).
 * DOM parsers and Readability slow down steeply on absurd nesting, so such input is refused
 * before parsing. Tags that may be left unclosed, void tags and script/style bodies are ignored.
 */
export function htmlNestsDeeperThan(html: string, limit: number): boolean {
  const markup = html.replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '');
  let depth = 0;
  for (const match of markup.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (VOID_OR_OPTIONAL_CLOSE.has(name!.toLowerCase()) || selfClosing) continue;
    depth = closing ? Math.max(0, depth - 1) : depth + 1;
    if (depth > limit) return true;
  }
  return false;
}
