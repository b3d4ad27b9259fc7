/**
 * User-Agent parsing shared by normalization (browser/os/device contexts) and inbound filters
 * (legacy browsers, web crawlers). Results are cached and shared: treat them as read-only.
 */
export { looksLikeBrowserUserAgent, parseUserAgent, type UserAgentInfo } from './parse-user-agent.js';
