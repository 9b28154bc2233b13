import { Link } from '../router';

/** A path the app does not have. */
export function NotFoundPage() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link to="/">Go to the catalogue</Link>.
      </p>
    </section>
  );
}
