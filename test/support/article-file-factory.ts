/** Text of article files as editors drop them (a scraped page as plain text), distinct per call. */

const PLACES = ['Riverton', 'Kingsbridge', 'Eastmoor', 'Lakeview', 'Northgate', 'Ashford', 'Millbrook', 'Westhaven', 'Stonebury', 'Fairport', 'Glenwood', 'Harrowby'];

const STORIES = [
  {
    headline: (place: string) => `${place} council approves new harbour terminal after long debate`,
    lede: (place: string) =>
      `The ${place} city council voted on Tuesday to approve a new container terminal at the harbour, ending two years of disputes over funding and the route of a new access road.`,
    more: 'Councillors said the terminal would create about 400 jobs. Opponents warned that traffic on the coast road would double and promised to challenge the decision in court.',
  },
  {
    headline: (place: string) => `${place} United win the regional cup final with a late penalty`,
    lede: (place: string) =>
      `${place} United won the regional cup final on Saturday, scoring a penalty in the last minute of extra time after the match had been level for most of the afternoon.`,
    more: 'The captain lifted the trophy in front of 30,000 supporters. The coach said the squad had earned the win after a season of injuries and two changes of goalkeeper.',
  },
  {
    headline: (place: string) => `Battery maker in ${place} reports record quarterly profit`,
    lede: (place: string) =>
      `A battery manufacturer based in ${place} reported a record quarterly profit on Wednesday, as demand for storage systems from utilities and car makers rose sharply.`,
    more: 'Revenue grew 38 percent from a year earlier. The company said it would open a second factory next year and raise its dividend, sending its shares up nine percent.',
  },
  {
    headline: (place: string) => `Parliament passes housing bill backed by ${place} mayor`,
    lede: (place: string) =>
      `Parliament passed a housing bill on Thursday that lets cities such as ${place} build on unused rail land, after the government won the vote by a margin of eleven.`,
    more: 'The opposition said the bill did too little for renters. Ministers said the first homes under the new rules would be finished within three years.',
  },
];

let sequence = 0;

export interface ArticleFile {
  readonly headline: string;
  readonly text: string;
}

/** A scraped page as plain text: site name, menu, headline, dateline, paragraphs, footer. */
export function plainTextArticle(overrides: { headline?: string; place?: string } = {}): ArticleFile {
  const n = sequence++;
  const place = overrides.place ?? `${PLACES[n % PLACES.length]}${n >= PLACES.length ? ` ${Math.floor(n / PLACES.length) + 1}` : ''}`;
  const story = STORIES[n % STORIES.length]!;
  const headline = overrides.headline ?? story.headline(place);
  const text = [
    'Coastal Courier',
    'Home | News | Sport | Business | Subscribe',
    '',
    headline,
    '',
    `By Staff Reporter, ${place}, 24 Nov 2026`,
    '',
    story.lede(place),
    '',
    story.more,
    '',
    `Local groups in ${place} said they would follow the next steps closely and publish their own figures before the end of the year.`,
    '',
    'Copyright 2026 Coastal Courier. All rights reserved.',
    '',
  ].join('\n');
  return { headline, text };
}
