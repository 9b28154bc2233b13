import type { AddressInfo } from 'node:net';
import { createTrussApi } from '@truss/api';
import { createAccessTokens, createAuthService, generateSigningKey } from '@truss/auth';
import { createArgon2Hasher } from '@truss/auth/argon2';
import { createUserAdminService, createUserService } from '@truss/core';
import { createKernelMiddleware } from '@truss/express';
import { createKernel, handleClientErrors } from '@truss/http';
import { createAuthorizer, toAccessControl } from '@truss/rbac';
import { createDatabase, createRepositories, migrateToLatest } from '@truss/repos';
import express from 'express';

/** Registration, login and the user routes of Truss on Express and SQLite; Managers may list users too. */
export async function startMinimalServer(databaseUrl = 'sqlite:.data/minimal.db', port = 3001) {
  const database = await createDatabase(databaseUrl);
  await migrateToLatest(database.db);
  const repos = createRepositories(database);
  const hasher = createArgon2Hasher();
  const keys = [await generateSigningKey('EdDSA')]; // new keys each start: keep them in production (JWT_KEYS)
  const accessTokens = await createAccessTokens({ keys, issuer: 'minimal', audience: 'minimal' });
  const users = createUserService({ users: repos.users, hasher });
  const { users: userRepo, refreshTokens } = repos;
  const auth = createAuthService({ users: userRepo, refreshTokens, hasher, accessTokens });
  // The one change to the spec's permission table: Managers list users, as Admins do.
  const authorizer = createAuthorizer({ extend: { grants: { manager: ['list:user'] } } });
  const access = toAccessControl(authorizer);
  const admin = createUserAdminService({ userAdmin: repos.userAdmin, unitOfWork: repos.unitOfWork, access });
  const api = createTrussApi({ authorizer, auth: { auth, users, accessTokens }, users: { users, admin } });
  const kernel = createKernel(api);
  const server = express().use(createKernelMiddleware(kernel)).listen(port, '127.0.0.1');
  handleClientErrors(server, kernel); // requests Node's parser refuses get {error, message} too
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((done) => server.close(() => done())).then(() => database.destroy());
  return { url, users, close };
}
