import { trussContract } from '@truss/api/contract';
import { useState } from 'react';
import { api, messageOf } from '../../api';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/useForm';
import { navigate } from '../../router';
import { Button } from '../../shared/Button';
import { Input } from '../../shared/Input';
import { useUiStore } from '../../stores/uiStore';

/**
 * Password and sessions: a password change (checked with the server's schema and password rules;
 * every other session of the account ends) and ending every session at once.
 */
export function SessionsSection() {
  const { notify } = useUiStore();
  const [busy, setBusy] = useState(false);
  const form = useForm({ current_password: '', new_password: '' });
  const change = form.onSubmit(
    trussContract.auth.changePassword.body,
    (v) => v,
    async (body) => {
      await api.auth.changePassword({ body });
      form.setValues({ current_password: '', new_password: '' });
      notify('success', 'Your password is changed. Every other session of your account has ended.');
    },
  );
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
      <form ref={form.formRef} onSubmit={change} noValidate aria-label="Change the password">
        <Input
          label="Current password"
          type="password"
          autoComplete="current-password"
          {...form.field('current_password')}
        />
        <Input
          label="New password"
          type="password"
          autoComplete="new-password"
          {...form.field('new_password')}
        />
        <FormError message={form.formError} />
        <Button type="submit" variant="primary" busy={form.busy}>
          Change password
        </Button>
      </form>
      <p>
        If you think someone else knows your password, end every session of your account: each device will
        have to log in again.
      </p>
      <Button variant="danger" busy={busy} onClick={everywhere}>
        Log out everywhere
      </Button>
    </section>
  );
}
