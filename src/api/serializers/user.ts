/** Users as Sentry's `UserSerializer` returns them: one serializer, shared with the account routes. */
export { serializeUser, type UserJson as SerializedUser } from '../users/serialize.js';
