import { codeBody, trussContract } from '@truss/api/contract';
import { QRCodeSVG } from 'qrcode.react';
import { type ReactNode, useState } from 'react';
import { api, messageOf } from '../../api';
import { FormError } from '../../forms/FormError';
import { useAsync } from '../../forms/useAsync';
import { useForm } from '../../forms/useForm';
import { useReauthentication } from '../../forms/useReauthentication';
import { Button } from '../../shared/Button';
import { Input } from '../../shared/Input';
import { useUiStore } from '../../stores/uiStore';

type Enrollment = { secret: string; otpauth_uri: string };

/**
 * Two-factor authentication: enroll with a QR code (or the secret typed in), confirm with a code,
 * keep the recovery codes; later, new recovery codes or turning it off.
 */
export function MfaSection() {
  const status = useAsync(() => api.auth.mfaStatus(), []);
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Turning it on or off needs a recent proof of the password.
  const { guard, dialog } = useReauthentication();
  const start = async () => {
    setError(null);
    try {
      setEnrollment(await guard(() => api.auth.mfaEnroll()));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const finish = () => {
    setCodes(null);
    setEnrollment(null);
    status.reload();
  };
  let body: ReactNode;
  if (codes) body = <RecoveryCodes codes={codes} onDone={finish} />;
  else if (enrollment)
    body = <ConfirmEnrollment enrollment={enrollment} onConfirmed={setCodes} onCancel={finish} />;
  else if (status.loading && !status.data) body = <p>Loading…</p>;
  else if (status.error) body = <FormError message={messageOf(status.error)} />;
  else if (status.data?.enabled)
    body = <EnabledMfa codesLeft={status.data.recovery_codes_left} onCodes={setCodes} onDisabled={finish} />;
  else
    body = (
      <>
        <p>
          Two-factor authentication is <strong>off</strong>. Turn it on to ask for a code from an
          authenticator app at each login.
        </p>
        <FormError message={error} />
        <Button variant="primary" onClick={start}>
          Set up two-factor authentication
        </Button>
      </>
    );
  return (
    <section className="card" aria-labelledby="mfa-title">
      <h2 id="mfa-title">Two-factor authentication</h2>
      {body}
      {dialog}
    </section>
  );
}

function ConfirmEnrollment({
  enrollment,
  onConfirmed,
  onCancel,
}: {
  enrollment: Enrollment;
  onConfirmed: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const form = useForm({ code: '' });
  const submit = form.onSubmit(
    codeBody,
    (v) => ({ code: v.code.trim() }),
    async (body) => onConfirmed((await api.auth.mfaConfirm({ body })).recovery_codes),
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <ol className="steps">
        <li>
          Scan this QR code with an authenticator app.
          <div className="qr">
            <QRCodeSVG
              value={enrollment.otpauth_uri}
              size={192}
              marginSize={2}
              title="QR code to add Truss to an authenticator app"
            />
          </div>
          <p>
            Or type this key in:{' '}
            <code className="secret" data-testid="mfa-secret">
              {enrollment.secret}
            </code>
          </p>
        </li>
        <li>
          <Input
            label="Code shown by the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            {...form.field('code')}
          />
        </li>
      </ol>
      <FormError message={form.formError} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={form.busy}>
          Turn on
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="recovery-codes">
      <p role="status">
        Two-factor authentication is <strong>on</strong>. Keep these recovery codes somewhere safe: each logs
        you in once if you lose the app. They are shown only now.
      </p>
      <ul aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <Button variant="primary" onClick={onDone}>
        I have saved them
      </Button>
    </div>
  );
}

function EnabledMfa({
  codesLeft,
  onCodes,
  onDisabled,
}: {
  codesLeft: number;
  onCodes: (codes: string[]) => void;
  onDisabled: () => void;
}) {
  const { notify } = useUiStore();
  const { guard, dialog } = useReauthentication();
  const regenerate = useForm({ code: '' });
  const renew = regenerate.onSubmit(
    trussContract.auth.mfaRecoveryCodes.body,
    (v) => ({ code: v.code.trim() }),
    async (body) => onCodes((await api.auth.mfaRecoveryCodes({ body })).recovery_codes),
  );
  const disable = useForm({ code: '' });
  const turnOff = disable.onSubmit(
    trussContract.auth.mfaDisable.body,
    (v) => (/^\d+$/.test(v.code.trim()) ? { code: v.code.trim() } : { recovery_code: v.code.trim() }),
    async (body) => {
      await guard(() => api.auth.mfaDisable({ body }));
      notify('info', 'Two-factor authentication is off.');
      onDisabled();
    },
    () => 'code',
  );
  return (
    <>
      {dialog}
      <p>
        Two-factor authentication is <strong>on</strong>. Recovery codes left: {codesLeft}.
      </p>
      <form ref={regenerate.formRef} onSubmit={renew} noValidate aria-label="New recovery codes">
        <Input
          label="Code from the app, for new recovery codes"
          inputMode="numeric"
          {...regenerate.field('code')}
        />
        <FormError message={regenerate.formError} />
        <Button type="submit" busy={regenerate.busy}>
          New recovery codes
        </Button>
      </form>
      <form
        ref={disable.formRef}
        onSubmit={turnOff}
        noValidate
        aria-label="Turn off two-factor authentication"
      >
        <Input label="Code from the app, or a recovery code, to turn it off" {...disable.field('code')} />
        <FormError message={disable.formError} />
        <Button type="submit" variant="danger" busy={disable.busy}>
          Turn off
        </Button>
      </form>
    </>
  );
}
