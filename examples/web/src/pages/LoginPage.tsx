import { codeBody, trussContract } from '@truss/api/contract';
import { useState } from 'react';
import { z } from 'zod';
import { FormError } from '../forms/FormError';
import { useForm } from '../forms/useForm';
import { Link, navigate, queryParam } from '../router';
import { Button } from '../shared/Button';
import { Input } from '../shared/Input';
import { useAuthStore } from '../stores/authStore';

/** Where to go after logging in: the `next` page asked for, when it is a page of this app. */
function nextPage(): string {
  const next = queryParam('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/dashboard';
}

/** Logs in with email and password, then a code from the authenticator app when MFA is on. */
export function LoginPage() {
  const { mfaToken } = useAuthStore();
  return (
    <section className="page page-narrow">
      <h1>Log in</h1>
      {mfaToken ? <SecondFactorForm /> : <PasswordForm />}
    </section>
  );
}

function PasswordForm() {
  const { login } = useAuthStore();
  const form = useForm({ email: '', password: '' });
  const submit = form.onSubmit(
    trussContract.auth.login.body,
    (v) => ({ email: v.email, password: v.password }),
    async (body) => {
      if ((await login(body.email, body.password)) === 'done') navigate(nextPage(), { replace: true });
    },
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Input label="Email" type="email" autoComplete="username" {...form.field('email')} />
      <Input label="Password" type="password" autoComplete="current-password" {...form.field('password')} />
      <FormError message={form.formError} />
      <Button type="submit" variant="primary" busy={form.busy}>
        Log in
      </Button>
      <p>
        No account yet? <Link to="/register">Register</Link>.
      </p>
    </form>
  );
}

// The second step's field schemas are the server's: a TOTP code, or a recovery code.
const recoveryCodeBody = trussContract.auth.mfaDisable.body;
const codeOrRecovery = z.union([codeBody, recoveryCodeBody]);

function SecondFactorForm() {
  const { verifyMfa } = useAuthStore();
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({ code: '', recovery_code: '' });
  const submit = form.onSubmit(
    codeOrRecovery,
    (v) => (useRecovery ? { recovery_code: v.recovery_code.trim() } : { code: v.code.trim() }),
    async (factor) => {
      await verifyMfa(factor);
      navigate(nextPage(), { replace: true });
    },
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <p>Two-factor authentication is on for this account.</p>
      {useRecovery ? (
        <Input label="Recovery code" autoComplete="off" autoFocus {...form.field('recovery_code')} />
      ) : (
        <Input
          label="Code from your authenticator app"
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          {...form.field('code')}
        />
      )}
      <FormError message={form.formError} />
      <Button type="submit" variant="primary" busy={form.busy}>
        Verify
      </Button>
      <Button variant="link" onClick={() => setUseRecovery((r) => !r)}>
        {useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead'}
      </Button>
    </form>
  );
}
