import { describe, expect, it } from 'vitest';
import { emailDomain, isEmailAddress, normaliseAddress, senderAddressIn } from '../../../lambda/text/email-address.js';

describe('email addresses', () => {
  it('takes local@domain.tld and refuses what is clearly no address', () => {
    expect(isEmailAddress('ops@example.org')).toBe(true);
    expect(isEmailAddress('first.last+news@mail.example.co.uk')).toBe(true);
    for (const value of ['ops', 'ops@example', '@example.org', 'ops@@example.org', 'ops@example.org ', 'an ops@example.org', '<ops@example.org>', 'ops@.', '']) {
      expect(isEmailAddress(value), value).toBe(false);
    }
  });

  it('names the domain of an address', () => {
    expect(emailDomain('digest@news.example.org')).toBe('news.example.org');
    expect(emailDomain('News <digest@news.example.org>')).toBeNull();
  });

  it('finds the address of a From value, bracketed or bare', () => {
    expect(senderAddressIn('News Digest <digest@example.org>')).toBe('digest@example.org');
    expect(senderAddressIn('"Digest, daily" <digest@example.org>  ')).toBe('digest@example.org');
    expect(senderAddressIn(' digest@example.org ')).toBe('digest@example.org');
    // A display name needs the brackets: "News digest@example.org" is no From value SES accepts.
    expect(senderAddressIn('News digest@example.org')).toBeNull();
    expect(senderAddressIn('News Digest <digest>')).toBeNull();
    expect(senderAddressIn('nobody')).toBeNull();
  });

  it('compares addresses without case or surrounding space', () => {
    expect(normaliseAddress('  Reader@Example.ORG\n')).toBe('reader@example.org');
    expect(normaliseAddress('reader@example.org')).toBe('reader@example.org');
  });
});
