export { ensurePostgres, type EnsurePostgresOptions, type PostgresHandle } from './postgres';
export { ensureRedis, pingRedis, type EnsureRedisOptions, type RedisHandle } from './redis';
export { browserEnv, CHROMIUM_HEADLESS_ARGS, ensureChromium, type EnsureChromiumOptions } from './chromium';
export { aptInstall, ensureExecutable, findExecutable, isRoot } from './apt';
export { canConnect, findFreePort, getRandomFreePort, isPortFree, pollUntil, waitForTcp } from './ports';
export { redactUrl, type Log } from './log';
export { canConnectUnix, ensurePcscd, PCSCD_SOCKET, type EnsurePcscdOptions, type PcscdHandle } from './pcscd';
