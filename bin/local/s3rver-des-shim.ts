import crypto from 'node:crypto';

/*
 * s3rver 3.7 encrypts LIST continuation tokens with single DES, which OpenSSL 3 (Node >= 17) only
 * has in its legacy provider: listing more than 1,000 keys under a prefix answers 500. Triple DES
 * with one key repeated three times (encrypt-decrypt-encrypt) is single DES, byte for byte, and is
 * in OpenSSL's default provider, so 'des' is mapped to it. Only the algorithm name 'des' changes;
 * nothing in newsdrop asks for DES, and this runs only where the emulator runs (local mode, tests).
 */
let shimmed = false;

export function installS3rverDesShim(): void {
  if (shimmed) return;
  shimmed = true;
  const createCipheriv = crypto.createCipheriv;
  const createDecipheriv = crypto.createDecipheriv;
  const tripled = (key: crypto.CipherKey) => {
    const bytes = Buffer.from(key as Uint8Array);
    return Buffer.concat([bytes, bytes, bytes]);
  };
  // The module object is shared with s3rver's require('crypto'); the wrappers keep every other algorithm as it was.
  const patched = crypto as unknown as Record<'createCipheriv' | 'createDecipheriv', (...args: unknown[]) => unknown>;
  patched.createCipheriv = (algorithm, key, iv, options) =>
    algorithm === 'des'
      ? createCipheriv('des-ede3-cbc', tripled(key as crypto.CipherKey), iv as crypto.BinaryLike)
      : (createCipheriv as (...args: unknown[]) => unknown)(algorithm, key, iv, options);
  patched.createDecipheriv = (algorithm, key, iv, options) =>
    algorithm === 'des'
      ? createDecipheriv('des-ede3-cbc', tripled(key as crypto.CipherKey), iv as crypto.BinaryLike)
      : (createDecipheriv as (...args: unknown[]) => unknown)(algorithm, key, iv, options);
}
