import { Link } from '../router';
import { useAuthStore } from '../stores/authStore';
import { useUiStore } from '../stores/uiStore';

/** The main navigation; it shows the sections the signed-in role can use. */
export function Sidebar() {
  const { user } = useAuthStore();
  const { sidebarOpen, toggleSidebar } = useUiStore();
  const role = user?.role;
  const close = () => toggleSidebar(false);
  return (
    <nav id="sidebar" className={sidebarOpen ? 'sidebar open' : 'sidebar'} aria-label="Main">
      <ul>
        <li>
          <Link to="/" onClick={close}>
            Catalogue
          </Link>
        </li>
        {user ? (
          <>
            <li>
              <Link to="/dashboard" onClick={close}>
                {role === 'user' ? 'My orders' : 'All orders'}
              </Link>
            </li>
            {role === 'manager' || role === 'admin' ? (
              <li>
                <Link to="/dashboard/products" onClick={close}>
                  Products
                </Link>
              </li>
            ) : null}
            {role === 'admin' ? (
              <li>
                <Link to="/dashboard/users" onClick={close}>
                  Users
                </Link>
              </li>
            ) : null}
            <li>
              <Link to="/settings" onClick={close}>
                Settings
              </Link>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}
