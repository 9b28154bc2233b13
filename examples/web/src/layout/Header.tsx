import { Link, navigate } from '../router';
import { Button } from '../shared/Button';
import { useAuthStore } from '../stores/authStore';
import { useUiStore } from '../stores/uiStore';

/** The top bar: the brand, the sidebar toggle (narrow screens), the theme switch and the account. */
export function Header() {
  const { user, isAuthenticated, logout } = useAuthStore();
  const { theme, toggleTheme, sidebarOpen, toggleSidebar, notify } = useUiStore();
  const signOut = async () => {
    try {
      await logout();
      notify('info', 'You are logged out.');
    } finally {
      navigate('/');
    }
  };
  return (
    <header className="header">
      <Button
        className="sidebar-toggle"
        aria-controls="sidebar"
        aria-expanded={sidebarOpen}
        onClick={() => toggleSidebar()}
      >
        Menu
      </Button>
      <Link to="/" className="brand">
        Truss
      </Link>
      <div className="header-actions">
        <Button onClick={toggleTheme} aria-pressed={theme === 'dark'}>
          Dark theme
        </Button>
        {isAuthenticated && user ? (
          <>
            <span className="header-user">
              Signed in as <strong>{user.email}</strong> <span className="role">({user.role})</span>
            </span>
            <Button variant="primary" onClick={signOut}>
              Log out
            </Button>
          </>
        ) : (
          <>
            <Link to="/login" className="button button-primary">
              Log in
            </Link>
            <Link to="/register" className="button button-secondary">
              Register
            </Link>
          </>
        )}
      </div>
    </header>
  );
}
