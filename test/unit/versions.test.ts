import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/core/versions.js';
import { NODE_RANGE } from '../../src/engines.js';

describe('compareVersions', () => {
  it.each([
    ['1.5.9', '1.5.12', -1],
    ['1.52.0', '1.25.0', 1],
    ['1.25.0', '1.25.0', 0],
    ['1.25', '1.25.0', 0],
    ['2.0.0-beta.1', '1.99.9', 1],
    // A prerelease comes before its release, as semver ranks it.
    ['1.5.12-beta.1', '1.5.12', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});

describe("doctor's Node.js check", () => {
  const facts = (nodeVersion: string) => ({
    nodeVersion,
    nodeRange: NODE_RANGE,
    stripe: undefined,
    stripeVersion: undefined,
    minimumStripeVersion: '1.21.0',
    plugin: undefined,
    minimumPluginVersion: '1.5.12',
    pluginsFolder: '/nowhere',
    login: { kind: 'none' as const, file: '/nowhere/config.toml' },
    apiKeyFromEnv: undefined,
    ci: { isCI: false, name: null },
    terminal: { stdin: false, stdout: false },
    today: '2026-11-27',
  });

  // package.json's engines, which the bin, doctor and init/convert/upload all go by: 20.5 and later.
  it.each([
    ['20.4.0', 'fail'],
    ['20.5.0', 'pass'],
    ['20.15.1', 'pass'],
    ['20.20.2', 'pass'],
    ['18.20.0', 'fail'],
  ])('Node.js %s: %s', async (version, status) => {
    const { diagnose } = await import('../../src/core/doctor.js');
    const node = diagnose(facts(version)).checks.find((c) => c.id === 'node')!;
    expect(NODE_RANGE).toBe('>=20.5.0');
    expect(node.status).toBe(status);
    if (status === 'fail') expect(node.fix).toBe('Install a Node.js >=20.5.0.');
  });
});
