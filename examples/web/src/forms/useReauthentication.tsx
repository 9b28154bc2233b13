import { trussContract } from '@truss/api/contract';
import { isTrussClientError } from '@truss/client';
import { type ReactNode, useRef, useState } from 'react';
import { api } from '../api';
import { Button } from '../shared/Button';
import { Input } from '../shared/Input';
import { Modal } from '../shared/Modal';
import { FormError } from './FormError';
import { useForm } from './useForm';

/**
 * For changes the server lets through only after a recent authentication (the email, turning
 * two-factor authentication on or off): `guard(action)` runs the action, and when the server
 * answers `reauthentication_required`, asks for the password in a dialog, proves it
 * (`POST /api/v1/auth/reauthenticate`) and runs the action again. Render `dialog` in the page.
 */
export function useReauthentication(): {
  guard: <T>(action: () => Promise<T>) => Promise<T>;
  dialog: ReactNode;
} {
  const [open, setOpen] = useState(false);
  const settle = useRef<(confirmed: boolean) => void>(() => {});
  const guard = async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!(isTrussClientError(error) && error.code === 'reauthentication_required')) throw error;
      const confirmed = await new Promise<boolean>((resolve) => {
        settle.current = resolve;
        setOpen(true);
      });
      if (!confirmed) throw error;
      return action();
    }
  };
  const done = (confirmed: boolean) => {
    setOpen(false);
    settle.current(confirmed);
  };
  return { guard, dialog: <ReauthenticationDialog open={open} onDone={done} /> };
}

function ReauthenticationDialog({ open, onDone }: { open: boolean; onDone: (confirmed: boolean) => void }) {
  const form = useForm({ password: '' });
  const submit = form.onSubmit(
    trussContract.auth.reauthenticate.body,
    (v) => ({ password: v.password }),
    async (body) => {
      await api.auth.reauthenticate({ body });
      form.setValues({ password: '' });
      onDone(true);
    },
  );
  return (
    <Modal title="Confirm it is you" open={open} onClose={() => onDone(false)}>
      <form ref={form.formRef} onSubmit={submit} noValidate aria-label="Confirm your password">
        <p>This change needs your password once more.</p>
        <Input
          label="Your password"
          type="password"
          autoComplete="current-password"
          {...form.field('password')}
        />
        <FormError message={form.formError} />
        <Button type="submit" variant="primary" busy={form.busy}>
          Confirm
        </Button>
      </form>
    </Modal>
  );
}
