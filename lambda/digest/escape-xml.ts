import { escapeHtml } from './escape-html.js';

/** Characters XML 1.0 forbids anywhere (C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF): one makes a feed unreadable. */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Untrusted text for XML text and attribute values: forbidden characters dropped, then escaped as
 * for HTML (its five escapes, `&#39;` included, are XML's too).
 */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(NOT_XML_CHARACTER, ''));
}
