/** A link to a site's home page: "/", "/index.html", "https://example.org/". */
const HOME_LINK = /^(?:https?:\/\/[^/?#]+)?\/?(?:index\.\w+)?$/i;

/** The little of a DOM element this needs: linkedom's and the browser's elements both have it. */
interface HeadingElement {
  readonly textContent: string | null;
  closest(selector: string): { getAttribute(name: string): string | null } | null;
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
}

/**
 * The page's first <h1> that is not its site's logo: an <h1> inside, or wrapping, a link to the
 * home page names the site ("엔터 미디어" above an Entermedia story), whatever its words.
 */
export function storyHeadingOf(document: { querySelectorAll(selector: 'h1'): Iterable<HeadingElement> }): HeadingElement | null {
  const isHomeLink = (link: { getAttribute(name: string): string | null } | null) => link !== null && HOME_LINK.test(link.getAttribute('href')?.trim() ?? '#');
  for (const heading of document.querySelectorAll('h1')) {
    if (isHomeLink(heading.closest('a')) || [...heading.querySelectorAll('a')].some(isHomeLink)) continue;
    return heading;
  }
  return null;
}
