import { useEffect } from 'react';
import { navigate } from '../router';
import { useAuthStore } from '../stores/authStore';
import { MfaSection } from './settings/MfaSection';
import { ProfileSection } from './settings/ProfileSection';
import { SessionsSection } from './settings/SessionsSection';
import { ThemeSection } from './settings/ThemeSection';

/** The account: profile, password and sessions, two-factor authentication, and the theme. */
export function SettingsPage() {
  const { user, status } = useAuthStore();
  useEffect(() => {
    if (status === 'anonymous') navigate('/login?next=%2Fsettings', { replace: true });
  }, [status]);
  if (!user) return <p className="page">Loading…</p>;
  return (
    <section className="page">
      <h1>Settings</h1>
      <ProfileSection user={user} />
      <SessionsSection />
      <MfaSection />
      <ThemeSection />
    </section>
  );
}
