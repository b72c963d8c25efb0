/**
 * Signing keys by version; links name the version they were signed with, so keys can rotate.
 * A Map, not an object: a version read from a link ("constructor", "__proto__") finds no inherited member.
 */
export interface SigningKeys {
  readonly current: string;
  readonly keys: ReadonlyMap<string, string>;
}

/** A version as the secret names it (key<version>); anything else in a link is damage, not a version to fetch. */
export const KEY_VERSION_PATTERN = /^\w{1,32}$/;

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

/** The link names a key version this container does not know: refused unless fetching the keys again finds it. */
export class UnknownSigningKeyError extends InvalidTokenError {
  constructor(readonly version: string) {
    super('the link was not issued by this newsdrop');
    this.name = 'UnknownSigningKeyError';
  }
}
