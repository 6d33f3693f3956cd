export { describeRedisUrl, type PingRedisOptions, pingRedis } from './ping-redis.js';
