package dev.pegasus.protocol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.thrift.TBase;
import org.apache.thrift.TFieldIdEnum;
import org.apache.thrift.meta_data.FieldMetaData;

/**
 * Sets a field of a generated Thrift struct by its IDL name. Many responses share fields such as
 * {@code err}, {@code hint_message}, {@code app_id} or {@code server} without sharing a type; this
 * lets one piece of code fill them all.
 */
public final class ThriftFields {
    private static final Map<Class<?>, Map<String, TFieldIdEnum>> FIELDS = new ConcurrentHashMap<>();

    private ThriftFields() {}

    /** Sets the field if the struct has one of that name; returns whether it did. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static boolean set(TBase struct, String name, Object value) {
        TFieldIdEnum field = FIELDS.computeIfAbsent(struct.getClass(), ThriftFields::index).get(name);
        if (field == null) {
            return false;
        }
        struct.setFieldValue(field, value);
        return true;
    }

    private static Map<String, TFieldIdEnum> index(Class<?> type) {
        @SuppressWarnings("unchecked")
        Map<? extends TFieldIdEnum, FieldMetaData> meta =
                FieldMetaData.getStructMetaDataMap((Class<? extends TBase>) type);
        Map<String, TFieldIdEnum> byName = new ConcurrentHashMap<>();
        meta.keySet().forEach(field -> byName.put(field.getFieldName(), field));
        return byName;
    }
}
