// What rak-app keeps of a long text for a message: a cut never leaves part of a key the masker
// cannot find.
import { describe, expect, it } from 'vitest';
import { findSecrets, keepEnd, keepStart, redactSecrets, streamMasker } from '../../src/core/secrets.js';

const KEY = 'sk_live_51Habcdefghijklmnopqrstuvwxyz0123456789';

describe('keeping the end or the start of a long text', () => {
  it.each([
    ['inside the prefix', 3],
    ['after the prefix', 9],
    ['inside the body', 30],
    ['four characters before its end', KEY.length - 4],
  ])('a cut %s drops the rest of the key', (_where, at) => {
    const text = `Using ${KEY} then more`;
    const kept = keepEnd(text, text.length - 6 - at);
    expect(kept).toBe(' then more');
    expect(redactSecrets(keepStart(text, 6 + at))).toBe('Using ');
  });

  it('a cut between words keeps all it may, and a short text is kept whole', () => {
    expect(keepEnd('one two three', 5)).toBe('three');
    expect(keepEnd('one two three', 6)).toBe(' three');
    expect(keepStart('one two three', 4)).toBe('one ');
    expect(keepStart('one two three', 3)).toBe('one');
    expect(keepEnd('short', 10)).toBe('short');
    expect(keepStart('short', 5)).toBe('short');
  });

  it('a key kept whole is masked as ever', () => {
    const text = `${'.'.repeat(100)} ${KEY}`;
    expect(redactSecrets(keepEnd(text, KEY.length + 1))).toBe(' sk_live_…6789');
  });
});

describe('keys with their underscores %-escaped', () => {
  it('are masked as the plain ones are, and nothing else that is escaped', () => {
    const body = '51Habcdefghijklmnopqrstuvwxyz0123456789';
    expect(redactSecrets(`/v1/x?k=sk%5Ftest%5F${body}&a=b`)).toBe('/v1/x?k=sk%5Ftest%5F…6789&a=b');
    expect(redactSecrets(`rk%5flive%5f${body}`)).toBe('rk%5flive%5f…6789');
    expect(redactSecrets(`whsec%5F${body}`)).toBe('whsec%5F…6789');
    expect(redactSecrets('a%5Fb and sk%5Ftest%5Fshort')).toBe('a%5Fb and sk%5Ftest%5Fshort');
  });

  it('half escaped (sk_live%5F…, sk%5Flive_…) or upper-cased, as a URL or a shell may write them, too', () => {
    const body = '51Habcdefghijklmnopqrstuvwxyz0123456789';
    expect(redactSecrets(`a sk_live%5F${body} b`)).toBe('a sk_live%5F…6789 b');
    expect(redactSecrets(`sk%5Flive_${body}`)).toBe('sk%5Flive_…6789');
    expect(redactSecrets(`rk_test%5f${body}`)).toBe('rk_test%5f…6789');
    expect(redactSecrets(`SK_LIVE_${body.toUpperCase()}`)).toBe('SK_LIVE_…6789');
    expect(redactSecrets('STRIPE_SK_LIVE_MODE and sk_live_short')).toBe('STRIPE_SK_LIVE_MODE and sk_live_short');
  });

  it('are found by the secret-key rule as plain ones are, once each', () => {
    const body = '51Habcdefghijklmnopqrstuvwxyz0123456789';
    expect(findSecrets(`?k=sk%5Flive%5F${body}&r=rk_test%5F${body}&s=sk_live_${body}`)).toEqual([
      { kind: 'secret key', index: 3, masked: 'sk%5Flive%5F…6789', live: true },
      { kind: 'restricted key', index: 57, masked: 'rk_test%5F…6789', live: false },
      { kind: 'secret key', index: 109, masked: 'sk_live_…6789', live: true },
    ]);
  });
});

