package dev.pegasus.flink;

import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;

/** A job's checkpoint statistics on a MiniCluster: how many completed, which one it restored. */
public final class JobCheckpoints {
    private JobCheckpoints() {}

    public static CheckpointStatsSnapshot of(MiniCluster miniCluster, JobID id) {
        try {
            return miniCluster.getExecutionGraph(id).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the checkpoint statistics of job " + id, e);
        }
    }
}
