import { describe, expect, it } from 'vitest';
import { isDateLine } from '../../../lambda/article/date-line.js';

describe('timestamp lines', () => {
  it.each(['Thursday, December 27 2007, 07:00 GMT', 'Wed 16 Jan 2008', 'Updated Thu. Jan. 10 2008 10:12 PM ET', '04:52 PM PST on Friday, January 18, 2008', '2008-01-08 09:07:17'])(
    'knows "%s" says only when',
    (line) => expect(isDateLine(line)).toBe(true),
  );

  it.each(['Stocks fall on January 5, 2008', 'www.chinaview.cn 2008-01-08 09:07:17', 'Ferry sails on Friday', 'Sunday Times Rich List 2008'])(
    'knows "%s" says more than when',
    (line) => expect(isDateLine(line)).toBe(false),
  );
});
