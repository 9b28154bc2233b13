import { useEffect } from 'react';
import { navigate, usePath } from '../router';
import { useAuthStore } from '../stores/authStore';
import { OrdersSection } from './dashboard/OrdersSection';
import { ProductsSection } from './dashboard/ProductsSection';
import { UsersSection } from './dashboard/UsersSection';

/**
 * The signed-in user's work: a User's orders (pay, cancel); a Manager's and an Admin's orders of
 * everyone (ship, deliver) and the products; an Admin's users (role changes). What a role may not
 * see is refused by the API, and the page says so.
 */
export function DashboardPage() {
  const path = usePath();
  const { user, status } = useAuthStore();
  useEffect(() => {
    if (status === 'anonymous') navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
  }, [status, path]);
  if (!user) return <p className="page">Loading…</p>;
  if (path === '/dashboard/users') return <UsersSection />;
  if (path === '/dashboard/products') return <ProductsSection />;
  return <OrdersSection me={user} />;
}
