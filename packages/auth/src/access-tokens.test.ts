import { errorCodeOf, manualClock } from '@truss/testing';
import { base64url, decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokens } from './access-tokens.js';
import { generateSigningKey, type SigningKey } from './signing-keys.js';

const base = { issuer: 'truss-test', audience: 'truss-api' };

describe('createAccessTokens', async () => {
  const key = await generateSigningKey('EdDSA');
  const tokens = await createAccessTokens({ ...base, keys: [key] });

  it('issues an EdDSA token with kid, sub, role, iss, aud, iat, exp and jti', async () => {
    const { token, expiresIn } = await tokens.issue({ userId: 'user-1', role: 'manager' });
    expect(expiresIn).toBe(900);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: key.kid });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] as string)));
    expect(payload).toMatchObject({ sub: 'user-1', role: 'manager', iss: 'truss-test', aud: 'truss-api' });
    expect(payload.exp - payload.iat).toBe(900);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(await tokens.verify(token)).toMatchObject({ userId: 'user-1', role: 'manager' });
  });

  it('answers token_expired once the token is past exp, also for a token verified before', async () => {
    const { clock, advance } = manualClock();
    const short = await createAccessTokens({ ...base, keys: [key], ttlSeconds: 60, clock });
    const { token } = await short.issue({ userId: 'user-1', role: 'user' });
    await short.verify(token); // now cached
    advance(61);
    expect(await errorCodeOf(short.verify(token))).toBe('token_expired');
    const fresh = await createAccessTokens({ ...base, keys: [key], ttlSeconds: 60, clock });
    expect(await errorCodeOf(fresh.verify(token))).toBe('token_expired');
  });

  it('answers invalid_token for a tampered payload', async () => {
    const { token } = await tokens.issue({ userId: 'user-1', role: 'user' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    const forged = base64url.encode(JSON.stringify({ ...claims, role: 'admin' }));
    expect(await errorCodeOf(tokens.verify(`${header}.${forged}.${signature}`))).toBe('invalid_token');
  });

  it('answers invalid_token for alg none', async () => {
    const { token } = await tokens.issue({ userId: 'user-1', role: 'user' });
    const payload = token.split('.')[1] as string;
    const header = base64url.encode(JSON.stringify({ alg: 'none', kid: key.kid }));
    expect(await errorCodeOf(tokens.verify(`${header}.${payload}.`))).toBe('invalid_token');
  });

  it('answers invalid_token for a wrong issuer or audience', async () => {
    const otherIssuer = await createAccessTokens({ ...base, issuer: 'someone-else', keys: [key] });
    const otherAudience = await createAccessTokens({ ...base, audience: 'other-api', keys: [key] });
    expect(
      await errorCodeOf(tokens.verify((await otherIssuer.issue({ userId: 'u', role: 'user' })).token)),
    ).toBe('invalid_token');
    expect(
      await errorCodeOf(tokens.verify((await otherAudience.issue({ userId: 'u', role: 'user' })).token)),
    ).toBe('invalid_token');
  });

  it('answers invalid_token for an unknown kid and for a key it does not trust', async () => {
    const stranger = await createAccessTokens({ ...base, keys: [await generateSigningKey('EdDSA')] });
    expect(
      await errorCodeOf(tokens.verify((await stranger.issue({ userId: 'u', role: 'user' })).token)),
    ).toBe('invalid_token');
    // Same kid, different key material: the signature does not verify.
    const impostor = await createAccessTokens({
      ...base,
      keys: [{ ...(await generateSigningKey('EdDSA')), kid: key.kid }],
    });
    expect(
      await errorCodeOf(tokens.verify((await impostor.issue({ userId: 'u', role: 'user' })).token)),
    ).toBe('invalid_token');
  });

  it('answers invalid_token for garbage and for a token without the role claim', async () => {
    expect(await errorCodeOf(tokens.verify('not.a.jwt'))).toBe('invalid_token');
    expect(await errorCodeOf(tokens.verify(''))).toBe('invalid_token');
    const { kid, alg, ...material } = key as SigningKey;
    const signed = await new SignJWT({})
      .setProtectedHeader({ alg, kid })
      .setSubject('u')
      .setIssuer(base.issuer)
      .setAudience(base.audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti('j')
      .sign(await importJWK({ ...material, alg }, alg));
    expect(await errorCodeOf(tokens.verify(signed))).toBe('invalid_token');
  });

  it('rotates keys: new tokens use the first key, tokens of a retired key still verify', async () => {
    const next = await generateSigningKey('EdDSA');
    const rotated = await createAccessTokens({ ...base, keys: [next, key] });
    const old = (await tokens.issue({ userId: 'u', role: 'user' })).token;
    expect(await rotated.verify(old)).toMatchObject({ userId: 'u' });
    const fresh = (await rotated.issue({ userId: 'u', role: 'user' })).token;
    expect(decodeProtectedHeader(fresh).kid).toBe(next.kid);
    expect(await errorCodeOf(tokens.verify(fresh))).toBe('invalid_token');
  });

  it('publishes only public key members in the JWKS', async () => {
    const es = await generateSigningKey('ES256');
    const jwks = (await createAccessTokens({ ...base, keys: [key, es] })).jwks();
    expect(jwks.keys).toHaveLength(2);
    for (const jwk of jwks.keys) {
      expect(jwk).not.toHaveProperty('d');
      expect(jwk).toMatchObject({ use: 'sig' });
    }
    expect(jwks.keys.map((k) => k.kid)).toEqual([key.kid, es.kid]);
  });

  it('supports ES256 and HS256 (HS256 keys stay out of the JWKS)', async () => {
    for (const alg of ['ES256', 'HS256'] as const) {
      const service = await createAccessTokens({ ...base, keys: [await generateSigningKey(alg)] });
      const { token } = await service.issue({ userId: 'u', role: 'guest' });
      expect(decodeProtectedHeader(token).alg).toBe(alg);
      expect(await service.verify(token)).toMatchObject({ userId: 'u', role: 'guest' });
      if (alg === 'HS256') expect(service.jwks().keys).toEqual([]);
    }
  });

  it('refuses bad options with a validation error', async () => {
    expect(await errorCodeOf(createAccessTokens({ ...base, keys: [] }))).toBe('validation_error');
    expect(await errorCodeOf(createAccessTokens({ ...base, keys: [key, key] }))).toBe('validation_error');
    expect(await errorCodeOf(createAccessTokens({ ...base, keys: [key], ttlSeconds: 0 }))).toBe(
      'validation_error',
    );
  });
});
