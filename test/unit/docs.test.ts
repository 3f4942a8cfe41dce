import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_TEST_FOLDERS, SKIPPED_FOLDERS, TEST_FOLDERS } from '../../src/adapters/source-files.js';
import { RULES } from '../../src/rules/index.js';
import { ROOT } from '../helpers/fixtures.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * The sections of a Markdown text whose heading (backticks dropped) `wanted` accepts, each from its
 * heading to the next heading of its level or above. Lines in code fences are no headings.
 */
function sectionsOf(markdown: string, wanted: (title: string) => boolean): string[] {
  const sections: string[] = [];
  let open: { level: number; lines: string[] } | undefined;
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6}) (.+)$/.exec(line);
    if (heading && open && heading[1]!.length <= open.level) {
      sections.push(open.lines.join('\n'));
      open = undefined;
    }
    if (heading && !open && wanted(heading[2]!.replace(/`/g, '').trim()))
      open = { level: heading[1]!.length, lines: [] };
    open?.lines.push(line);
  }
  if (open) sections.push(open.lines.join('\n'));
  return sections;
}

/**
 * The rows of the Markdown tables in a text that document flags: the flags their first cell names
 * (`-f, --format <format>` names -f and --format), and what the rest of the row says of them.
 */
function flagRows(markdown: string): { flags: string[]; says: string }[] {
  return (
    markdown
      .split('\n')
      .map((line) => /^\|([^|]*)\|(.*)\|\s*$/.exec(line))
      .filter((row): row is RegExpExecArray => row !== null)
      .map((row) => ({
        flags: row[1]!.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? [],
        says: row[2]!.replace(/[|`]/g, ' ').trim(),
      }))
      // A row says what the flag does: the flag's name alone, or a word or two, is not documentation.
      .filter((row) => row.flags.length > 0 && row.says.split(/\s+/).length >= 3)
  );
}

describe('documentation', () => {
  it.each(RULES.map((r) => [r.id, r]))('rule %s has a page that names it and its severity', (id, rule) => {
    const page = join(ROOT, 'docs', 'rules', `${id}.md`);
    expect(existsSync(page), `docs/rules/${id}.md`).toBe(true);
    const text = readFileSync(page, 'utf8');
    expect(text.startsWith(`# ${id}\n`)).toBe(true);
    expect(text).toContain(`Severity: **${rule.severity}`);
  });

  it('has no page for a rule that does not exist', async () => {
    const { readdirSync } = await import('node:fs');
    const pages = readdirSync(join(ROOT, 'docs', 'rules')).map((f) => f.replace(/\.md$/, ''));
    // The check rules, and the three permissions scan reports.
    const scanRules = ['permission-missing', 'permission-unused', 'scan-not-understood'];
    expect(pages.sort()).toEqual([...RULES.map((r) => r.id), ...scanRules].sort());
  });

  it('README lists every rule with its severity', () => {
    for (const rule of RULES)
      expect(readme).toMatch(new RegExp(`\\| \\[\`${rule.id}\`\\]\\(docs/rules/${rule.id}.md\\) \\| ${rule.severity}`));
  });

  it('each command has a page with a row for each of its flags, and README links to the page', async () => {
    const { Command } = await import('@commander-js/extra-typings');
    const { withStripeOptions } = await import('../../src/stripe/options.js');
    const stripeOptions = withStripeOptions(new Command('any'), { what: 'waits', seconds: 1 }).options.map(
      (o) => o.long ?? '',
    );
    const STRIPE_OPTIONS_LINK = 'stripe-cli.md#the-options-of-every-command-that-runs-stripe';
    const stripeOptionsSection =
      sectionsOf(readFileSync(join(ROOT, 'docs', 'stripe-cli.md'), 'utf8'), (t) =>
        t.startsWith('The options of every command that runs Stripe'),
      )[0] ?? '';
    const { everyCommand } = await import('../../src/cli.js');
    const { captureIo } = await import('../helpers/run.js');
    const program = await everyCommand(captureIo().io);
    const commands = program.commands.filter((c) => c.name() !== 'version' && c.name() !== 'help');
    expect(commands.map((c) => c.name())).toEqual([
      'check',
      'permissions',
      'doctor',
      'init',
      'convert',
      'upload',
      'proxy',
      'key',
    ]);
    for (const command of commands) {
      const name = command.name();
      const pagePath = join(ROOT, 'docs', `${name}.md`);
      expect(existsSync(pagePath), `docs/${name}.md`).toBe(true);
      const page = readFileSync(pagePath, 'utf8');
      // README's part on the command: the sections headed `rak-app <name>` or `rak-app <name> <sub>`.
      const readmeParts = sectionsOf(
        readme,
        (title) => title === `rak-app ${name}` || title.startsWith(`rak-app ${name} `),
      );
      expect(readmeParts.length, `README has a section on rak-app ${name}`).toBeGreaterThan(0);
      expect(readmeParts.join('\n'), `README's section on rak-app ${name} links to docs/${name}.md`).toMatch(
        new RegExp(`\\]\\(docs/${name}\\.md(#[\\w-]+)?\\)`),
      );
      const parts: [string, typeof command, string | undefined][] = [
        // The command's own flags anywhere on its page; a subcommand's in its section there.
        [name, command, page],
        ...command.commands.map((sub): [string, typeof command, string | undefined] => [
          `${name} ${sub.name()}`,
          sub,
          sectionsOf(page, (title) => title === sub.name() || title === `rak-app ${name} ${sub.name()}`)[0],
        ]),
      ];
      for (const [what, declared, part] of parts) {
        expect(readme, `README names rak-app ${what}`).toContain(`rak-app ${what}`);
        expect(part, `docs/${name}.md has a section on rak-app ${what}`).toBeDefined();
        for (const option of declared.options) {
          // The Stripe options are declared once for init, convert and upload, and documented once.
          const shared =
            stripeOptions.includes(option.long ?? '') && declared.options.some((o) => o.long === '--stripe-timeout');
          if (shared) expect(page, `docs/${name}.md links to the Stripe options`).toContain(STRIPE_OPTIONS_LINK);
          expect(
            flagRows(shared ? stripeOptionsSection : (part ?? '')),
            `docs/${shared ? 'stripe-cli' : name}.md: rak-app ${what} ${option.flags}`,
          ).toContainEqual(
            expect.objectContaining({
              flags: expect.arrayContaining([option.long, ...(option.short ? [option.short] : [])]),
            }),
          );
        }
      }
    }
    for (const option of program.options) expect(readme, option.long).toContain(option.long);
  });

  it("the scan's pages name every folder it skips by name, and the tests it leaves out", () => {
    for (const page of ['docs/permissions-scan.md', 'docs/permissions.md']) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const folder of [...SKIPPED_FOLDERS.filter((f) => f !== '.git'), ...TEST_FOLDERS, ...PACKAGE_TEST_FOLDERS])
        expect(text, `${page}: ${folder}`).toContain(`\`${folder}\``);
      expect(text, page).toContain('`*.test.*`');
    }
  });

  it('rule ids are stable kebab-case and unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});
