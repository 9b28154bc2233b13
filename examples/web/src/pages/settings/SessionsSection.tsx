import { useState } from 'react';
import { api, messageOf } from '../../api';
import { navigate } from '../../router';
import { Button } from '../../shared/Button';
import { useUiStore } from '../../stores/uiStore';

/**
 * Password and sessions. This server has no password-change endpoint yet, so the section says so
 * and offers what it has: ending every session of the account.
 */
export function SessionsSection() {
  const { notify } = useUiStore();
  const [busy, setBusy] = useState(false);
  const everywhere = async () => {
    setBusy(true);
    try {
      // The client forgets the session, and the auth store follows it.
      await api.auth.logoutAll();
      notify('info', 'Every session of your account has ended, this one too.');
      navigate('/login');
    } catch (error) {
      notify('error', messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Password and sessions</h2>
      <p>
        Changing the password is not offered by this server yet. If you think someone else knows it, end every
        session of your account: each device will have to log in again.
      </p>
      <Button variant="danger" busy={busy} onClick={everywhere}>
        Log out everywhere
      </Button>
    </section>
  );
}
