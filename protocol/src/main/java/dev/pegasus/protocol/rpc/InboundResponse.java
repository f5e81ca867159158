package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;

/** A decoded response frame whose result is still encoded; {@code result} must be released once read. */
record InboundResponse(ErrorCode error, String code, int seqId, ByteBuf result) {}
