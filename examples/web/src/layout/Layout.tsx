import { type ReactNode, useEffect, useRef } from 'react';
import { usePath } from '../router';
import { Footer } from './Footer';
import { Header } from './Header';
import { Notifications } from './Notifications';
import { Sidebar } from './Sidebar';

/**
 * Header, sidebar, the page and the footer, with a skip link first. After each navigation the focus
 * moves to the new page's content, as a page load would put it at the start.
 */
export function Layout({ children }: { children: ReactNode }) {
  const path = usePath();
  const main = useRef<HTMLElement>(null);
  const shown = useRef(path);
  useEffect(() => {
    if (shown.current === path) return;
    shown.current = path;
    main.current?.focus();
  }, [path]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <div className="app-body">
        <Sidebar />
        <main id="main" ref={main} tabIndex={-1}>
          {children}
        </main>
      </div>
      <Notifications />
      <Footer />
    </div>
  );
}
