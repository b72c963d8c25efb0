import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { newsdropApp } from './stack-fixture.js';

interface ValidationReport {
  pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

function violations(outdir: string): string[] {
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) => violation.violatingConstructs.map((construct) => `${violation.ruleName} @ ${construct.constructPath}`)),
  );
}

describe('cdk-nag AwsSolutionsChecks', () => {
  it('finds nothing unacknowledged in NewsdropStack', () => {
    // Prepare: with every optional resource (the alarm email subscription).
    const { app } = newsdropApp({ alarmEmail: 'ops@news.example.org' }, { nag: true });
    // Act / Assess: synth throws a ValidationFailed error listing any finding.
    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth when a resource breaks a rule (the check is live)', () => {
    const { app, stack } = newsdropApp({}, { nag: true });
    new s3.Bucket(stack, 'CarelessBucket');

    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
    const found = violations(app.outdir);
    expect(found.some((line) => line.includes('CarelessBucket'))).toBe(true);
    expect(found.every((line) => line.includes('CarelessBucket'))).toBe(true);
  });
});