describe('keys written otherwise, where a masker cuts or holds text', () => {
  const body = 'A1b2C3d4E5'.repeat(10).slice(0, 99);

  it.each([`SK_LIVE_${body}`, `sk%5Flive%5F${body}`, `Sk_Live_${body}`])(
    '%s split across two pieces of output is held back, then masked',
    (key) => {
      for (const at of [3, 5, 9, 12, 20]) {
        const out: string[] = [];
        const masker = streamMasker((text) => out.push(text));
        masker.push(`said ${key.slice(0, at)}`);
        masker.push(`${key.slice(at)} and more\n`);
        masker.end();
        expect(out.join(''), `cut at ${at}`).not.toContain(body.slice(0, 30));
      }
    },
  );

  it('a cut inside an escaped underscore drops the rest of the word', () => {
    const text = `Using sk%5Flive%5F${body}`;
    const cut = text.length - (body.length + 2); // just after "sk%5Flive%"
    expect(keepEnd(text, text.length - cut)).not.toContain(body.slice(0, 30));
  });

  it('an organisation key, doubled separators and a double escape are masked; upper-case names are no keys', () => {
    for (const key of [
      `SK_ORG_ab_${body}`,
      `sk%5Forg%5Fab_${body}`,
      `sk_live%5F%5F${body}`,
      `sk_%5Flive_${body}`,
      `sk%255Flive%255F${body}`,
    ])
      expect(redactSecrets(`k=${key} `), key).not.toContain(body.slice(0, 30));
    for (const name of [
      'DISK_TEST_MOUNTPOINTFORCONTAINERS',
      'RISK_LIVE_MONITORINGENABLEDFLAGVALUE1',
      'STRIPE_WHSEC_SECRETKEYFORPRODUCTIONUSE',
    ]) {
      expect(redactSecrets(name)).toBe(name);
      expect(findSecrets(name)).toEqual([]);
    }
  });
});

describe('keys with a letter %-escaped (%73k_live_…), or escaped whole', () => {
  const body = '51Habcdefghijklmnopqrstuvwxyz0123456789';
  const escapedWhole = [...`sk_live_${body}`].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');

  it.each([
    [`%73k_live_${body}`, '%73k_live_…'],
    [`s%6B_live_${body}`, 's%6B_live_…'],
    [`rk_l%69ve_${body}`, 'rk_l%69ve_…'],
    [`%2573k_test_${body}`, '%2573k_test_…'],
    [escapedWhole, 'an escaped whole key'],
  ])('%s is masked wherever rak-app writes it, and found by the secret-key rule', (key) => {
    const out = redactSecrets(`GET /v1/x?key=${key}&a=b done`);
    expect(out).not.toContain(body.slice(0, 20));
    expect(out).toMatch(/^GET \/v1\/x\?key=[rs]k_(live|test)_…6789&a=b done$/);
    expect(findSecrets(`"${key}"`)).toEqual([
      expect.objectContaining({ index: 1, masked: expect.stringMatching(/…6789$/) }),
    ]);
  });

  it('what surrounds the key in the word stays escaped, and a decoded control character never reaches the output', () => {
    expect(redactSecrets(`a%2F%1B%5B2J%73k_live_${body}%0A b`)).toBe('a%2F%1B%5B2Jsk_live_…6789%0A b');
  });

  it('leaves escaped text without a key as it is', () => {
    for (const text of ['50% done', '%E2%9C%93 ok', 'name%3Dvalue%26other%3Dsomething%20long', `%73k_live_short`])
      expect(redactSecrets(text)).toBe(text);
  });

  it('with an escape past its twentieth character, is masked whole, not cut there', () => {
    const out = redactSecrets(`k=sk_live_51HxAbCdEfGhIjKlMnOpQrSt%55vWx9f3aZZZZYYYYXXXX done`);
    expect(out).toBe('k=sk_live_…XXXX done');
  });

  it('a progress figure ending in % is written at once, not held for what follows', () => {
    const out: string[] = [];
    const masker = streamMasker((text) => out.push(text));
    masker.push('Uploading 100%');
    expect(out.join('')).toBe('Uploading 100%');
  });

  it.each([
    ['escaped once', `%73k_live_${body}`],
    ['escaped twice', `%2573k_live_${body}`],
    ['escaped whole, twice', escapedWhole.replace(/%/g, '%25')],
    ["with an escape's digit escaped again", `sk_live_a1%4%322c3D4e5F6g7H8i9J0k1L2m3N4${body}`],
  ])('split across two pieces of output, anywhere (%s), is held back and masked', (_how, key) => {
    for (let at = 1; at < key.length; at++) {
      const out: string[] = [];
      const masker = streamMasker((text) => out.push(text));
      masker.push(`said ${key.slice(0, at)}`);
      masker.push(`${key.slice(at)} and more\n`);
      masker.end();
      expect(out.join(''), `cut at ${at}`).toBe('said sk_live_…6789 and more\n');
    }
  });
});

