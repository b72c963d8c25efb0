import type { Logger } from '../log.js';

/**
 * The operator's topics (config/topics.json) a public page offers beside the model's, or none when
 * they cannot be read: a broken file is the operator's to fix, and the page still offers the
 * model's topics rather than failing the reader.
 */
export async function operatorTopicsOrNone(read: () => Promise<readonly string[]>, logger: Logger, page: string): Promise<readonly string[]> {
  try {
    return await read();
  } catch (error) {
    logger.error(`custom topics could not be read; the ${page} offers the built-in ones`, { error });
    return [];
  }
}
