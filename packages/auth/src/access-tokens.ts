import { type Clock, type Principal, parseInput, roleSchema, systemClock, TrussError } from '@truss/core';
import { type CryptoKey, errors, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type SigningKey, signingKeySchema } from './signing-keys.js';

/** Options of {@link createAccessTokens}. */
export const accessTokenOptionsSchema = z.strictObject({
  /** Private keys, current signer first; the others still verify (rotation). */
  keys: z.array(signingKeySchema).min(1),
  /** `iss` claim issued and required. */
  issuer: z.string().min(1),
  /** `aud` claim issued and required. */
  audience: z.string().min(1),
  /** Lifetime in seconds. Default 900 (15 minutes). */
  ttlSeconds: z.number().int().min(10).max(86_400).default(900),
  /** How many verified tokens to remember so verifying one again is cheap. Default 10 000; 0 disables. */
  cacheSize: z.number().int().min(0).max(1_000_000).default(10_000),
});

/** Options of {@link createAccessTokens}; see {@link accessTokenOptionsSchema}. */
export type AccessTokenOptions = z.input<typeof accessTokenOptionsSchema> & {
  clock?: Clock;
  /**
   * Checked on every verification, cached or not: answer `true` to refuse a token before it
   * expires (e.g. from a Redis set of revoked sessions or token ids). Default: none — access tokens
   * are short-lived and valid until `exp`; refresh tokens carry revocation.
   */
  isRevoked?: (claims: AccessTokenClaims) => boolean | Promise<boolean>;
};

/** The claims of a verified access token. */
export interface AccessTokenClaims extends Principal {
  /** Token id (`jti`). */
  readonly tokenId: string;
  /** Expiry, seconds since the epoch (`exp`). */
  readonly expiresAt: number;
  /** Issue time, seconds since the epoch (`iat`). */
  readonly issuedAt: number;
}

/** Issues and verifies JWT access tokens. */
export interface AccessTokens {
  /** Signs a token for `principal` with the current key. */
  issue(principal: Principal): Promise<{ token: string; expiresIn: number }>;
  /**
   * Verifies signature, `alg`, `kid`, `iss`, `aud`, `exp` and claims. Throws `token_expired` for an
   * expired token and `invalid_token` for anything else wrong.
   */
  verify(token: string): Promise<AccessTokenClaims>;
  /** The public keys, as served at `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] };
  /** Lifetime of new tokens in seconds. */
  readonly ttlSeconds: number;
  /**
   * Signs a short-lived MFA challenge for a user who passed the password step: audience
   * `<audience>#mfa`, so it is never accepted as an access token.
   */
  issueChallenge(userId: string, ttlSeconds: number): Promise<string>;
  /** Verifies a challenge from {@link AccessTokens.issueChallenge}; throws like `verify`. */
  verifyChallenge(token: string): Promise<{ userId: string }>;
}

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

function publicJwk(key: SigningKey): JWK | null {
  if (key.kty === 'oct') return null;
  const jwk: JWK = { kid: key.kid, alg: key.alg, use: 'sig' };
  for (const member of PUBLIC_MEMBERS) if (key[member] !== undefined) jwk[member] = key[member];
  return jwk;
}

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: roleSchema,
  jti: z.string().min(1),
  exp: z.number(),
  iat: z.number(),
  sid: z.string().min(1).optional(),
});

/**
 * Access tokens on jose: `sub`, `role`, `iss`, `aud`, `iat`, `exp`, `jti` and a `kid` header.
 * Verifying a token it verified before is a map lookup plus the expiry check, so the signature is
 * checked once per token, not once per request.
 *
 * @example
 * ```ts
 * const tokens = createAccessTokens({ keys: [await generateSigningKey()], issuer: 'truss', audience: 'truss-api' });
 * const { token } = await tokens.issue({ userId, role: 'user' });
 * const claims = await tokens.verify(token);
 * ```
 */
