import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger.js';
import { pinoRedactPaths, REDACTED, redact } from './log-redaction.js';

// A line the way careless code might log it: credentials, tokens, headers and PII at several depths.
const leaky = () => ({
  userId: 'u-1',
  ip: '203.0.113.9',
  password: 'hunter2-hunter2',
  body: { email: 'ada@example.com', first_name: 'Ada', new_password: 'n3w-pa55word!', refresh_token: 'rt-1' },
  req: { headers: { authorization: 'Bearer eyJ.secret', cookie: 'truss_refresh=rt-2', 'set-cookie': 'a=b' } },
  user: { firstName: 'Ada', lastName: 'Lovelace', phone: '+44 20', passwordHash: '$argon2id$…' },
  mfa: { secret: 'JBSWY3DP', recovery_codes: ['abcde-fghij'] },
  payment: { payment_token: 'tok_visa' },
});
const SECRETS = [
  'hunter2',
  'ada@example.com',
  'Ada',
  'Lovelace',
  'n3w-pa55word',
  'rt-1',
  'rt-2',
  'eyJ.secret',
  'a=b',
  '+44 20',
  '$argon2id',
  'JBSWY3DP',
  'abcde-fghij',
  'tok_visa',
];

describe('log redaction', () => {
  it('pino with pinoRedactPaths() writes no secret and no personal data, and keeps the rest', () => {
    const out: string[] = [];
    const logger = pino(
      { redact: { paths: pinoRedactPaths(), censor: REDACTED } },
      { write: (chunk: string) => out.push(chunk) },
    );
    logger.child({ requestId: 'r-1' }).info(leaky(), 'careless line');
    const text = out.join('');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const line = JSON.parse(text);
    expect(line).toMatchObject({
      requestId: 'r-1',
      userId: 'u-1',
      ip: '203.0.113.9',
      password: REDACTED,
      body: { email: REDACTED, first_name: REDACTED },
      req: { headers: { authorization: REDACTED, cookie: REDACTED, 'set-cookie': REDACTED } },
    });
  });

  it('the built-in JSON logger redacts the same keys at any depth, in any case', () => {
    const out: string[] = [];
    const logger = createJsonLogger({ level: 'info', write: (line) => out.push(line) });
    logger.info({ deep: { deeper: { deepest: leaky() } }, Authorization: 'Bearer x.y.z' }, 'careless');
    const text = out.join('');
    for (const secret of [...SECRETS, 'x.y.z']) expect(text).not.toContain(secret);
    expect(text).toContain('203.0.113.9');
  });

  it('redact() serializes errors and cuts cycles', () => {
    const error = Object.assign(new Error('boom'), { detail: 'x', token: 't-1' });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(redact({ err: error, cyclic })).toMatchObject({
      err: { type: 'Error', message: 'boom', detail: 'x', token: REDACTED },
      cyclic: { name: 'loop', self: '[…]' },
    });
  });
});
