import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeliveryLedgerTable } from '../../lib/delivery-ledger-table.js';

function tableResource(props?: ConstructorParameters<typeof DeliveryLedgerTable>[2]) {
  const stack = new Stack(new App(), 'Ledger');
  new DeliveryLedgerTable(stack, 'DeliveryLedger', props);
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
  return table as { DeletionPolicy: string };
}

describe('DeliveryLedgerTable', () => {
  it('is deleted with the stack by default: its entries expire anyway and reader state keeps what was received', () => {
    expect(tableResource().DeletionPolicy).toBe('Delete');
  });

  it('keeps the table when the operator asks for it', () => {
    expect(tableResource({ removalPolicy: RemovalPolicy.RETAIN }).DeletionPolicy).toBe('Retain');
  });
});
