import { Link } from '../router';
import { useAuthStore } from '../stores/authStore';

/** What a 403 shows: who you are, that this page is not for your role, and where to go instead. */
export function ForbiddenPage({ what }: { what: string }) {
  const { user } = useAuthStore();
  return (
    <section className="page page-forbidden" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">You don’t have access to this page</h1>
      <p>
        {what} is not open to {user ? <>your account ({user.role})</> : 'visitors who are not logged in'}. If
        you think you should have access, ask an administrator.
      </p>
      <p className="actions">
        <Link to="/" className="button button-primary">
          Back to the catalogue
        </Link>
        {user ? (
          <Link to="/dashboard" className="button button-secondary">
            Go to your dashboard
          </Link>
        ) : null}
      </p>
    </section>
  );
}
