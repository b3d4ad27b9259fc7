import { isIP } from 'node:net';
import { BAG, trimBag } from './databag.js';
import { isRecord, type JsonRecord, type Report, stringField } from './util.js';

const AUTO = '{{auto}}';
/** Platforms whose SDKs historically relied on the server inferring the IP (Relay's legacy rule). */
const INFER_IP_PLATFORMS = new Set(['javascript', 'cocoa', 'objc']);

/**
 * Normalizes `user` (`id` coerced to a string, strings bounded, `ip_address` validated, `data`
 * and unknown keys bounded) and fills `user.ip_address` from the client address the way Relay
 * does: `{{auto}}` always, a missing address when the SDK asks (`sdk.settings.infer_ip: "auto"`)
 * or, without that setting, for browser/Apple platforms; `request.env.REMOTE_ADDR` first.
 */
export function normalizeUser(event: JsonRecord, remoteAddr: string | null, report: Report): void {
  let user: JsonRecord | undefined;
  if (isRecord(event.user)) user = event.user;
  else if (event.user !== undefined && event.user !== null) report.error('invalid_data', 'user', 'expected an object');

  const clientIp = remoteAddr !== null && isIP(remoteAddr) !== 0 ? remoteAddr : undefined;
  const infer = inferIpSetting(event);
  const request = isRecord(event.request) ? event.request : undefined;
  const env = request !== undefined && isRecord(request.env) ? request.env : undefined;
  if (env !== undefined && env.REMOTE_ADDR === AUTO) {
    if (clientIp !== undefined && infer !== 'never') env.REMOTE_ADDR = clientIp;
    else delete env.REMOTE_ADDR;
  }
  const envIp = env !== undefined && typeof env.REMOTE_ADDR === 'string' && isIP(env.REMOTE_ADDR) !== 0;

  if (user !== undefined) {
    const id = user.id;
    if (typeof id === 'number' && Number.isFinite(id)) user.id = String(id);
    stringField(user, 'id', 128, report, 'user.id');
    stringField(user, 'email', 128, report, 'user.email');
    stringField(user, 'username', 128, report, 'user.username');
    stringField(user, 'name', 128, report, 'user.name');
    stringField(user, 'segment', 128, report, 'user.segment');
    const ip = user.ip_address;
    if (ip !== undefined && ip !== null && ip !== AUTO && (typeof ip !== 'string' || isIP(ip) === 0)) {
      report.error('invalid_data', 'user.ip_address', ip);
      delete user.ip_address;
    } else if (ip === null) {
      delete user.ip_address;
    }
    for (const key of Object.keys(user)) {
      if (KNOWN.has(key)) continue;
      user[key] = trimBag(user[key], BAG.userData, `user.${key}`, report);
    }
  }

  const current = user?.ip_address;
  let wanted: string | undefined;
  if (current === AUTO) {
    wanted = infer === 'never' ? undefined : clientIp;
    if (user !== undefined) delete user.ip_address;
  } else if (current === undefined) {
    if (envIp && env !== undefined) wanted = env.REMOTE_ADDR as string;
    else if (infer === 'auto' || (infer === 'legacy' && INFER_IP_PLATFORMS.has(String(event.platform)))) {
      wanted = clientIp;
    }
  }
  if (wanted !== undefined) {
    user ??= {};
    user.ip_address = wanted;
  }
  if (user !== undefined && Object.keys(user).length > 0) event.user = user;
  else delete event.user;
}

const KNOWN = new Set(['id', 'email', 'username', 'name', 'segment', 'ip_address']);

function inferIpSetting(event: JsonRecord): 'auto' | 'never' | 'legacy' {
  const sdk = isRecord(event.sdk) ? event.sdk : undefined;
  const settings = sdk !== undefined && isRecord(sdk.settings) ? sdk.settings : undefined;
  const v = settings?.infer_ip;
  if (v === 'auto') return 'auto';
  if (v === 'never') return 'never';
  return 'legacy';
}
