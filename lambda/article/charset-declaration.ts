import { MIMEType } from 'node:util';

/**
 * Charsets a file or its upload declares: the object's Content-Type (set by whoever uploaded it)
 * and, inside the file, an HTML `<meta charset>` / `<meta http-equiv="Content-Type">` or an XML
 * declaration. Labels are resolved as the WHATWG Encoding Standard says (TextDecoder does it:
 * "latin1" and "iso-8859-1" are windows-1252, "cp1251" is windows-1251); an unknown label is no
 * declaration.
 */

/** How much of the file is searched for a declaration: the HTML head of any sane page fits. */
export const PRESCAN_BYTES = 4096;

/** The canonical encoding name of a label (e.g. "utf-8", "windows-1251", "koi8-r"), or null. */
export function encodingOfLabel(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** The charset parameter of a Content-Type such as `text/html; charset=koi8-r`; null when absent, malformed or unknown. */
export function contentTypeCharset(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  try {
    const charset = new MIMEType(contentType).params.get('charset');
    return charset ? encodingOfLabel(charset) : null;
  } catch {
    return null;
  }
}

const META_TAG = /<meta\b[^>]*>/gi;
/** `charset=` as an attribute or inside a content attribute ("text/html; charset=KOI8-R"). */
const META_CHARSET = /(?:^|[\s"';])charset\s*=\s*["']?\s*([\w.:-]+)/i;
const XML_ENCODING = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/;

/**
 * The charset the file's first PRESCAN_BYTES declare. As browsers do, a UTF-16 declaration in
 * bytes that could be read as ASCII means UTF-8 (a UTF-16 file would not show its markup that way).
 * The search is bounded by the prefix's size, whatever the file holds.
 */
export function documentCharset(bytes: Uint8Array): string | null {
  const prefix = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PRESCAN_BYTES)).toString('latin1');
  const label = XML_ENCODING.exec(prefix)?.[1] ?? metaCharset(prefix);
  const encoding = label ? encodingOfLabel(label) : null;
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? 'utf-8' : encoding;
}

function metaCharset(prefix: string): string | null {
  for (const [tag] of prefix.matchAll(META_TAG)) {
    const label = META_CHARSET.exec(tag.slice(5))?.[1];
    if (label) return label;
  }
  return null;
}
