/**
 * What a digest does with a new report of a story the reader was already sent (another outlet's
 * report of the same event, in a later run): "show" marks it "Update to an earlier story", "omit"
 * leaves it out (the operator's setting storyUpdates, STORY_UPDATES in the senders' environment).
 */
export const STORY_UPDATE_CHOICES = ['show', 'omit'] as const;
export type StoryUpdates = (typeof STORY_UPDATE_CHOICES)[number];
