/**
 * The language the topic model was trained on: tools/topics trains on BBC News and AG News
 * (../shared/data/topics), both English. Its word weights say nothing about text in another
 * language, whatever probability they add up to.
 */
export const TOPIC_MODEL_LANGUAGE = 'en';

/** Whether the model can read an article in `language`; an unknown language (null, or an article stored before detection) is given the benefit of the doubt. */
export function topicModelReads(language: string | null | undefined): boolean {
  return language == null || language === TOPIC_MODEL_LANGUAGE;
}
