import type { tokenPairView } from '@truss/api/contract';
import type { z } from 'zod';
import { isTrussClientError, TrussClientError } from './client-error.js';

/**
 * Where the refresh token lives: `cookie` — only in the server's HttpOnly cookie, which the browser
 * sends with `POST /api/v1/auth/refresh` (scripts never hold it); `memory` — in the client, sent in
 * the refresh body (Node, where fetch keeps no cookies).
 *
 * @example
 * ```ts
 * const mode: RefreshTokenMode = typeof document === 'undefined' ? 'memory' : 'cookie';
 * ```
 */
export type RefreshTokenMode = 'cookie' | 'memory';

/**
 * Tokens to start a session with (one kept from an earlier run, say).
 *
 * @example
 * ```ts
 * client.session.set({ accessToken: saved.access, refreshToken: saved.refresh });
 * ```
 */
export interface SessionTokens {
  accessToken: string;
  /** Kept in `memory` mode only; in `cookie` mode the cookie holds it. */
  refreshToken?: string;
}

/** The token pair of a login or a refresh, as the API answers it. */
export type TokenPair = z.output<typeof tokenPairView>;

/**
 * The client's session: the access token, in memory only, and its renewal. Login, the MFA step and
 * refresh fill it; logout empties it; a refresh that the server refuses ends it.
 *
 * @example
 * ```ts
 * const stop = client.session.subscribe((token) => setSignedIn(token !== null));
 * await client.session.refresh(); // after a page load: the HttpOnly cookie brings the session back
 * ```
 */
export interface TrussSession {
  /** Where the refresh token lives. */
  readonly mode: RefreshTokenMode;
  /** The current access token; `null` when signed out. */
  readonly accessToken: string | null;
  /** Whether there is an access token. */
  readonly isAuthenticated: boolean;
  /**
   * The refresh token, in `memory` mode (to keep a session across runs of a program); always
   * `null` in `cookie` mode, where scripts never hold it.
   */
  readonly refreshToken: string | null;
  /** Starts a session with tokens obtained elsewhere. */
  set(tokens: SessionTokens): void;
  /** Forgets the tokens (without telling the server: call `auth.logout` for that). */
  clear(): void;
  /**
   * Renews the access token. However many callers ask at once, one refresh request is made and
   * they all wait for it. Rejects with the server's error when the session is over (and clears it).
   */
  refresh(): Promise<void>;
  /** Calls `listener` with the new access token (or `null`) whenever it changes; answers the unsubscribe. */
  subscribe(listener: (accessToken: string | null) => void): () => void;
}

/** Sends the refresh request: with `refreshToken` in the body, or none (the cookie). */
export type Renew = (refreshToken: string | null) => Promise<TokenPair>;

/** {@link TrussSession} with what the client itself needs: the token pair of a refresh, and waiting. */
export class ClientSession implements TrussSession {
  readonly mode: RefreshTokenMode;
  #accessToken: string | null = null;
  #refreshToken: string | null = null;
  #inFlight: Promise<TokenPair> | null = null;
  readonly #listeners = new Set<(accessToken: string | null) => void>();
  readonly #renew: Renew;

  constructor(mode: RefreshTokenMode, renew: Renew) {
    this.mode = mode;
    this.#renew = renew;
  }

  get accessToken(): string | null {
    return this.#accessToken;
  }

  get isAuthenticated(): boolean {
    return this.#accessToken !== null;
  }

  get refreshToken(): string | null {
    return this.#refreshToken;
  }

  set(tokens: SessionTokens): void {
    this.#accessToken = tokens.accessToken;
    if (this.mode === 'memory' && tokens.refreshToken) this.#refreshToken = tokens.refreshToken;
    this.#emit();
  }

  clear(): void {
    const had = this.#accessToken !== null || this.#refreshToken !== null;
    this.#accessToken = null;
    this.#refreshToken = null;
    if (had) this.#emit();
  }

  async refresh(): Promise<void> {
    await this.renew();
  }

  /** The one refresh in flight, started when there is none; answers its token pair. */
  renew(): Promise<TokenPair> {
    this.#inFlight ??= this.#run().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Resolves once no refresh is in flight (whatever its outcome). */
  async settled(): Promise<void> {
    await this.#inFlight?.catch(() => undefined);
  }

  subscribe(listener: (accessToken: string | null) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async #run(): Promise<TokenPair> {
    if (this.mode === 'memory' && this.#refreshToken === null) {
      this.clear();
      throw new TrussClientError('unauthorized', 'No session to refresh: log in first', { status: 401 });
    }
    try {
      const pair = await this.#renew(this.#refreshToken);
      this.set({ accessToken: pair.access_token, refreshToken: pair.refresh_token });
      return pair;
    } catch (error) {
      // The server refused the refresh token: the session is over. A network failure keeps it.
      if (isTrussClientError(error) && error.status === 401) this.clear();
      throw error;
    }
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this.#accessToken);
  }
}
