/** A short plain-text article as an editor drops it: headline, byline, date line, three paragraphs. */
export const TRADE_TALKS_ARTICLE = `Ministers agree new trade rules after overnight talks

By Jane Example
Published 20 November 2026

Trade ministers from twelve countries agreed on Friday to cut tariffs on farm goods after talks that ran through the night.

"This is a fair deal for farmers and for consumers," the chair of the talks told reporters.

The agreement must still be ratified by each national parliament before it takes effect next year.
`;
