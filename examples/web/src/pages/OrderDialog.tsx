import type { ProductView } from '@truss/api/contract';
import { trussContract } from '@truss/api/contract';
import { api } from '../api';
import { FormError } from '../forms/FormError';
import { useForm } from '../forms/useForm';
import { navigate } from '../router';
import { Button } from '../shared/Button';
import { Input } from '../shared/Input';
import { Modal } from '../shared/Modal';
import { useUiStore } from '../stores/uiStore';

export type Orderable = Pick<ProductView, 'id' | 'name' | 'price' | 'stock'>;

/** Orders a quantity of one product: the form checks it with the server's order schema. */
export function OrderDialog({
  product,
  onClose,
  onOrdered,
}: {
  product: Orderable | null;
  onClose: () => void;
  onOrdered: () => void;
}) {
  return (
    <Modal title={product ? `Order ${product.name}` : 'Order'} open={product !== null} onClose={onClose}>
      {product ? <OrderForm product={product} onClose={onClose} onOrdered={onOrdered} /> : null}
    </Modal>
  );
}

function OrderForm({
  product,
  onClose,
  onOrdered,
}: {
  product: Orderable;
  onClose: () => void;
  onOrdered: () => void;
}) {
  const { notify } = useUiStore();
  const form = useForm({ quantity: '1' });
  const submit = form.onSubmit(
    trussContract.orders.create.body,
    (v) => ({ items: [{ product_id: product.id, quantity: Number(v.quantity) }] }),
    async (body) => {
      const order = await api.orders.create({ body });
      notify(
        'success',
        `Order placed: ${order.items[0]?.quantity ?? ''} × ${product.name}, total ${order.total}. Pay it in your orders.`,
      );
      onOrdered();
      onClose();
      navigate('/dashboard');
    },
    (path) => (path.endsWith('quantity') ? 'quantity' : path),
  );
  return (
    <form ref={form.formRef} onSubmit={submit} noValidate>
      <p>
        {product.price} each · {product.stock} in stock
      </p>
      <Input
        label="Quantity"
        type="number"
        min={1}
        inputMode="numeric"
        data-autofocus
        {...form.field('quantity')}
      />
      <FormError message={form.formError} />
      <div className="actions">
        <Button type="submit" variant="primary" busy={form.busy}>
          Place order
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
