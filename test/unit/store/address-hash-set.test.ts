import { describe, expect, it } from 'vitest';
import { AddressHashSet } from '../../../lambda/store/address-hash-set.js';
import { addressHash } from '../../../lambda/store/keys.js';

describe('AddressHashSet', () => {
  it('knows every address added past its first growth, and no other', () => {
    const set = new AddressHashSet();
    for (let i = 0; i < 3_000; i++) set.add(addressHash(`reader${i}@example.com`), i + 1);

    expect(set.seal()).toEqual([]);
    expect(set.size).toBe(3_000);
    for (let i = 0; i < 3_000; i += 7) expect(set.has(addressHash(`reader${i}@example.com`))).toBe(true);
    for (let i = 3_000; i < 3_300; i++) expect(set.has(addressHash(`reader${i}@example.com`))).toBe(false);
  });

  it('answers each repeat with the first row that had the address, in file order', () => {
    const set = new AddressHashSet();
    set.add(addressHash('b@example.com'), 2);
    set.add(addressHash('a@example.com'), 3);
    set.add(addressHash('B@Example.com'), 5);
    set.add(addressHash('a@example.com '), 4);
    set.add(addressHash('b@example.com'), 9);

    expect(set.seal()).toEqual([
      { first: 3, again: 4 },
      { first: 2, again: 5 },
      { first: 2, again: 9 },
    ]);
    expect(set.size).toBe(2);
  });

  it('refuses to be asked before it is sealed, or added to after', () => {
    const set = new AddressHashSet();
    set.add(addressHash('a@example.com'), 1);
    expect(() => set.has(addressHash('a@example.com'))).toThrow(/before seal/);
    set.seal();
    expect(() => set.add(addressHash('b@example.com'), 2)).toThrow(/after seal/);
  });
});
