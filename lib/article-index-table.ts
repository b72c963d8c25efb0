import { RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ARTICLE_INDEX_KEY_ATTRIBUTES, ARTICLE_INDEX_TTL_ATTRIBUTE } from '../lambda/store/article-index-table.js';
import { secureTable } from './secure-table.js';

export interface ArticleIndexTableProps {
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.DESTROY: the index is derived data. Every entry is a copy of fields of an
   * article JSON object in the (retained) bucket plus features computed from it, and entries expire
   * after 30 days anyway; the pending-run marker lives for minutes. Ingest's content claims and
   * article revisions do not expire; after a stack deployed anew, revisions go on from the stored
   * article objects, and only copies of bodies stored before are not recognised.
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The article index (one entry per stored article, partitioned by day, with its story features),
 * the "instant run pending" marker and ingest's content claims and article revisions. On-demand (bursty ingest), point-in-time recovery,
 * AWS-managed encryption, TTL. Keys and TTL attribute come from lambda/store/article-index-table.ts,
 * which the index code and the local emulator use too.
 */
export class ArticleIndexTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ArticleIndexTableProps = {}) {
    super(scope, id);
    this.table = secureTable(this, 'Table', { keys: ARTICLE_INDEX_KEY_ATTRIBUTES, timeToLiveAttribute: ARTICLE_INDEX_TTL_ATTRIBUTE, removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY });
  }
}
