import type { OrderView, UserView } from '@truss/api/contract';
import { ORDER_STATUSES } from '@truss/core';
import { useState } from 'react';
import { api, messageOf } from '../../api';
import { useAsync } from '../../forms/useAsync';
import { Button } from '../../shared/Button';
import { Select } from '../../shared/Input';
import { Table } from '../../shared/Table';
import { useUiStore } from '../../stores/uiStore';
import { LoadError } from '../LoadError';
import { PayDialog, ShipDialog } from './OrderDialogs';

const shortId = (id: string) => id.slice(0, 8);
const when = (iso: string) => new Date(iso).toLocaleString();

/** Orders: a User's own (pay, cancel), everyone's for a Manager or Admin (ship, deliver). */
export function OrdersSection({ me }: { me: UserView }) {
  const staff = me.role === 'manager' || me.role === 'admin';
  const { notify } = useUiStore();
  const [status, setStatus] = useState('');
  const [paying, setPaying] = useState<OrderView | null>(null);
  const [shipping, setShipping] = useState<OrderView | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  const orders = useAsync(
    () =>
      api.orders.list({
        query: { limit: 50, ...(status ? { status: status as OrderView['status'] } : {}) },
      }),
    [status],
  );
  const act = async (order: OrderView, label: string, run: () => Promise<OrderView>) => {
    setWorking(order.id);
    try {
      const done = await run();
      notify('success', `Order ${shortId(done.id)} is ${done.status}.`);
      orders.reload();
    } catch (error) {
      notify('error', `Could not ${label} order ${shortId(order.id)}: ${messageOf(error)}`);
    } finally {
      setWorking(null);
    }
  };
  if (orders.error)
    return <LoadError error={orders.error} what="This list of orders" retry={orders.reload} />;
  const title = staff ? 'All orders' : 'My orders';
  return (
    <section className="page">
      <h1>{title}</h1>
      <Select
        label="Status"
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        className="inline-field"
      >
        <option value="">Any status</option>
        {ORDER_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </Select>
      <Table
        caption={orders.loading ? `${title} (loading…)` : title}
        rows={orders.data?.items ?? []}
        rowKey={(o) => o.id}
        empty={orders.loading ? 'Loading…' : 'No orders yet. Order something from the catalogue.'}
        columns={[
          { header: 'Order', cell: (o) => <code>{shortId(o.id)}</code> },
          ...(staff
            ? [{ header: 'Customer', cell: (o: OrderView) => <code>{shortId(o.user_id)}</code> }]
            : []),
          { header: 'Placed', cell: (o) => when(o.created_at) },
          { header: 'Items', numeric: true, cell: (o) => o.items.reduce((n, item) => n + item.quantity, 0) },
          { header: 'Total', numeric: true, cell: (o) => o.total },
          {
            header: 'Status',
            cell: (o) => (
              <span className={`status status-${o.status}`}>
                {o.status}
                {o.tracking_number ? ` (${o.tracking_number})` : ''}
              </span>
            ),
          },
          {
            header: 'Actions',
            cell: (o) => (
              <div className="row-actions">
                {o.user_id === me.id && o.status === 'pending' ? (
                  <Button
                    variant="primary"
                    aria-label={`Pay order ${shortId(o.id)}`}
                    onClick={() => setPaying(o)}
                  >
                    Pay
                  </Button>
                ) : null}
                {o.user_id === me.id && (o.status === 'pending' || o.status === 'paid') ? (
                  <Button
                    variant="danger"
                    busy={working === o.id}
                    aria-label={`Cancel order ${shortId(o.id)}`}
                    onClick={() => act(o, 'cancel', () => api.orders.cancel({ params: { id: o.id } }))}
                  >
                    Cancel
                  </Button>
                ) : null}
                {staff && o.status === 'paid' ? (
                  <Button
                    variant="primary"
                    aria-label={`Ship order ${shortId(o.id)}`}
                    onClick={() => setShipping(o)}
                  >
                    Ship
                  </Button>
                ) : null}
                {staff && o.status === 'shipped' ? (
                  <Button
                    busy={working === o.id}
                    aria-label={`Mark order ${shortId(o.id)} delivered`}
                    onClick={() => act(o, 'deliver', () => api.orders.deliver({ params: { id: o.id } }))}
                  >
                    Delivered
                  </Button>
                ) : null}
              </div>
            ),
          },
        ]}
      />
      <PayDialog order={paying} onClose={() => setPaying(null)} onDone={orders.reload} />
      <ShipDialog order={shipping} onClose={() => setShipping(null)} onDone={orders.reload} />
    </section>
  );
}
