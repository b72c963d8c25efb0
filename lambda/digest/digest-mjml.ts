import { PAGE_SLOTS, type DigestSlots, type PageSlot, type SectionSlots, type StorySlots } from './digest-slots.js';
import { slot, slotsNamed } from './slot-syntax.js';
import { fillTemplate, type DigestTemplates } from './template-files.js';

/** Where each repeated or optional piece of a digest starts (or, for the last ones, ends). */
export const LAYOUT_BOUNDARIES = ['section', 'story-with-link', 'story', 'section-end', 'sections-end', 'more', 'more-end'] as const;
export type LayoutBoundary = (typeof LAYOUT_BOUNDARIES)[number];

const storyLinkMjml = (url: string) => `<mj-text font-size="14px" padding="6px 24px 0 24px"><a href="${url}">Read the original</a></mj-text>`;

const moreMjml = (text: string) =>
  `<mj-section padding="16px 0 0 0"><mj-column><mj-text font-size="14px" color="#52606d" css-class="meta">${text}</mj-text></mj-column></mj-section>`;

/**
 * The MJML of one digest: the templates with every slot filled. `boundary` puts a marker where
 * each piece starts; only the layout compiled at build time uses it.
 */
export function digestMjml(templates: DigestTemplates, slots: DigestSlots, boundary: (at: LayoutBoundary) => string = () => ''): string {
  const story = (values: StorySlots) =>
    boundary(values.url === null ? 'story' : 'story-with-link') +
    fillTemplate(templates.story, {
      headlineHtml: values.headlineHtml,
      meta: values.meta,
      summary: values.summary,
      link: values.url === null ? '' : storyLinkMjml(values.url),
    });
  const section = (values: SectionSlots) =>
    boundary('section') +
    fillTemplate(templates.section, {
      topicTitle: values.topicTitle,
      stopTopic: values.stopTopic,
      stories: values.stories.map(story).join('\n') + boundary('section-end'),
    });
  return fillTemplate(templates.digest, {
    ...slots.page,
    sections: slots.sections.map(section).join('\n') + boundary('sections-end'),
    more: slots.more === null ? '' : boundary('more') + moreMjml(slots.more) + boundary('more-end'),
  });
}

/** Marker the layout MJML carries at each boundary; it survives mjml as raw text. */
const layoutMarker = (at: LayoutBoundary) => slot('layout', at);
export const LAYOUT_MARKER_PATTERN = slotsNamed('layout');

const storySlots = (url: string | null): StorySlots => ({ headlineHtml: slot('headlineHtml'), meta: slot('meta'), summary: slot('summary'), url });

/**
 * The MJML compiled at build time: one section holding a story with a link and one without, the
 * "+N more" line, slots in place of every value (unless given) and a marker at every boundary.
 */
export function layoutMjml(templates: DigestTemplates, page: Partial<Record<PageSlot, string>> = {}): string {
  const slots: DigestSlots = {
    page: { ...(Object.fromEntries(PAGE_SLOTS.map((name) => [name, slot(name)])) as DigestSlots['page']), ...page },
    sections: [{ topicTitle: slot('topicTitle'), stopTopic: slot('stopTopic'), stories: [storySlots(slot('url')), storySlots(null)] }],
    more: slot('more'),
  };
  return digestMjml(templates, slots, (at) => `<mj-raw>${layoutMarker(at)}</mj-raw>`);
}
