import { createArgon2Hasher } from '@truss/auth/argon2';
import { createAuthorizer, toAccessControl } from '@truss/rbac';
import {
  createDatabase,
  createFieldCipher,
  createRepositories,
  generateDataKey,
  migrateToLatest,
} from '@truss/repos';
import { createTestDatabase, runServiceConformance, type TestDatabaseKind } from '@truss/testing';

// The core services through their public functions, on the repositories that pass the repository
// conformance suite, on every database. (They run here, where the repositories, argon2 and the
// authorizer are all at hand without a dependency cycle; the HTTP routes are tested elsewhere.)
const cipher = createFieldCipher([{ id: 'k1', key: generateDataKey() }]);

async function open(kind: TestDatabaseKind) {
  const testDb = await createTestDatabase(kind);
  const database = await createDatabase(testDb.url, { poolSize: 20 });
  await migrateToLatest(database.db);
  return {
    repositories: createRepositories(database, { cipher }),
    hasher: createArgon2Hasher(),
    access: toAccessControl(createAuthorizer()),
    async close() {
      await database.destroy();
      await testDb.drop();
    },
  };
}

runServiceConformance({ name: 'kysely on SQLite', open: () => open('sqlite') });
runServiceConformance({ name: 'kysely on PostgreSQL', services: ['postgres'], open: () => open('postgres') });
runServiceConformance({ name: 'kysely on MariaDB/MySQL', services: ['mysql'], open: () => open('mysql') });
