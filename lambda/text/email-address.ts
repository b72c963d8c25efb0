/**
 * An address as an operator writes one: local@domain.tld, without spaces or angle brackets.
 * Deliberately loose (SES and the recipient's server have the last word); it catches typos such as
 * a missing @ or domain, not every address RFC 5321 forbids.
 */
const ADDRESS = /^[^\s<>@]+@([^\s<>@]+\.[^\s<>@]+)$/;

export function isEmailAddress(text: string): boolean {
  return ADDRESS.test(text);
}

/** The domain of an address ("example.org" of "digest@example.org"), or null for no address. */
export function emailDomain(address: string): string | null {
  return ADDRESS.exec(address)?.[1] ?? null;
}

/**
 * The address of a From value: "News Digest <digest@example.org>" or a bare "digest@example.org";
 * null when there is none, or when a display name stands before an address without brackets.
 */
export function senderAddressIn(from: string): string | null {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return isEmailAddress(address) ? address : null;
}

/**
 * The form in which two spellings of one address compare equal: mail systems treat the domain, and
 * in practice the local part, without regard to case, and config files carry stray spaces.
 */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}
