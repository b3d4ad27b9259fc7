export * from './client-report.js';
export * from './data-category.js';
export * from './dsn.js';
export * from './envelope.js';
export * from './event-id.js';
export * from './item-types.js';
export * from './json-depth.js';
export * from './json-scan.js';
