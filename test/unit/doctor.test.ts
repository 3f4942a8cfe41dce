// The steps doctor gives are commands that run where the user is: with no Stripe CLI, the one the
// first step installs (run as `npx stripe`); with one that does not run, no step that runs it.
import { describe, expect, it } from 'vitest';
import { diagnose, type EnvironmentFacts } from '../../src/core/doctor.js';

const facts = (stripe: Pick<EnvironmentFacts, 'stripe' | 'stripeVersion' | 'stripeCommand'>): EnvironmentFacts => ({
  nodeVersion: '20.20.2',
  nodeRange: '>=20.5.0',
  ...stripe,
  minimumStripeVersion: '1.25.0',
  plugin: undefined,
  pluginListed: undefined,
  configFile: '/home/u/.config/stripe/config.toml',
  minimumPluginVersion: '1.5.12',
  pluginsFolder: '/home/u/.config/stripe/plugins',
  login: { kind: 'none', file: '/home/u/.config/stripe/config.toml' },
  apiKeyFromEnv: undefined,
  ci: { isCI: false, name: null },
  terminal: { stdin: false, stdout: false },
  today: '2026-12-06',
});
const steps = (f: EnvironmentFacts) => Object.fromEntries(diagnose(f).checks.map((c) => [c.id, c.run ?? []]));

describe('doctor: the steps to run', () => {
  it('with no Stripe CLI at all: install it, then run it as npx stripe', () => {
    const none = facts({ stripe: undefined, stripeVersion: undefined, stripeCommand: 'stripe' });
    expect(steps(none)).toMatchObject({
      'stripe-cli': ['npm install --save-dev @stripe/cli'],
      'apps-plugin': ['npx stripe login', 'npx stripe plugin install apps'],
      login: ['npx stripe login'],
    });
    // Said to follow the install: `npx stripe login` alone fails before it.
    const login = diagnose(none).checks.find((c) => c.id === 'login');
    expect(login?.fix).toMatch(/^Once the Stripe CLI above is installed, run `npx stripe login`/);
    // So with the plugin's files there but not listed, or too old.
    for (const plugin of [
      { pluginListed: false, plugin: { version: '1.15.22', folder: '/home/u/.config/stripe/plugins/apps' } },
      { pluginListed: true, plugin: { version: '1.5.0', folder: '/home/u/.config/stripe/plugins/apps' } },
    ]) {
      const check = diagnose({ ...none, ...plugin } as EnvironmentFacts).checks.find((c) => c.id === 'apps-plugin');
      expect(check?.fix).toMatch(
        /^Once the Stripe CLI above is installed, run `npx stripe plugin (install|upgrade) apps`/,
      );
      expect(check?.run?.[0]).toMatch(/^npx stripe plugin/);
    }
  });

  it('with a Stripe CLI that does not run (--stripe ./nope): no step runs it', () => {
    expect(
      steps(
        facts({
          stripe: { path: '/work/nope', source: 'flag' },
          stripeVersion: { error: 'not found' },
          stripeCommand: '/work/nope',
        }),
      ),
    ).toMatchObject({ 'apps-plugin': [], login: [] });
    const login = diagnose(
      facts({
        stripe: { path: '/bin/false', source: 'env' },
        stripeVersion: { error: 'no version' },
        stripeCommand: '/bin/false',
      }),
    ).checks.find((c) => c.id === 'login');
    expect(login?.fix).toMatch(/^Once the Stripe CLI above runs, run `\/bin\/false login`/);
  });

  it('with a working Stripe CLI: its own command', () => {
    expect(
      steps(
        facts({
          stripe: { path: '/usr/bin/stripe', source: 'path' },
          stripeVersion: { version: '1.52.0' },
          stripeCommand: 'stripe',
        }),
      ),
    ).toMatchObject({ 'apps-plugin': ['stripe login', 'stripe plugin install apps'], login: ['stripe login'] });
  });
});
