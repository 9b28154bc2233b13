import { isForbidden, messageOf } from '../api';
import { Button } from '../shared/Button';
import { ForbiddenPage } from './ForbiddenPage';

/** A failed load: the friendly 403 page, or the reason and a retry. */
export function LoadError({ error, what, retry }: { error: unknown; what: string; retry: () => void }) {
  if (isForbidden(error)) return <ForbiddenPage what={what} />;
  return (
    <div className="load-error" role="alert">
      <p>{messageOf(error)}</p>
      <Button onClick={retry}>Try again</Button>
    </div>
  );
}
