/** One key attribute of a DynamoDB table or index, as the table definitions in this folder list them. */
export interface KeyAttribute {
  readonly name: string;
  /** Every newsdrop key is a string (hashes, days, cadence shards). */
  readonly type: 'S';
  readonly keyType: 'HASH' | 'RANGE';
}

/** A CreateTable KeySchema from a definition's key attributes. */
export function keySchema(keys: readonly KeyAttribute[]) {
  return keys.map(({ name, keyType }) => ({ AttributeName: name, KeyType: keyType }));
}

/** CreateTable AttributeDefinitions for the key attributes of a table and its indexes (each name once). */
export function attributeDefinitions(keys: readonly KeyAttribute[]) {
  const byName = new Map(keys.map(({ name, type }) => [name, { AttributeName: name, AttributeType: type }]));
  return [...byName.values()];
}
