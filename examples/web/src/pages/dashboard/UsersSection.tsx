import type { UserView } from '@truss/api/contract';
import { trussContract } from '@truss/api/contract';
import { ROLES } from '@truss/core';
import { useState } from 'react';
import { api, messageOf } from '../../api';
import { useAsync } from '../../forms/useAsync';
import { Table } from '../../shared/Table';
import { useAuthStore } from '../../stores/authStore';
import { useUiStore } from '../../stores/uiStore';
import { LoadError } from '../LoadError';

const nameOf = (user: UserView) => [user.first_name, user.last_name].filter(Boolean).join(' ') || '—';

/** The users (an Admin's): change a role in place. The API refuses this list to other roles. */
export function UsersSection() {
  const { user: me } = useAuthStore();
  const { notify } = useUiStore();
  const [saving, setSaving] = useState<string | null>(null);
  const users = useAsync(() => api.users.list({ query: { limit: 100, sort: 'created_at' } }), []);
  const changeRole = async (user: UserView, role: string) => {
    const body = { role };
    const check = trussContract.users.update.body.safeParse(body);
    if (!check.success) return notify('error', check.error.issues[0]?.message ?? 'Not a role');
    setSaving(user.id);
    try {
      await api.users.update({ params: { id: user.id }, body: { role: role as UserView['role'] } });
      notify('success', `${user.email ?? user.id} is now ${role}.`);
      users.reload();
    } catch (error) {
      notify('error', `Could not change the role: ${messageOf(error)}`);
    } finally {
      setSaving(null);
    }
  };
  if (users.error) return <LoadError error={users.error} what="The list of users" retry={users.reload} />;
  return (
    <section className="page">
      <h1>Users</h1>
      <Table
        caption={users.loading ? 'Users (loading…)' : 'Users, oldest first'}
        rows={users.data?.items ?? []}
        rowKey={(u) => u.id}
        empty={users.loading ? 'Loading…' : 'No users.'}
        columns={[
          { header: 'Email', cell: (u) => u.email ?? '—' },
          { header: 'Name', cell: nameOf },
          { header: 'Since', cell: (u) => new Date(u.created_at).toLocaleDateString() },
          {
            header: 'Role',
            cell: (u) => (
              <select
                aria-label={`Role of ${u.email ?? u.id}`}
                value={u.role}
                disabled={saving === u.id || u.id === me?.id}
                onChange={(e) => changeRole(u, e.target.value)}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            ),
          },
        ]}
      />
    </section>
  );
}
