import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/core/versions.js';

describe('compareVersions', () => {
  it.each([
    ['1.5.9', '1.5.12', -1],
    ['1.52.0', '1.25.0', 1],
    ['1.25.0', '1.25.0', 0],
    ['1.25', '1.25.0', 0],
    ['2.0.0-beta.1', '1.99.9', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});

describe("doctor's Node.js check", () => {
  const facts = (nodeVersion: string) => ({
    nodeVersion,
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

  it.each([
    ['20.15.1', 'fail'],
    ['20.16.0', 'pass'],
    ['20.20.2', 'pass'],
    ['18.20.0', 'fail'],
  ])('Node.js %s: %s', async (version, status) => {
    const { diagnose, MINIMUM_NODE_VERSION } = await import('../../src/core/doctor.js');
    const node = diagnose(facts(version)).checks.find((c) => c.id === 'node')!;
    expect(node.status).toBe(status);
    if (status === 'fail') expect(node.fix).toBe(`Install Node.js ${MINIMUM_NODE_VERSION} or later.`);
  });
});
