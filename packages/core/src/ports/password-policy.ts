/**
 * Decides whether a new password is acceptable beyond its length (which the domain schema bounds):
 * answers `null` when it is, else the reason, shown to the user. `@truss/auth` provides one that
 * refuses common passwords (NIST SP 800-63B).
 */
export type PasswordPolicy = (password: string, context: { email?: string }) => string | null;
