package dev.pegasus.protocol.rpc;

import dev.pegasus.protocol.thrift.request_meta;
import io.netty.buffer.ByteBuf;

/**
 * A decoded request frame whose arguments are still encoded: {@code args} is positioned after the
 * message header and must be released once read.
 */
record InboundRequest(request_meta meta, String code, int seqId, byte messageType, ByteBuf args) {}
