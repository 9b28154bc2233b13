import { type FieldCipher, TrussError } from '@truss/core';

/**
 * The personal data of a user, as the domain sees it.
 *
 * @example
 * ```ts
 * const pii: UserPii = { email: 'ada@example.com', firstName: 'Ada', lastName: null };
 * ```
 */
export interface UserPii {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * The personal data columns of a `users` row, as stored.
 *
 * @example
 * ```ts
 * const columns: UserPiiColumns = codec.toColumns(user.id, user);
 * ```
 */
export interface UserPiiColumns {
  email: string;
  first_name: string | null;
  last_name: string | null;
  email_index: string | null;
  pii_key_id: string | null;
}

/**
 * How the user repositories store personal data: sealed under a {@link FieldCipher}, or plaintext
 * when none is configured.
 *
 * @example
 * ```ts
 * const codec = userPiiCodec(cipher);
 * const row = await db.selectFrom('users').selectAll().where('email_index', 'in', codec.emailIndexes(email)).executeTakeFirst();
 * ```
 */
export interface UserPiiCodec {
  /** `true` when values are sealed. */
  readonly sealed: boolean;
  /** The columns to write for `pii` of user `id`: sealed under the current key, and the email's index. */
  toColumns(id: string, pii: UserPii): UserPiiColumns;
  /** The personal data of a stored row (a plaintext row, written before a key was configured, reads as is). */
  fromColumns(id: string, row: Omit<UserPiiColumns, 'email_index'>): UserPii;
  /** The `email_index` values a lookup of the normalised `email` matches (a rotation leaves more than one). */
  emailIndexes(email: string): string[];
}

/**
 * The context each sealed column is bound to: a value copied to another row or column does not open.
 *
 * @example
 * ```ts
 * cipher.open(row.email, piiContext('email', row.id));
 * ```
 */
export function piiContext(column: 'email' | 'first_name' | 'last_name', id: string): string {
  return `truss.users.${column}:${id}`;
}

let warned = false;

/**
 * The {@link UserPiiCodec} of `cipher`, or the plaintext one when `cipher` is `undefined`. The
 * plaintext codec indexes an email by itself and refuses to read a sealed row (a clear
 * `internal_error` rather than ciphertext shown as an email); it warns once per process
 * (`TRUSS_PLAINTEXT_PII`) unless `cipher` is `null` (an explicit choice, e.g. in tests).
 *
 * @example
 * ```ts
 * const codec = userPiiCodec(createFieldCipher(parseDataKeys(process.env.DATA_ENCRYPTION_KEYS!)));
 * ```
 */
export function userPiiCodec(cipher: FieldCipher | null | undefined): UserPiiCodec {
  if (!cipher) {
    if (cipher === undefined && !warned) {
      warned = true;
      process.emitWarning(
        'Truss repositories were created without a field cipher: emails and names are stored in plaintext. Pass { cipher } to createRepositories (spec §7.3).',
        { code: 'TRUSS_PLAINTEXT_PII' },
      );
    }
    return {
      sealed: false,
      toColumns: (_id, pii) => ({
        email: pii.email,
        first_name: pii.firstName,
        last_name: pii.lastName,
        email_index: pii.email,
        pii_key_id: null,
      }),
      fromColumns(_id, row) {
        if (row.pii_key_id !== null) {
          throw new TrussError(
            'internal_error',
            'A user row holds sealed personal data, but the repositories have no field cipher',
          );
        }
        return { email: row.email, firstName: row.first_name, lastName: row.last_name };
      },
      emailIndexes: (email) => [email],
    };
  }
  const open = (value: string | null, column: 'email' | 'first_name' | 'last_name', id: string) =>
    value === null ? null : cipher.open(value, piiContext(column, id));
  const seal = (value: string | null, column: 'email' | 'first_name' | 'last_name', id: string) =>
    value === null ? null : cipher.seal(value, piiContext(column, id));
  return {
    sealed: true,
    toColumns: (id, pii) => ({
      email: cipher.seal(pii.email, piiContext('email', id)),
      first_name: seal(pii.firstName, 'first_name', id),
      last_name: seal(pii.lastName, 'last_name', id),
      email_index: cipher.blindIndex(pii.email),
      pii_key_id: cipher.currentKeyId,
    }),
    fromColumns(id, row) {
      // A plaintext row, written before a key was configured: readable until it is sealed.
      if (row.pii_key_id === null)
        return { email: row.email, firstName: row.first_name, lastName: row.last_name };
      return {
        email: cipher.open(row.email, piiContext('email', id)),
        firstName: open(row.first_name, 'first_name', id),
        lastName: open(row.last_name, 'last_name', id),
      };
    },
    // The plaintext email last: it matches rows not sealed yet (an HMAC never contains an `@`).
    emailIndexes: (email) => [...cipher.blindIndexes(email), email],
  };
}
