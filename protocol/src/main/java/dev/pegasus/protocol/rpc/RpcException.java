package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;

/** A request failed with an error code: sent by the server in the response frame, or raised locally. */
public class RpcException extends RuntimeException {
    private final ErrorCode code;

    public RpcException(ErrorCode code, String message) {
        super(code.name() + ": " + message);
        this.code = code;
    }

    public RpcException(ErrorCode code, String message, Throwable cause) {
        super(code.name() + ": " + message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
