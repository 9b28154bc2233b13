import type { UserView } from '@truss/api/contract';
import { isTrussClientError } from '@truss/client';
import { create } from 'zustand';
import { api } from '../api';

/** `loading` until the session has been looked for (the refresh cookie), at start. */
export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

/** The second factor a login waits for. */
export type SecondFactor = { code: string } | { recovery_code: string };

/** Who is signed in, and the actions that change it. The access token lives in the client only. */
export interface AuthState {
  user: UserView | null;
  status: AuthStatus;
  isAuthenticated: boolean;
  /** The MFA challenge of a login that waits for a code; `null` otherwise. */
  mfaToken: string | null;
  /** Password login: `mfa` when a second factor is needed (then call `verifyMfa`). */
  login(email: string, password: string): Promise<'done' | 'mfa'>;
  verifyMfa(factor: SecondFactor): Promise<void>;
  /** Brings the session back from the HttpOnly refresh cookie (after a page load). */
  refresh(): Promise<void>;
  /** Reads the signed-in user again (after a profile change). */
  reloadUser(): Promise<void>;
  logout(): Promise<void>;
}

const signedOut = { user: null, status: 'anonymous', isAuthenticated: false, mfaToken: null } as const;

export const useAuthStore = create<AuthState>()((set, get) => {
  const signIn = async () => {
    const user = await api.users.me();
    set({ user, status: 'authenticated', isAuthenticated: true, mfaToken: null });
  };
  // A session the server ends (a refused refresh, a logout elsewhere) signs the app out.
  api.session.subscribe((token) => {
    if (token === null && get().isAuthenticated) set(signedOut);
  });
  return {
    ...signedOut,
    status: 'loading',
    async login(email, password) {
      const result = await api.auth.login({ body: { email, password } });
      if ('mfa_required' in result) {
        set({ mfaToken: result.mfa_token });
        return 'mfa';
      }
      await signIn();
      return 'done';
    },
    async verifyMfa(factor) {
      const mfaToken = get().mfaToken;
      if (!mfaToken) throw new Error('No login is waiting for a code');
      await api.auth.mfaVerify({ body: { mfa_token: mfaToken, ...factor } });
      await signIn();
    },
    async refresh() {
      try {
        await api.session.refresh();
        await signIn();
      } catch (error) {
        if (!isTrussClientError(error) || error.status !== 401) console.warn('Session refresh failed', error);
        set(signedOut);
      }
    },
    async reloadUser() {
      set({ user: await api.users.me() });
    },
    async logout() {
      try {
        await api.auth.logout();
      } finally {
        set(signedOut);
      }
    },
  };
});
