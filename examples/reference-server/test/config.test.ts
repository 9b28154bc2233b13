import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has safe, embedded defaults', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite:.data/truss.db',
      HTTP_ADAPTER: 'fastify',
      ACCESS_TOKEN_TTL: 900,
      REFRESH_TOKEN_TTL: 604_800,
      COOKIE_SECURE: true,
      ARGON2_MEMORY_KIB: 19_456,
    });
  });

  it('reads ALLOWED_ORIGINS as comma-separated exact origins, none by default', () => {
    expect(loadConfig({}).ALLOWED_ORIGINS).toEqual([]);
    expect(
      loadConfig({ ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173,' }).ALLOWED_ORIGINS,
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'https://app.example.com/', 'app.example.com', 'null']) {
      expect(errorOf({ ALLOWED_ORIGINS: bad })).toMatch(/ALLOWED_ORIGINS: must be comma-separated origins/);
    }
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'sqlite:.data/truss.db',
    });
  });

  it('names every bad variable with what it must be and what it was', () => {
    const message = errorOf({
      PORT: 'eighty',
      DATABASE_URL: 'mongodb://x',
      HTTP_ADAPTER: 'koa',
      ACCESS_TOKEN_TTL: '-5',
    });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/PORT: .* \(got "eighty"\)/);
    expect(message).toMatch(
      /DATABASE_URL: must start with sqlite:, postgres:\/\/, mysql:\/\/ or mariadb:\/\/ \(got "mongodb:\/\/x"\)/,
    );
    expect(message).toMatch(/HTTP_ADAPTER: .* \(got "koa"\)/);
    expect(message).toMatch(/ACCESS_TOKEN_TTL: /);
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together, and hides the password', () => {
    expect(errorOf({ ADMIN_EMAIL: 'root@example.com' })).toMatch(
      /ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD go together/,
    );
    const short = errorOf({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'hunter2' });
    expect(short).toMatch(/ADMIN_PASSWORD: must be at least 12 characters \(got hidden\)/);
    expect(short).not.toContain('hunter2');
  });

  it('refuses to start in production without configured signing keys', () => {
    expect(errorOf({ NODE_ENV: 'production' })).toMatch(/JWT_KEYS: is required in production/);
  });

  it('validates JWT_KEYS as a JSON array of keys', () => {
    expect(errorOf({ JWT_KEYS: 'not json' })).toMatch(
      /JWT_KEYS: must be a JSON array of private JWKs \(got hidden\)/,
    );
    expect(errorOf({ JWT_KEYS: '[]' })).toMatch(/JWT_KEYS: must hold at least one key/);
    expect(errorOf({ JWT_KEYS: '[{"kid":"a","alg":"RS256","kty":"RSA"}]' })).toMatch(/JWT_KEYS/);
  });

  it('reads DATA_ENCRYPTION_KEYS as a ring of id:base64 keys, the first current, and never shows a key', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    expect(loadConfig({ DATA_ENCRYPTION_KEYS: `new:${b}, old:${a}` }).DATA_ENCRYPTION_KEYS).toEqual([
      { id: 'new', key: b },
      { id: 'old', key: a },
    ]);
    expect(loadConfig({}).DATA_ENCRYPTION_KEYS).toBeUndefined();
    for (const [value, message] of [
      [a, /entry 1 must be "id:base64key"/],
      [`k:${Buffer.alloc(16).toString('base64')}`, /Data key "k" must be the base64 of 32 bytes/],
      [`k:${a},k:${b}`, /"k" appears twice/],
      [`k:${a},j:${a}`, /"j" repeats another key/],
      [`bad id:${a}`, /key id must be/],
    ] as const) {
      const error = errorOf({ DATA_ENCRYPTION_KEYS: value });
      expect(error).toMatch(/DATA_ENCRYPTION_KEYS: /);
      expect(error).toMatch(message);
      expect(error).toMatch(/\(got hidden\)/);
      expect(error).not.toContain(a);
    }
  });

  it('validates the login throttle settings', () => {
    expect(loadConfig({ LOGIN_FREE_ATTEMPTS: '3', LOGIN_MAX_DELAY: '60' })).toMatchObject({
      LOGIN_FREE_ATTEMPTS: 3,
      LOGIN_MAX_DELAY: 60,
    });
    expect(errorOf({ LOGIN_FREE_ATTEMPTS: '0' })).toMatch(/LOGIN_FREE_ATTEMPTS: .* \(got "0"\)/);
    expect(errorOf({ LOGIN_ACCOUNT_MAX_DELAY: 'forever' })).toMatch(/LOGIN_ACCOUNT_MAX_DELAY/);
  });

  it('reads LOW_STOCK_THRESHOLD as a whole number, 10 by default', () => {
    expect(loadConfig({}).LOW_STOCK_THRESHOLD).toBe(10);
    expect(loadConfig({ LOW_STOCK_THRESHOLD: '0' }).LOW_STOCK_THRESHOLD).toBe(0);
    expect(loadConfig({ LOW_STOCK_THRESHOLD: '250' }).LOW_STOCK_THRESHOLD).toBe(250);
    expect(errorOf({ LOW_STOCK_THRESHOLD: '-1' })).toMatch(/LOW_STOCK_THRESHOLD: .* \(got "-1"\)/);
    expect(errorOf({ LOW_STOCK_THRESHOLD: '2.5' })).toMatch(/LOW_STOCK_THRESHOLD/);
    expect(errorOf({ LOW_STOCK_THRESHOLD: 'few' })).toMatch(/LOW_STOCK_THRESHOLD/);
  });

  it('reads TRUST_PROXY as a boolean or a hop count', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(errorOf({ TRUST_PROXY: 'yes' })).toMatch(/TRUST_PROXY/);
    expect(errorOf({ TRUST_PROXY: '0' })).toMatch(/TRUST_PROXY/);
  });

  it('refuses argon2 parameters below the OWASP floor', () => {
    expect(errorOf({ ARGON2_MEMORY_KIB: '1024' })).toMatch(/ARGON2_MEMORY_KIB/);
  });
});
