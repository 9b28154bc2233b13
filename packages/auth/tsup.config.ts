import { defineConfig } from 'tsup';
import base from '../../tsup.base.ts';

// The main entry, and the entries whose load cost differs: argon2 (native), MFA (otpauth) and the
// whole authentication (it loads MFA), the common-password list.
export default defineConfig({
  ...base,
  entry: ['src/index.ts', 'src/argon2.ts', 'src/mfa.ts', 'src/authentication.ts', 'src/password-policy.ts'],
});
