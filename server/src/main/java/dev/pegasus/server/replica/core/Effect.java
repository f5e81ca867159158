package dev.pegasus.server.replica.core;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.Gpid;
import dev.pegasus.protocol.RpcAddress;
import java.util.Optional;

/** What a {@link ReplicaCore} asks its driver to do. The driver executes effects in the order given. */
public sealed interface Effect {
    /** Append to the log; report completion with {@link ReplicaCore#onLogged}. */
    record AppendLog(Gpid gpid, LoggedMutation mutation) implements Effect {}

    record Send(RpcAddress to, ReplicaMessage message) implements Effect {}

    /** Apply a committed mutation to the store. Applies come in decree order, each exactly once. */
    record Apply(Gpid gpid, LoggedMutation mutation) implements Effect {}

    /** Answer a client write: committed at {@code decree}, or failed with the error. */
    record Reply(long requestId, Optional<ErrorCode> error, long decree) implements Effect {
        public static Reply committed(long requestId, long decree) {
            return new Reply(requestId, Optional.empty(), decree);
        }

        public static Reply failed(long requestId, ErrorCode error) {
            return new Reply(requestId, Optional.of(error), -1);
        }
    }

    /**
     * Ask the meta server to change the configuration; the answer arrives as a new configuration.
     *
     * @param reason why, in words for the log: a secondary removed on a running server needs explaining
     */
    record ProposeToMeta(Gpid gpid, ConfigProposal proposal, String reason) implements Effect {}

    /**
     * Copy the store, as applied so far, to the learner and install it there; then report with
     * {@link ReplicaCore#onCheckpointShipped}.
     */
    record ShipCheckpoint(Gpid gpid, RpcAddress learner) implements Effect {}
}
