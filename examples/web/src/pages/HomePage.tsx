import { trussContract } from '@truss/api/contract';
import { useState } from 'react';
import { api } from '../api';
import { FormError } from '../forms/FormError';
import { useAsync } from '../forms/useAsync';
import { useForm } from '../forms/useForm';
import { Link } from '../router';
import { Button } from '../shared/Button';
import { Input } from '../shared/Input';
import { Table } from '../shared/Table';
import { useAuthStore } from '../stores/authStore';
import { LoadError } from './LoadError';
import { type Orderable, OrderDialog } from './OrderDialog';

type Filters = { q?: string; min_price?: string; max_price?: string; in_stock?: 'true' };

const PAGE_SIZE = 10;

/** The catalogue: a search by name, filters by price and stock, pages of products. */
export function HomePage() {
  const { isAuthenticated } = useAuthStore();
  const [filters, setFilters] = useState<Filters>({});
  // The cursors of the pages seen so far: the last is the current page's.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [ordering, setOrdering] = useState<Orderable | null>(null);
  const cursor = cursors[cursors.length - 1];
  const products = useAsync(
    () => api.products.list({ query: { ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }),
    [filters, cursor],
  );
  const form = useForm({ q: '', min_price: '', max_price: '', in_stock: '' });
  const apply = form.onSubmit(
    trussContract.products.list.query,
    (v) => ({
      ...(v.q.trim() ? { q: v.q } : {}),
      ...(v.min_price ? { min_price: v.min_price } : {}),
      ...(v.max_price ? { max_price: v.max_price } : {}),
      ...(v.in_stock ? { in_stock: 'true' as const } : {}),
    }),
    async (query) => {
      setFilters(query as Filters);
      setCursors([undefined]);
    },
  );

  return (
    <section className="page">
      <h1>Catalogue</h1>
      <form
        ref={form.formRef}
        className="filters"
        onSubmit={apply}
        noValidate
        aria-label="Filter the catalogue"
      >
        <Input label="Search by name" type="search" placeholder="bolt" {...form.field('q')} />
        <Input label="Lowest price" inputMode="decimal" placeholder="0.00" {...form.field('min_price')} />
        <Input label="Highest price" inputMode="decimal" placeholder="100.00" {...form.field('max_price')} />
        <div className="field field-checkbox">
          <input
            id="in-stock"
            type="checkbox"
            checked={form.values.in_stock === 'true'}
            onChange={(e) => form.setValues((v) => ({ ...v, in_stock: e.target.checked ? 'true' : '' }))}
          />
          <label htmlFor="in-stock">In stock only</label>
        </div>
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <FormError message={form.formError} />
      </form>
      {products.error ? (
        <LoadError error={products.error} what="The catalogue" retry={products.reload} />
      ) : (
        <Table
          caption={products.loading ? 'Products (loading…)' : `Products, page ${cursors.length}`}
          rows={products.data?.items ?? []}
          rowKey={(p) => p.id}
          empty={products.loading ? 'Loading…' : 'No products match.'}
          columns={[
            { header: 'Product', cell: (p) => <strong>{p.name}</strong> },
            { header: 'Description', cell: (p) => p.description ?? '—' },
            { header: 'Price', numeric: true, cell: (p) => p.price },
            { header: 'In stock', numeric: true, cell: (p) => p.stock },
            {
              header: 'Order',
              cell: (p) =>
                isAuthenticated ? (
                  <Button
                    variant="primary"
                    disabled={p.stock === 0}
                    aria-label={`Order ${p.name}`}
                    onClick={() => setOrdering(p)}
                  >
                    Order
                  </Button>
                ) : (
                  <Link to="/login">Log in to order</Link>
                ),
            },
          ]}
        />
      )}
      <nav className="pager" aria-label="Pages of the catalogue">
        <Button disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </Button>
        <span>Page {cursors.length}</span>
        <Button
          disabled={!products.data?.nextCursor}
          onClick={() => setCursors((c) => [...c, products.data?.nextCursor ?? undefined])}
        >
          Next page
        </Button>
      </nav>
      <OrderDialog product={ordering} onClose={() => setOrdering(null)} onOrdered={products.reload} />
    </section>
  );
}
