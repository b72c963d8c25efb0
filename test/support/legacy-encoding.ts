/**
 * Test-side encoders for the files a newsroom's older systems write: a single-byte charset with
 * characters it lacks written as HTML numeric references (what an HTML editor saving in KOI8-R
 * does with « and —), and UTF-16 without a byte-order mark. The reverse tables come from the
 * platform's decoder, not from the code under test (so not for windows-1252: Node's decoder maps
 * its 0x80–0x9F to C1 controls, nodejs/node#60888).
 */
export function encodeSingleByte(text: string, label: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const byteOf = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const character = decoder.decode(Uint8Array.of(byte));
    if (character !== '\ufffd' && !byteOf.has(character)) byteOf.set(character, byte);
  }
  const bytes: number[] = [];
  for (const character of text) {
    const byte = byteOf.get(character);
    if (byte !== undefined) bytes.push(byte);
    else for (const reference of new TextEncoder().encode(`&#${character.codePointAt(0)};`)) bytes.push(reference);
  }
  return Uint8Array.from(bytes);
}

export function encodeUtf16(text: string, endian: 'le' | 'be', bom = false): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  return bom ? Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body;
}
