import type { OrderView } from '@truss/api/contract';
import { trussContract } from '@truss/api/contract';
import { api } from '../../api';
import { FormError } from '../../forms/FormError';
import { useForm } from '../../forms/useForm';
import { Button } from '../../shared/Button';
import { Input } from '../../shared/Input';
import { Modal } from '../../shared/Modal';
import { useUiStore } from '../../stores/uiStore';

type DialogProps = { order: OrderView | null; onClose: () => void; onDone: () => void };

/** Pays a pending order with a token from the payment provider. */
export function PayDialog({ order, onClose, onDone }: DialogProps) {
  return (
    <Modal
      title={order ? `Pay order ${order.id.slice(0, 8)}` : 'Pay'}
      open={order !== null}
      onClose={onClose}
    >
      {order ? <PayForm order={order} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function PayForm({ order, onClose, onDone }: { order: OrderView; onClose: () => void; onDone: () => void }) {
  const { notify } = useUiStore();
  const form = useForm({ payment_token: 'tok_success' });
  const submit = form.onSubmit(
    trussContract.orders.pay.body,
    (v) => ({ payment_token: v.payment_token.trim() }),
    async (body) => {
      await api.orders.pay({ params: { id: order.id }, body });
      notify('success', `Order ${order.id.slice(0, 8)} is paid.`);
      onDone();
      onClose();
    },
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <p>Total: {order.total}</p>
      <Input
        label="Payment token"
        autoComplete="off"
        data-autofocus
        hint="From your payment provider. With the test provider, tok_success pays and tok_decline is declined."
        {...form.field('payment_token')}
      />
      <FormError message={form.formError} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={form.busy}>
          Pay {order.total}
        </Button>
        <Button onClick={onClose}>Not now</Button>
      </div>
    </form>
  );
}

/** Ships a paid order with its tracking number. */
export function ShipDialog({ order, onClose, onDone }: DialogProps) {
  return (
    <Modal
      title={order ? `Ship order ${order.id.slice(0, 8)}` : 'Ship'}
      open={order !== null}
      onClose={onClose}
    >
      {order ? <ShipForm order={order} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function ShipForm({ order, onClose, onDone }: { order: OrderView; onClose: () => void; onDone: () => void }) {
  const { notify } = useUiStore();
  const form = useForm({ tracking_number: '' });
  const submit = form.onSubmit(
    trussContract.orders.ship.body,
    (v) => ({ tracking_number: v.tracking_number.trim() }),
    async (body) => {
      await api.orders.ship({ params: { id: order.id }, body });
      notify('success', `Order ${order.id.slice(0, 8)} is shipped.`);
      onDone();
      onClose();
    },
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <Input label="Tracking number" autoComplete="off" data-autofocus {...form.field('tracking_number')} />
      <FormError message={form.formError} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={form.busy}>
          Ship
        </Button>
        <Button onClick={onClose}>Not now</Button>
      </div>
    </form>
  );
}
