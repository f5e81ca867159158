package dev.pegasus.bench.ycsb;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import java.util.concurrent.TimeUnit;
import site.ycsb.DBException;

/**
 * YCSB on an etcd cluster (Raft, fsync on every commit) through jetcd; one client shared by all
 * YCSB threads, as gRPC multiplexes. Reads are etcd's default linearizable reads. Property
 * etcd.endpoints (comma-separated URLs). Workload E is left out, like for the other key-value peers.
 */
public final class EtcdYcsbClient extends PackedRecordDb {
    private static Client client;
    private static int users;
    private KV kv;

    @Override
    public void init() throws DBException {
        synchronized (EtcdYcsbClient.class) {
            try {
                if (client == null) {
                    client = Client.builder()
                            .endpoints(property("etcd.endpoints", "http://127.0.0.1:2379").split(",")).build();
                }
                kv = client.getKVClient();
                users++;
            } catch (Exception e) {
                throw setupFailed("etcd", e);
            }
        }
    }

    @Override
    public void cleanup() {
        synchronized (EtcdYcsbClient.class) {
            if (--users == 0) {
                client.close();
                client = null;
            }
        }
    }

    @Override
    protected byte[] get(byte[] key) throws Exception {
        GetResponse response = kv.get(ByteSequence.from(key)).get(5, TimeUnit.SECONDS);
        return response.getKvs().isEmpty() ? null : response.getKvs().get(0).getValue().getBytes();
    }

    @Override
    protected void put(byte[] key, byte[] value) throws Exception {
        kv.put(ByteSequence.from(key), ByteSequence.from(value)).get(5, TimeUnit.SECONDS);
    }

    @Override
    protected void delete(byte[] key) throws Exception {
        kv.delete(ByteSequence.from(key)).get(5, TimeUnit.SECONDS);
    }
}
