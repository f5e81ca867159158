package dev.pegasus.server.meta;

import dev.pegasus.protocol.ErrorCode;
import dev.pegasus.protocol.ThriftFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admin responses that refuse a request: an error code plus a hint saying what was wrong. */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

    private Refusals() {
    }

    /** Sets {@code err} and the hint ({@code hint_message}, or {@code hint} where so named) and logs the refusal. */
    static <T extends org.apache.thrift.TBase<?, ?>> T refuse(T response, ErrorCode code, String hint) {
        LOG.info("request refused: {} ({})", hint, code);
        ThriftFields.set(response, "err", code.name());
        if (!ThriftFields.set(response, "hint_message", hint)) {
            ThriftFields.set(response, "hint", hint);
        }
        return response;
    }
}
