// Each rule's page shows a manifest it reports and one it does not (docs/rules/<rule>.md, under
// "## Reported" and "## Not reported"): each is checked here as the page says, so that a page cannot
// show an example the rule does not behave as.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { run, tempDir } from '../helpers/run.js';

const RULES = join(ROOT, 'docs', 'rules');

/** The first JSON block under a heading of a rule's page. */
function exampleUnder(page: string, heading: string): string | undefined {
  const at = page.indexOf(`\n## ${heading}\n`);
  if (at < 0) return undefined;
  const section = page.slice(at + heading.length + 5).split('\n## ')[0]!;
  return /```json\n([\s\S]*?)```/.exec(section)?.[1];
}

const pages = readdirSync(RULES)
  .filter((name) => name.endsWith('.md'))
  .map((name) => ({ rule: name.replace(/\.md$/, ''), page: readFileSync(join(RULES, name), 'utf8') }));

/**
 * What each page's example stands in, where it is more than a stripe-app.json alone: extends' is a
 * local manifest beside its base; icon's has the 300x300 PNG it names beside it; permission-unused
 * is scan's, over code that calls Stripe for something else.
 */
const SETTINGS: Record<string, { file?: string; files?: Record<string, string | Buffer>; scan?: true }> = {
  extends: {
    file: 'stripe-app.dev.json',
    files: { 'stripe-app.json': readFileSync(join(ROOT, 'examples', 'ledger-sync', 'stripe-app.json'), 'utf8') },
  },
  icon: { files: { 'icon.png': readFileSync(join(ROOT, 'examples', 'ledger-sync', 'icon.png')) } },
  'permission-unused': {
    scan: true,
    files: { 'src/sync.js': "const stripe = require('stripe')(process.env.KEY);\nstripe.customers.list();\n" },
  },
};

async function ruleIdsFor(rule: string, manifest: string): Promise<string[]> {
  const dir = tempDir();
  const setting = SETTINGS[rule] ?? {};
  for (const [name, content] of Object.entries(setting.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const file = setting.file ?? 'stripe-app.json';
  writeFileSync(join(dir, file), manifest);
  const args = setting.scan ? ['permissions', 'scan', 'src'] : ['check', file];
  const r = await run([...args, '--format', 'json'], { cwd: dir });
  const report = JSON.parse(r.stdout) as { files: { findings: { ruleId: string }[] }[] };
  return report.files.flatMap((f) => f.findings.map((x) => x.ruleId));
}

describe("each rule page's examples", () => {
  const examples = pages.flatMap(({ rule, page }) =>
    (['Reported', 'Not reported'] as const).flatMap((heading) => {
      const example = exampleUnder(page, heading);
      return example === undefined ? [] : [{ rule, heading, example }];
    }),
  );

  it('are found on every page but those whose examples are code, not a manifest', () => {
    const without = pages.filter(({ page }) => exampleUnder(page, 'Reported') === undefined).map(({ rule }) => rule);
    // permission-missing's and settings-placeholder's are backend and view code; scan-not-understood lists shapes.
    expect(without).toEqual(['permission-missing', 'scan-not-understood', 'settings-placeholder']);
  });

  it.each(examples)('$rule: $heading', async ({ rule, heading, example }) => {
    const ids = await ruleIdsFor(rule, example);
    if (heading === 'Reported') expect(ids).toContain(rule);
    else expect(ids).not.toContain(rule);
  });
});
