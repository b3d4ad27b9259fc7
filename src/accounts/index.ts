export * from './accounts.repository.js';
export {
  assertSlug,
  type BootstrapInput,
  type BootstrapResult,
  bootstrap,
  createUser,
  formatDsn,
} from './bootstrap.js';
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
export { ALL_SCOPES, hashToken, newKeyHex, newUserToken, type Scope, tokenPrefix } from './tokens.js';
