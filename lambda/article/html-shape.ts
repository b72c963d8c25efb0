import { Parser } from 'htmlparser2';
import { TooComplexError, UnsupportedContentError } from './article-error.js';
import type { ParseDeadline } from './parse-deadline.js';

/** What the DOM of a page would hold, measured without building it. */
export interface HtmlShape {
  readonly elements: number;
  /** Elements, attributes, text, comment and CDATA nodes: what the DOM allocates. */
  readonly nodes: number;
  /** Deepest element nesting. */
  readonly depth: number;
  /** Characters of text outside <script> and <style>: what the extractors will read. */
  readonly textChars: number;
}

export interface HtmlLimits {
  /** Deeper than this the page is refused as unsupported-content. */
  readonly maxDepth: number;
  /** More DOM nodes than this and the page is refused as too-complex. */
  readonly maxNodes: number;
  /** More text than this (outside <script> and <style>) and the page is refused as too-complex. */
  readonly maxTextChars: number;
}

/**
 * Measures the DOM linkedom would build from `html` (depth, elements, nodes) in one streaming
 * pass of htmlparser2, the tokenizer and tree builder linkedom itself uses, with linkedom's
 * options: so void elements, `<div/>` (an open div in HTML), end tags that close nothing, implied
 * closes, script/style bodies, entities (each its own text node) and comments are counted exactly
 * as the DOM will hold them. Linear in the input; stops as soon as a limit is passed, before any
 * DOM is allocated. Script and style bodies count as nodes, not as text: pages embed megabytes of
 * JSON in them, which no extractor reads.
 */
export function measureHtml(html: string, limits: HtmlLimits, deadline: ParseDeadline): HtmlShape {
  let elements = 0;
  let nodes = 0;
  let depth = 0;
  let deepest = 0;
  let textChars = 0;
  let inScriptOrStyle = false;
  const counted = () => {
    if (++nodes > limits.maxNodes) {
      throw new TooComplexError(`the HTML would build more than ${limits.maxNodes.toLocaleString('en')} DOM nodes (elements, attributes, text); that is not an article page`);
    }
    deadline.tick('measuring the HTML');
  };
  const parser = new Parser(
    {
      onopentag(name) {
        counted();
        inScriptOrStyle = name === 'script' || name === 'style';
        elements++;
        if (++depth > deepest) deepest = depth;
        if (depth > limits.maxDepth) throw new UnsupportedContentError(`the HTML nests elements more than ${limits.maxDepth} levels deep; that is not an article page`);
      },
      onclosetag() {
        depth--;
        inScriptOrStyle = false;
      },
      onattribute: counted,
      ontext(text) {
        counted();
        if (inScriptOrStyle) return;
        textChars += text.length;
        if (textChars > limits.maxTextChars) {
          throw new TooComplexError(`the HTML holds more than ${limits.maxTextChars.toLocaleString('en')} characters of text; an article may have at most that`);
        }
      },
      oncomment: counted,
      oncdatastart: counted,
      onprocessinginstruction: counted,
    },
    { lowerCaseAttributeNames: false, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { elements, nodes, depth: deepest, textChars };
}