export async function createAccessTokens(options: AccessTokenOptions): Promise<AccessTokens> {
  const { clock = systemClock, isRevoked, ...rest } = options;
  const config = parseInput(accessTokenOptionsSchema, rest, 'access token options');
  const keys = config.keys as SigningKey[];
  const kids = new Set<string>();
  for (const key of keys) {
    if (kids.has(key.kid)) throw new TrussError('validation_error', `Duplicate signing key id "${key.kid}"`);
    kids.add(key.kid);
  }
  // Verification uses the public half only; the private half of the current key signs.
  const imported = new Map<string, { alg: string; key: CryptoKey | Uint8Array }>();
  for (const key of keys) {
    const { kid, alg, ...material } = publicJwk(key) ?? key;
    imported.set(key.kid, { alg: key.alg, key: await importJWK({ ...material, alg }, key.alg) });
  }
  const signer = keys[0] as SigningKey;
  const { kid: _kid, alg: _alg, ...signerMaterial } = signer;
  const signingKey = await importJWK({ ...signerMaterial, alg: signer.alg }, signer.alg);
  const algorithms = [...new Set(keys.map((k) => k.alg))];
  const cache = new Map<string, AccessTokenClaims>();

  function remember(token: string, claims: AccessTokenClaims): void {
    if (config.cacheSize === 0) return;
    if (cache.size >= config.cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(token, claims);
  }

  async function verifyJwt(token: string, audience: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const entry = header.kid === undefined ? undefined : imported.get(header.kid);
          if (!entry || entry.alg !== header.alg)
            throw new TrussError('invalid_token', 'Unknown signing key');
          return entry.key;
        },
        {
          issuer: config.issuer,
          audience,
          algorithms,
          requiredClaims: ['sub', 'exp', 'iat', 'jti'],
          currentDate: clock.now(),
        },
      );
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TrussError('token_expired', 'Token has expired');
      throw new TrussError('invalid_token', 'Token is not valid', { cause: error });
    }
  }

  async function verifySignature(token: string): Promise<AccessTokenClaims> {
    const claims = claimsSchema.safeParse(await verifyJwt(token, config.audience));
    if (!claims.success) throw new TrussError('invalid_token', 'Access token is not valid');
    return Object.freeze({
      userId: claims.data.sub,
      role: claims.data.role,
      sessionId: claims.data.sid,
      tokenId: claims.data.jti,
      expiresAt: claims.data.exp,
      issuedAt: claims.data.iat,
    });
  }

  async function sign(
    claims: Record<string, unknown>,
    subject: string,
    audience: string,
    ttl: number,
    typ: string,
  ) {
    const now = Math.floor(clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ })
      .setSubject(subject)
      .setIssuer(config.issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(globalThis.crypto.randomUUID())
      .sign(signingKey);
  }

  const challengeAudience = `${config.audience}#mfa`;

  return {
    ttlSeconds: config.ttlSeconds,
    async issue(principal) {
      const claims = principal.sessionId
        ? { role: principal.role, sid: principal.sessionId }
        : { role: principal.role };
      const token = await sign(claims, principal.userId, config.audience, config.ttlSeconds, 'at+jwt');
      return { token, expiresIn: config.ttlSeconds };
    },
    issueChallenge: (userId, ttlSeconds) => sign({}, userId, challengeAudience, ttlSeconds, 'mfa+jwt'),
    async verifyChallenge(token) {
      const payload = await verifyJwt(token, challengeAudience);
      return { userId: String(payload.sub) };
    },
    async verify(token) {
      let claims = cache.get(token);
      if (claims) {
        if (claims.expiresAt * 1000 <= clock.now().getTime()) {
          cache.delete(token);
          throw new TrussError('token_expired', 'Access token has expired');
        }
      } else {
        claims = await verifySignature(token);
        remember(token, claims);
      }
      if (isRevoked && (await isRevoked(claims)))
        throw new TrussError('invalid_token', 'Access token has been revoked');
      return claims;
    },
    jwks() {
      return { keys: keys.map(publicJwk).filter((k): k is JWK => k !== null) };
    },
  };
}
