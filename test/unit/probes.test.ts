import { describe, expect, it } from 'vitest';
import { PERMISSION_NAMES } from '../../src/catalog/permissions.js';
import { impossibleId, PROBE_ID_MARK, PROBES, probeFor, UNPROBED } from '../../src/catalog/probes.js';
import { matchEndpoint } from '../../src/catalog/endpoints.js';

const probes = [...PROBES.values()];

describe('the key-check probes', () => {
  it('cover every permission the catalog knows: a probe, or the reason there is none', () => {
    for (const name of PERMISSION_NAMES) expect(probeFor(name), name).toBeDefined();
    expect([...PROBES.keys(), ...UNPROBED.keys()].sort()).toEqual([...PERMISSION_NAMES].sort());
    for (const name of PROBES.keys()) expect(UNPROBED.has(name), name).toBe(false);
  });

  it('are each a GET, or a POST with no body to an update of an object that cannot exist', () => {
    for (const probe of probes) {
      const label = `${probe.permission}: ${probe.verb} ${probe.path}`;
      expect(['GET', 'POST'], label).toContain(probe.verb);
      // The template's placeholders are all filled, and only with made-up ids.
      const placeholders = probe.template.match(/\{[^}]+\}/g) ?? [];
      expect(probe.path, label).not.toMatch(/[{}]/);
      const templateParts = probe.template.split('/');
      const pathParts = probe.path.split('/');
      expect(pathParts.length, label).toBe(templateParts.length);
      templateParts.forEach((part, i) => {
        if (/^\{[^}]+\}$/.test(part)) expect(pathParts[i], label).toMatch(new RegExp(`^[a-z]+_${PROBE_ID_MARK}0+$`));
        else expect(pathParts[i], label).toBe(part);
      });
      if (probe.verb === 'POST') {
        // Never a create (a collection) or an action (…/{id}/finalize): the last segment is the id.
        expect(placeholders.length, label).toBeGreaterThan(0);
        expect(probe.template, label).toMatch(/\/\{[^}]+\}$/);
        expect(probe.query, label).toEqual({});
      }
    }
  });

  it('read a list one object at a time, where Stripe pages it', () => {
    const lists = probes.filter((p) => p.verb === 'GET' && !p.template.includes('{'));
    expect(lists.length).toBeGreaterThan(30);
    const unpaged = ['/v1/balance', '/v1/tax/settings', '/v1/reporting/report_types'];
    for (const p of lists) expect(p.query['limit'], p.path).toBe(unpaged.includes(p.path) ? undefined : '1');
  });

  it('make up ids no object has', () => {
    expect(impossibleId('cus')).toBe('cus_rakappprobe0000000000');
  });

  it("are endpoints of the API catalog, with the catalog's permission: a list, a retrieve or an update", () => {
    for (const probe of probes) {
      const method = matchEndpoint(probe.verb, probe.path);
      const label = `${probe.permission}: ${probe.verb} ${probe.path}`;
      expect(method, label).toBeDefined();
      expect(method?.path, label).toBe(probe.template);
      expect(method?.permission, label).toBe(probe.permission);
      expect(method?.call, label).toMatch(probe.verb === 'GET' ? /\.(list|retrieve)$/ : /\.update$/);
    }
  });
});
