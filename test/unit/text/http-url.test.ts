import { describe, expect, it } from 'vitest';
import { httpUrlOrNull } from '../../../lambda/text/http-url.js';

describe('httpUrlOrNull', () => {
  it('keeps absolute http and https links, trimmed and normalised', () => {
    expect(httpUrlOrNull('https://example.com/a?b=1&c=2')).toBe('https://example.com/a?b=1&c=2');
    expect(httpUrlOrNull('  http://example.com/a  ')).toBe('http://example.com/a');
    expect(httpUrlOrNull('HTTPS://Example.COM')).toBe('https://example.com/');
    expect(httpUrlOrNull('https://example.com/a b')).toBe('https://example.com/a%20b');
  });

  it('drops other schemes, relative links and text that is no URL', () => {
    for (const value of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com/a', 'mailto:a@example.com', '/news/a.html', 'example.com/a', 'https://', 'not a url']) {
      expect(httpUrlOrNull(value), value).toBeNull();
    }
  });

  it('answers null for nothing', () => {
    expect(httpUrlOrNull(null)).toBeNull();
    expect(httpUrlOrNull(undefined)).toBeNull();
    expect(httpUrlOrNull('   ')).toBeNull();
  });
});
