export type { App, AppOptions } from './app.js';
export { createApp } from './app.js';
export type { Config } from './config.js';
export { ConfigError, configSchema, loadConfig } from './config.js';
export type { Consumer, ConsumersDeps, DeliveredEvent } from './consumers/index.js';
export { createConsumers } from './consumers/index.js';
export type { RunningServer } from './server.js';
export { startServer } from './server.js';
