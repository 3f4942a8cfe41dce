import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/core/messages.js';
import { RULES } from '../../src/rules/index.js';
import { ROOT } from '../helpers/fixtures.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

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

  it('README documents every command, subcommand and flag', async () => {
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
    for (const command of commands.flatMap((c) => [c, ...c.commands])) {
      const name = command.parent === program ? command.name() : `${command.parent?.name()} ${command.name()}`;
      expect(readme, name).toContain(`rak-app ${name}`);
      for (const option of command.options) expect(readme, `${name} ${option.long}`).toContain(option.long);
    }
    for (const option of program.options) expect(readme, option.long).toContain(option.long);
  });

  it('rule ids are stable kebab-case and unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('every message is one line and ends with a full stop or a question mark', () => {
    // Arguments that fit every message builder: a list where one is expected, a string elsewhere.
    const special: Record<string, unknown[]> = {
      jsonSyntax: [{ offset: 0, kind: 'other', code: 'CommaExpected' }, 256],
      schemaType: ['/version', ['string'], 2],
      schemaEnum: ['/x', 'y', ['a', 'b']],
      extendsLoop: [['a.json', 'b.json', 'a.json']],
    };
    const samples = Object.entries(messages).map(([name, make]) =>
      (make as (...a: unknown[]) => string)(...(special[name] ?? ['x', 'y', 'z'])),
    );
    for (const text of samples) {
      expect(text).not.toContain('\n');
      expect(text).toMatch(/[.?]$/);
    }
  });

  it('every message has a stable id and names its data, in step with its builder', async () => {
    const { MESSAGE_DATA } = await import('../../src/core/messages.js');
    for (const [id, build] of Object.entries(messages)) {
      expect(MESSAGE_DATA[id as keyof typeof MESSAGE_DATA], id).toHaveLength(
        (build as (...a: unknown[]) => string).length,
      );
    }
    expect(Object.keys(MESSAGE_DATA).sort()).toEqual(Object.keys(messages).sort());
  });
});
