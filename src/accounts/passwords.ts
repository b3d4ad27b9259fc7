/**
 * Password hashing with argon2id (memory-hard; WASM, no native build). Encoded as the PHC string
 * `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, so parameters can be raised later without breaking old hashes.
 */
import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

const PARAMS = { iterations: 2, memorySize: 19_456, parallelism: 1, hashLength: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...PARAMS, outputType: 'encoded' });
}

export async function verifyPassword(password: string, encoded: string | null): Promise<boolean> {
  if (!encoded) return false;
  try {
    return await argon2Verify({ password, hash: encoded });
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 8;
