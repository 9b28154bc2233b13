import { useEffect } from 'react';
import { Layout } from './layout/Layout';
import { DashboardPage } from './pages/DashboardPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RegisterPage } from './pages/RegisterPage';
import { SettingsPage } from './pages/SettingsPage';
import { usePath } from './router';
import { useAuthStore } from './stores/authStore';

const TITLES: Record<string, string> = {
  '/': 'Catalogue',
  '/login': 'Log in',
  '/register': 'Register',
  '/dashboard': 'Orders',
  '/dashboard/users': 'Users',
  '/dashboard/products': 'Products',
  '/settings': 'Settings',
};

function Page({ path }: { path: string }) {
  if (path === '/') return <HomePage />;
  if (path === '/login') return <LoginPage />;
  if (path === '/register') return <RegisterPage />;
  if (path === '/dashboard' || path.startsWith('/dashboard/')) return <DashboardPage />;
  if (path === '/settings') return <SettingsPage />;
  return <NotFoundPage />;
}

/** The app: the session is looked for once (the refresh cookie), then the page of the path. */
export function App() {
  const path = usePath();
  const { status, refresh } = useAuthStore();
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    document.title = `${TITLES[path] ?? 'Not found'} · Truss`;
  }, [path]);
  return <Layout>{status === 'loading' ? <p className="page">Loading…</p> : <Page path={path} />}</Layout>;
}
