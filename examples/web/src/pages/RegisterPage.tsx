import { trussContract } from '@truss/api/contract';
import { api } from '../api';
import { FormError } from '../forms/FormError';
import { useForm } from '../forms/useForm';
import { Link, navigate } from '../router';
import { Button } from '../shared/Button';
import { Input } from '../shared/Input';
import { useUiStore } from '../stores/uiStore';

/** Creates an account (role user), checked with the server's registration schema. */
export function RegisterPage() {
  const { notify } = useUiStore();
  const form = useForm({ email: '', password: '', first_name: '', last_name: '' });
  const submit = form.onSubmit(
    trussContract.auth.register.body,
    (v) => ({
      email: v.email.trim(),
      password: v.password,
      ...(v.first_name.trim() ? { first_name: v.first_name.trim() } : {}),
      ...(v.last_name.trim() ? { last_name: v.last_name.trim() } : {}),
    }),
    async (body) => {
      await api.auth.register({ body });
      notify('success', 'Your account is ready. Log in to continue.');
      navigate('/login', { replace: true });
    },
  );
  return (
    <section className="page page-narrow">
      <h1>Create an account</h1>
      <form ref={form.formRef} onSubmit={submit} noValidate>
        <Input label="Email" type="email" autoComplete="email" {...form.field('email')} />
        <Input
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters, not a common password; a few unrelated words make a strong one."
          {...form.field('password')}
        />
        <Input label="First name (optional)" autoComplete="given-name" {...form.field('first_name')} />
        <Input label="Last name (optional)" autoComplete="family-name" {...form.field('last_name')} />
        <FormError message={form.formError} />
        <Button type="submit" variant="primary" busy={form.busy}>
          Create account
        </Button>
        <p>
          Already registered? <Link to="/login">Log in</Link>.
        </p>
      </form>
    </section>
  );
}
