import { z } from 'zod';
import { singleLineText } from './text.js';

/** The roles of spec §7.2, in the lower case the database and the API use, most powerful first. */
export const ROLES = ['admin', 'manager', 'user', 'guest'] as const;

/** A role name. */
export type Role = (typeof ROLES)[number];

/** Schema of a {@link Role}. */
export const roleSchema = z.enum(ROLES);

/** An email address: trimmed, lower-cased, at most 255 characters (spec §3.2 `VARCHAR(255)`). */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .pipe(z.email({ message: 'Invalid email address' }));

/**
 * Password length bounds. The maximum keeps a huge password from costing server CPU; there are no
 * composition rules (NIST SP 800-63B).
 */
export const PASSWORD_MIN_LENGTH = 8;
/** See {@link PASSWORD_MIN_LENGTH}. */
export const PASSWORD_MAX_LENGTH = 128;

/** A new password: between {@link PASSWORD_MIN_LENGTH} and {@link PASSWORD_MAX_LENGTH} characters. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`);

/** A person's first or last name (spec §3.2 `VARCHAR(100)`); `null` when not given. */
export const personNameSchema = singleLineText(1, 100);

/** A stored user, as repositories return it. Holds the password hash: never send it to a client. */
export const userSchema = z.object({
  id: z.uuid(),
  email: emailSchema,
  passwordHash: z.string().min(1).max(255),
  firstName: personNameSchema.nullable(),
  lastName: personNameSchema.nullable(),
  role: roleSchema,
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A stored user. See {@link userSchema}. */
export type User = z.infer<typeof userSchema>;

/** What a repository needs to create a user. */
export type NewUser = Omit<User, 'createdAt' | 'updatedAt'> & { createdAt?: Date; updatedAt?: Date };

/** Input of {@link UserService.register}. */
export const registerInputSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  firstName: personNameSchema.nullish(),
  lastName: personNameSchema.nullish(),
});

/** Input of {@link UserService.register}. */
export type RegisterInput = z.input<typeof registerInputSchema>;

/** Who is making a request, as established by authentication. */
export interface Principal {
  /** The user's id. */
  readonly userId: string;
  /** The user's role at the time the credential was issued. */
  readonly role: Role;
  /** The login session (refresh-token family) the credential belongs to, when known. */
  readonly sessionId?: string | undefined;
}
