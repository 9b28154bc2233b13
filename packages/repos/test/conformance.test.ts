import { createTestDatabase, runRepositoryConformance, type TestDatabaseKind } from '@truss/testing';
import {
  createDatabase,
  createFieldCipher,
  createRepositories,
  generateDataKey,
  migrateToLatest,
} from '../src/index.js';

// Emails and names sealed (the production configuration) on every database; SQLite in memory keeps
// them in plaintext, the configuration without keys.
const cipher = createFieldCipher([
  { id: 'current', key: generateDataKey() },
  { id: 'older', key: generateDataKey() },
]);

async function open(kind: TestDatabaseKind, memory = false) {
  const testDb = memory ? undefined : await createTestDatabase(kind);
  const database = await createDatabase(testDb?.url ?? 'sqlite::memory:', { poolSize: 30 });
  await migrateToLatest(database.db);
  return {
    repositories: createRepositories(database, { cipher: memory ? null : cipher }),
    async close() {
      await database.destroy();
      await testDb?.drop();
    },
  };
}

runRepositoryConformance({
  name: 'kysely on PostgreSQL',
  services: ['postgres'],
  open: () => open('postgres'),
});
runRepositoryConformance({ name: 'kysely on MariaDB/MySQL', services: ['mysql'], open: () => open('mysql') });
runRepositoryConformance({ name: 'kysely on SQLite (file)', open: () => open('sqlite') });
runRepositoryConformance({ name: 'kysely on SQLite (memory)', open: () => open('sqlite', true) });
