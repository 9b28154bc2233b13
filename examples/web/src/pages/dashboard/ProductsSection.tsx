import { trussContract } from '@truss/api/contract';
import { api } from '../../api';
import { FormError } from '../../forms/FormError';
import { useAsync } from '../../forms/useAsync';
import { useForm } from '../../forms/useForm';
import { Button } from '../../shared/Button';
import { Input } from '../../shared/Input';
import { Table } from '../../shared/Table';
import { useUiStore } from '../../stores/uiStore';
import { LoadError } from '../LoadError';

/** The catalogue as a Manager or Admin keeps it: add a product; the newest first. */
export function ProductsSection() {
  const { notify } = useUiStore();
  const products = useAsync(() => api.products.list({ query: { limit: 50 } }), []);
  const form = useForm({ name: '', price: '', stock: '0', description: '' });
  const submit = form.onSubmit(
    trussContract.products.create.body,
    (v) => ({
      name: v.name.trim(),
      price: v.price.trim(),
      stock: Number(v.stock),
      ...(v.description.trim() ? { description: v.description.trim() } : {}),
    }),
    async (body) => {
      const product = await api.products.create({ body });
      notify('success', `${product.name} is in the catalogue.`);
      form.setValues({ name: '', price: '', stock: '0', description: '' });
      products.reload();
    },
  );
  if (products.error)
    return <LoadError error={products.error} what="Managing products" retry={products.reload} />;
  return (
    <section className="page">
      <h1>Products</h1>
      <form ref={form.formRef} onSubmit={submit} noValidate className="card" aria-labelledby="add-product">
        <h2 id="add-product">Add a product</h2>
        <Input label="Name" {...form.field('name')} />
        <Input
          label="Price"
          inputMode="decimal"
          hint="An exact decimal, e.g. 9.99"
          {...form.field('price')}
        />
        <Input label="Stock" type="number" min={0} inputMode="numeric" {...form.field('stock')} />
        <Input label="Description (optional)" {...form.field('description')} />
        <FormError message={form.formError} />
        <Button type="submit" variant="primary" busy={form.busy}>
          Add product
        </Button>
      </form>
      <Table
        caption="Products, newest first"
        rows={products.data?.items ?? []}
        rowKey={(p) => p.id}
        empty={products.loading ? 'Loading…' : 'No products yet.'}
        columns={[
          { header: 'Product', cell: (p) => p.name },
          { header: 'Price', numeric: true, cell: (p) => p.price },
          { header: 'In stock', numeric: true, cell: (p) => p.stock },
        ]}
      />
    </section>
  );
}
