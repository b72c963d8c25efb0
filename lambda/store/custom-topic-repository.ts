import { customTopicsFileSchema, type CustomTopic } from '../topics/custom-topic.js';
import { TopicVocabulary } from '../topics/topic-vocabulary.js';
import type { ObjectStore } from './object-store.js';
import { CUSTOM_TOPICS_CONFIG_KEY } from './keys.js';
import { parseConfigJson } from './parse-config-json.js';

/** config/topics.json: operator-defined keyword topics; absent means none. */
export class CustomTopicRepository {
  constructor(private readonly store: ObjectStore) {}

  async load(): Promise<CustomTopic[]> {
    const object = await this.store.get(CUSTOM_TOPICS_CONFIG_KEY);
    if (!object) return [];
    return parseConfigJson(new TextDecoder().decode(object.body), CUSTOM_TOPICS_CONFIG_KEY, customTopicsFileSchema, 'custom topic');
  }

  /** The topics subscribers may choose: the model's labels and these; a malformed file is an OperatorConfigError. */
  async vocabulary(): Promise<TopicVocabulary> {
    return new TopicVocabulary((await this.load()).map((topic) => topic.name));
  }
}
