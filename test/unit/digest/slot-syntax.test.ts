import { describe, expect, it } from 'vitest';
import { slot, slotsNamed, TEMPLATE_SLOT_PATTERN } from '../../../lambda/digest/slot-syntax.js';

describe('slot syntax', () => {
  it('writes {{name}} and {{name:argument}}', () => {
    expect(slot('title')).toBe('{{title}}');
    expect(slot('layout', 'story-with-link')).toBe('{{layout:story-with-link}}');
  });

  it('tells template slots from slots with an argument', () => {
    const text = `${slot('title')} ${slot('layout', 'section')} {{not a slot}} {{}}`;
    expect([...text.matchAll(TEMPLATE_SLOT_PATTERN)].map((match) => match[1])).toEqual(['title']);
  });

  it('finds the slots of one name and their arguments, and only those', () => {
    const text = `${slot('recipient-ab12-stop', 'sport')} ${slot('recipient-ab12-stop', 'world-news')} ${slot('recipient-ab12', 'email')} ${slot('recipient-ab12-stop')} {{recipient-ab12-stop:Sport}}`;
    expect([...text.matchAll(slotsNamed('recipient-ab12-stop'))].map((match) => match[1])).toEqual(['sport', 'world-news']);
    expect([...text.matchAll(slotsNamed('recipient-ab12'))].map((match) => match[1])).toEqual(['email']);
  });

  it('refuses a name that would be read as a pattern', () => {
    expect(() => slotsNamed('a.b')).toThrow(/not letters, digits and dashes/);
  });
});
