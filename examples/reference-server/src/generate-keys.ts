// Prints a new signing key set for JWT_KEYS: `pnpm --filter @truss/example-reference-server keys [EdDSA|ES256|HS256]`.
import { generateSigningKey, SIGNING_ALGORITHMS, type SigningAlgorithm } from '@truss/auth';

const alg = (process.argv[2] ?? 'EdDSA') as SigningAlgorithm;
if (!SIGNING_ALGORITHMS.includes(alg)) {
  process.stderr.write(`Unknown algorithm "${alg}"; use one of ${SIGNING_ALGORITHMS.join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify([await generateSigningKey(alg)])}\n`);
