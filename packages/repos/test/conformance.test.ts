import { createTestDatabase, runRepositoryConformance, type TestDatabaseKind } from '@truss/testing';
import { createDatabase, createRepositories, migrateToLatest } from '../src/index.js';

async function open(kind: TestDatabaseKind, memory = false) {
  const testDb = memory ? undefined : await createTestDatabase(kind);
  const database = await createDatabase(testDb?.url ?? 'sqlite::memory:', { poolSize: 30 });
  await migrateToLatest(database.db);
  return {
    repositories: createRepositories(database),
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
