package dev.pegasus.client;

import dev.pegasus.protocol.thrift.cas_check_type;

/**
 * The condition a check-and-set or check-and-mutate evaluates on the check record's current value
 * against the operand. {@code INT_*} checks parse both as decimal 64-bit integers; {@code BYTES_*}
 * compare them byte-wise.
 */
public enum CheckType {
    NO_CHECK(cas_check_type.CT_NO_CHECK),
    VALUE_NOT_EXIST(cas_check_type.CT_VALUE_NOT_EXIST),
    VALUE_NOT_EXIST_OR_EMPTY(cas_check_type.CT_VALUE_NOT_EXIST_OR_EMPTY),
    VALUE_EXIST(cas_check_type.CT_VALUE_EXIST),
    VALUE_NOT_EMPTY(cas_check_type.CT_VALUE_NOT_EMPTY),
    VALUE_MATCH_ANYWHERE(cas_check_type.CT_VALUE_MATCH_ANYWHERE),
    VALUE_MATCH_PREFIX(cas_check_type.CT_VALUE_MATCH_PREFIX),
    VALUE_MATCH_POSTFIX(cas_check_type.CT_VALUE_MATCH_POSTFIX),
    VALUE_BYTES_LESS(cas_check_type.CT_VALUE_BYTES_LESS),
    VALUE_BYTES_LESS_OR_EQUAL(cas_check_type.CT_VALUE_BYTES_LESS_OR_EQUAL),
    VALUE_BYTES_EQUAL(cas_check_type.CT_VALUE_BYTES_EQUAL),
    VALUE_BYTES_GREATER_OR_EQUAL(cas_check_type.CT_VALUE_BYTES_GREATER_OR_EQUAL),
    VALUE_BYTES_GREATER(cas_check_type.CT_VALUE_BYTES_GREATER),
    VALUE_INT_LESS(cas_check_type.CT_VALUE_INT_LESS),
    VALUE_INT_LESS_OR_EQUAL(cas_check_type.CT_VALUE_INT_LESS_OR_EQUAL),
    VALUE_INT_EQUAL(cas_check_type.CT_VALUE_INT_EQUAL),
    VALUE_INT_GREATER_OR_EQUAL(cas_check_type.CT_VALUE_INT_GREATER_OR_EQUAL),
    VALUE_INT_GREATER(cas_check_type.CT_VALUE_INT_GREATER);

    private final cas_check_type wire;

    CheckType(cas_check_type wire) {
        this.wire = wire;
    }

    cas_check_type wire() {
        return wire;
    }
}
