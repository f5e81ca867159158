package dev.pegasus.bench.ycsb;

import redis.clients.jedis.JedisPooled;

/**
 * YCSB on a single Redis node through Jedis (pooled connections, one per busy thread). The record
 * is one string key holding the packed fields; durability is the server's appendfsync setting.
 * Properties: redis.host, redis.port. Redis keys are not ordered: no workload E.
 */
public final class RedisYcsbClient extends PackedRecordDb {
    private JedisPooled redis;

    @Override
    public void init() {
        redis = new JedisPooled(property("redis.host", "127.0.0.1"), Integer.parseInt(property("redis.port", "6379")));
    }

    @Override
    public void cleanup() {
        redis.close();
    }

    @Override
    protected byte[] get(byte[] key) {
        return redis.get(key);
    }

    @Override
    protected void put(byte[] key, byte[] value) {
        redis.set(key, value);
    }

    @Override
    protected void delete(byte[] key) {
        redis.del(key);
    }
}
