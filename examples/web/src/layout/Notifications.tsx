import { useUiStore } from '../stores/uiStore';

/** The notification area: a polite live region, so each message is read out as it appears. */
export function Notifications() {
  const { notifications, dismiss } = useUiStore();
  return (
    <section className="notifications" aria-label="Notifications" aria-live="polite">
      {notifications.map((n) => (
        <div
          key={n.id}
          className={`notification notification-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
        >
          <span>{n.text}</span>
          <button
            type="button"
            className="notification-dismiss"
            aria-label="Dismiss notification"
            onClick={() => dismiss(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
