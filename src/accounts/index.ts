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
export {
  ALL_SCOPES,
  hashToken,
  newKeyHex,
  newOrgToken,
  newUserToken,
  type Scope,
  tokenLastCharacters,
  tokenPrefix,
} from './tokens.js';
