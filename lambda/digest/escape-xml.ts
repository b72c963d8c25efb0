/** Characters XML 1.0 forbids anywhere (C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF): one makes a feed unreadable. */
const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Untrusted text for XML text and attribute values: forbidden characters dropped, markup escaped. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '').replace(/[&<>"']/g, (character) => XML_ESCAPES[character] ?? character);
}
