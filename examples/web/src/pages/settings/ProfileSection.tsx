import type { UserView } from '@truss/api/contract';
import { trussContract } from '@truss/api/contract';
import { api } from '../../api';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/useForm';
import { useReauthentication } from '../../forms/useReauthentication';
import { Button } from '../../shared/Button';
import { Input } from '../../shared/Input';
import { useAuthStore } from '../../stores/authStore';
import { useUiStore } from '../../stores/uiStore';

/** Name and email, checked with the server's update schema; only what changed is sent. */
export function ProfileSection({ user }: { user: UserView }) {
  const { reloadUser } = useAuthStore();
  const { notify } = useUiStore();
  // A new email needs a recent proof of the password.
  const { guard, dialog } = useReauthentication();
  const form = useForm({
    email: user.email ?? '',
    first_name: user.first_name ?? '',
    last_name: user.last_name ?? '',
  });
  const submit = form.onSubmit(
    trussContract.users.update.body,
    (v) => ({
      ...(v.email.trim() !== (user.email ?? '') ? { email: v.email.trim() } : {}),
      ...(v.first_name.trim() !== (user.first_name ?? '') ? { first_name: v.first_name.trim() || null } : {}),
      ...(v.last_name.trim() !== (user.last_name ?? '') ? { last_name: v.last_name.trim() || null } : {}),
    }),
    async (body) => {
      await guard(() => api.users.update({ params: { id: user.id }, body }));
      await reloadUser();
      notify('success', 'Your profile is saved.');
    },
  );
  return (
    <>
      {dialog}
      <form ref={form.formRef} onSubmit={submit} noValidate className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <Input label="Email" type="email" autoComplete="email" {...form.field('email')} />
        <Input label="First name" autoComplete="given-name" {...form.field('first_name')} />
        <Input label="Last name" autoComplete="family-name" {...form.field('last_name')} />
        <FormError message={form.formError} />
        <Button type="submit" variant="primary" busy={form.busy}>
          Save profile
        </Button>
      </form>
    </>
  );
}
