/**
 * Which languages of the extra pages a trainer fits on (`--extra-languages`): `all`, a list
 * (`en,de`), or every language but a list (`all-but-en`, `all-but-en,fr`; no leading minus, which
 * parseArgs would take for a flag). The last one exists so a trainer can
 * fit on the evaluated collections' non-English pages while their English pages stay a clean judge
 * (eval:extract's "Unseen en"), and Postlight, a training-only collection, keeps its pages.
 */
export type ExtraLanguageChoice =
  | { readonly kind: 'all' }
  | { readonly kind: 'only'; readonly languages: ReadonlySet<string> }
  | { readonly kind: 'except'; readonly languages: ReadonlySet<string> };

const EXCEPT_PREFIX = 'all-but-';

export function parseExtraLanguages(text: string): ExtraLanguageChoice {
  if (text === 'all') return { kind: 'all' };
  const except = text.startsWith(EXCEPT_PREFIX);
  const languages = (except ? text.slice(EXCEPT_PREFIX.length) : text).split(',').filter(Boolean);
  if (languages.length === 0 || languages.some((language) => !/^[a-z]{2,3}$/.test(language))) {
    throw new Error(`--extra-languages takes all, a list of language codes (en,de) or all-but- and a list (all-but-en), not ${JSON.stringify(text)}`);
  }
  return { kind: except ? 'except' : 'only', languages: new Set(languages) };
}

/**
 * Whether a page is trained on. `language` is what import:extra-pages recorded (null: not clear;
 * undefined: imported before languages were recorded); `trainingOnly`, whether its collection is
 * no evaluation set (TRAINING_ONLY_COLLECTIONS: Postlight). A list keeps only the pages of a listed
 * language. all-but- is about keeping the evaluated pages of those languages unread, so it keeps
 * a training-only collection whole, and drops a page whose language is not known, which might be
 * one of them.
 */
export function extraLanguageChosen(choice: ExtraLanguageChoice, language: string | null | undefined, trainingOnly: boolean): boolean {
  switch (choice.kind) {
    case 'all':
      return true;
    case 'only':
      return choice.languages.has(language ?? '');
    case 'except':
      return trainingOnly || (language != null && !choice.languages.has(language));
  }
}

/** The choice as the flag writes it, for the trainer's report. */
export function describeExtraLanguages(choice: ExtraLanguageChoice): string {
  return choice.kind === 'all' ? 'all' : `${choice.kind === 'except' ? 'all but ' : ''}${[...choice.languages].join(',')}`;
}