describe("a key broken up by a terminal's colour codes", () => {
  it('is masked, the codes inside it dropped: a terminal would show the whole key', () => {
    const key = 'sk_live_51HabcdefGHIJKLmnopQRstuvwxyz0123456789';
    const coloured = `key: ${key.slice(0, 12)}\u001b[22m${key.slice(12, 30)}\u001b[1;31m\u001b[0m${key.slice(30)} done`;
    const shown = redactSecrets(coloured);
    expect(shown).toBe('key: sk_live_…6789 done');
    // Colour around a word is kept as it is.
    expect(redactSecrets('\u001b[32m✔\u001b[0m Uploaded')).toBe('\u001b[32m✔\u001b[0m Uploaded');
  });

  it.each([
    ['erasing the line', '\u001b[K'],
    ['hiding the cursor', '\u001b[?25l'],
    ['a colour written with colons', '\u001b[38:5:196m'],
  ])('is masked when broken by %s', (_what, control) => {
    const key = 'sk_live_51HabcdefGHIJKLmnopQRstuvwxyz0123456789';
    expect(redactSecrets(`${key.slice(0, 16)}${control}${key.slice(16)}`)).toBe('sk_live_…6789');
  });

  it.each([
    ['s\u001b[1mk_live_', 'sk_live_'],
    ['sk\u001b[1m_live_', 'sk_live_'],
    ['whsec\u001b[1m_', 'whsec_'],
  ])('is masked when a code breaks its prefix (%s)', (prefix, plain) => {
    const body = '51HabcdefGHIJKLmnopQRstuvwxyz0123456789';
    expect(redactSecrets(`key ${prefix}${body} end`)).toBe(`key ${plain}…6789 end`);
  });

  it("leaves other words' colours as they are, whatever else the text names", () => {
    for (const text of [
      '\u001b[31mERROR\u001b[0mtask_queue failed',
      'network_\u001b[1mconfig\u001b[22m disk_usage work_dir',
      '\u001b[31msk_live_51HabcdefGHIJKLmnopQRstuvwxyz0123456789\u001b[0m',
    ])
      expect(redactSecrets(text).replace('sk_live_51HabcdefGHIJKLmnopQRstuvwxyz0123456789', 'sk_live_…6789')).toBe(
        text.replace('sk_live_51HabcdefGHIJKLmnopQRstuvwxyz0123456789', 'sk_live_…6789'),
      );
  });

  it('in a stream, a prefix broken by a code at the end of a read is held until the key ends', () => {
    const body = '51HabcdefGHIJKLmnopQRstuvwxyz0123456789';
    let out = '';
    const masker = streamMasker((text) => (out += text));
    masker.push('a s\u001b[1');
    masker.push(`mk_live_${body.slice(0, 10)}`);
    masker.push(`${body.slice(10)} b\n`);
    masker.end();
    expect(out).not.toContain(body.slice(10));
    expect(out).toContain('sk_live_…6789');
  });

  it('in a stream, cut across reads, is masked too', () => {
    const key = 'rk_test_51HabcdefGHIJKLmnopQRstuvwxyz0123456789';
    let out = '';
    const masker = streamMasker((text) => (out += text));
    masker.push(`a ${key.slice(0, 20)}\u001b[22m`);
    masker.push(`${key.slice(20)} b\n`);
    masker.end();
    expect(out).not.toContain(key.slice(20));
    expect(out).toContain('rk_test_…6789');
  });
});

