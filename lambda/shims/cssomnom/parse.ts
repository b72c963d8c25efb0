/**
 * Stands in for cssomnom's style-sheet parser in the Lambda bundles (lib/newsdrop-function.ts
 * aliases `cssomnom` here). linkedom calls it only from `HTMLStyleElement.sheet`, which neither
 * newsdrop nor Readability reads: extraction drops `<style>` elements whole. The real parser is
 * 195 KB of the ingest bundle, more than its 1.5 MB budget has to spare.
 */
export function parse(): never {
  throw new Error('newsdrop bundles do not parse style sheets (HTMLStyleElement.sheet)');
}