describe('finding keys one after another', () => {
  it('a key found escaped does not hide the next one (a global pattern left where it matched)', () => {
    const first = `SK%5FLIVE%5F${'A'.repeat(24)}%41`;
    const second = `SK_LIVE_${'Z'.repeat(24)}`;
    expect(findSecrets(first)).toHaveLength(1);
    expect(findSecrets(second)).toHaveLength(1);
  });
});

describe('a key broken by control sequences, further cases', () => {
  it('is masked whole when the sequence stands past its twentieth character', () => {
    const key = `sk_live_${'A'.repeat(30)}\u001b[22m${'B'.repeat(70)}`;
    expect(redactSecrets(`key ${key} end`)).toBe('key sk_live_…BBBB end');
  });

  it('keeps the colour around a key, masked', () => {
    const key = `sk_live_51Habcdef\u001b[1mGHIJKLmnopQRstuvwxyz0123456789`;
    expect(redactSecrets(`\u001b[31m${key}\u001b[0m`)).toBe('\u001b[31msk_live_…6789\u001b[0m');
  });

  it('leaves a long word beside a sequence as it is (200,000 characters: read once, never again from inside)', () => {
    // A pattern restarted at each of its characters took minutes on this.
    const text = `\u001b[31mx\u001b[0m ${'a'.repeat(200_000)}`;
    expect(redactSecrets(text)).toBe(text);
  });

  it('in a stream, a read of cursor moves and colours costs its length, not its square', () => {
    // 64 KiB of sequences whose final letters (`A`, `K`) a key's prefix may begin with: read once.
    let out = '';
    const masker = streamMasker((text) => (out += text));
    const text = `${'\u001b[2K\u001b[1A'.repeat(8000)}x`;
    masker.push(text);
    masker.end();
    expect(out).toBe(text);
  });

  it('in a stream, a coloured word holding sk_ that no key can go on from is not held', () => {
    let out = '';
    const masker = streamMasker((text) => (out += text));
    masker.push('Checking \u001b[1mdisk_usage\u001b[0m');
    expect(out).toBe('Checking \u001b[1mdisk_usage\u001b[0m');
  });

  it('in a stream, a word ending in a letter that may begin a key, then a whole sequence, is not held', () => {
    let out = '';
    const masker = streamMasker((text) => (out += text));
    masker.push('\u001b[33mUploading assets\u001b[0m');
    expect(out).toBe('\u001b[33mUploading assets\u001b[0m');
  });
});

describe('an rkcs_ key, which the Stripe CLI takes as it takes sk_ and rk_', () => {
  const key = 'rkcs_test_51HabcdefGHIJKLmnopQRstuvwxyz0123456789';
  it('is masked, and found in a manifest', () => {
    expect(redactSecrets(`STRIPE_API_KEY=${key}`)).toBe('STRIPE_API_KEY=rkcs_test_…6789');
    expect(findSecrets(`"${key}"`)).toEqual([
      expect.objectContaining({ kind: 'rkcs_ key', masked: 'rkcs_test_…6789' }),
    ]);
  });

  it.each([
    ['its underscores %-escaped', key.replaceAll('_', '%5F')],
    ['one underscore %-escaped', key.replace('test_', 'test%5F')],
    ['upper-cased', key.toUpperCase()],
  ])('is masked with %s, as sk_ keys are', (_how, written) => {
    expect(redactSecrets(`k=${written}`)).not.toContain(written.slice(-20));
    expect(findSecrets(`"${written}"`)).toHaveLength(1);
  });

  it.each([['RKCS_FK4KKQPJ6RACHCUY5HM3TC7T'], ['rkcs%5FfK4kkQPJ6RacHcUy5hM3Tc7T']])(
    'is masked and found with no mode in it, written otherwise too (%s)',
    (written) => {
      expect(redactSecrets(`k=${written}`)).not.toContain(written.slice(-12));
      expect(findSecrets(`"${written}"`)).toHaveLength(1);
    },
  );

  it('is held back when a read ends inside it', () => {
    let out = '';
    const masker = streamMasker((text) => (out += text));
    masker.push(`a ${key.slice(0, 14)}`);
    masker.push(`${key.slice(14)} b`);
    masker.end();
    expect(out).toBe('a rkcs_test_…6789 b');
  });
});
