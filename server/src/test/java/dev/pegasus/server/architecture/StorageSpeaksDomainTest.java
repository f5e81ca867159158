package dev.pegasus.server.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The storage layer speaks domain types; Thrift messages are converted at the RPC edge ({@code
 * replica.ThriftReads}, used by the KV and scan services), so a change to the wire format cannot reach
 * into how records are read, and the store can be used and tested without building wire messages.
 *
 * <p>Checked by reflection over the compiled classes of {@code dev.pegasus.server.replica.storage}
 * (generic types included, e.g. {@code List<key_value>}): no signature a caller outside the class can
 * see (public, protected or package-private methods, constructors and fields, and record components)
 * may mention a type of {@code dev.pegasus.protocol.thrift}. Private members and private nested
 * classes are implementation details and may use anything. {@code WriteExecutor} and {@code
 * CasCheck} still take Thrift write requests and check types, and are left out until the write path
 * gets domain types of its own.
 */
class StorageSpeaksDomainTest {
    private static final String STORAGE = "dev.pegasus.server.replica.storage";
    private static final String THRIFT = "dev.pegasus.protocol.thrift.";
    private static final Set<String> STILL_ON_THRIFT = Set.of("WriteExecutor", "CasCheck");

    @Test
    void storageSignaturesMentionNoThriftType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : storageClasses()) {
            if (STILL_ON_THRIFT.contains(topLevel(type).getSimpleName()) || !visibleOutside(type)) {
                continue;
            }
            String name = type.getName().substring(STORAGE.length() + 1);
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method.getModifiers()) && !method.isSynthetic()) {
                    check(leaks, name + "." + method.getName() + "()", method.getGenericReturnType());
                    checkExecutable(leaks, name + "." + method.getName() + "()", method);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers()) && !constructor.isSynthetic()) {
                    checkExecutable(leaks, "new " + name + "()", constructor);
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers()) && !field.isSynthetic()) {
                    check(leaks, name + "." + field.getName(), field.getGenericType());
                }
            }
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    check(leaks, name + " component " + component.getName(), component.getGenericType());
                }
            }
        }
        assertTrue(leaks.isEmpty(), "Thrift types in storage signatures:\n  " + String.join("\n  ", leaks));
    }

    /** Guards the check itself: a missing class path would make it pass on nothing. */
    @Test
    void seesTheStorageClasses() {
        Set<String> names = storageClasses().stream().map(Class::getSimpleName).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("PartitionStore", "ScanCursor", "ScanBatch", "PatternFilter")), names::toString);
    }

    private static List<Class<?>> storageClasses() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(STORAGE)
                .stream()
                .filter(javaClass -> javaClass.getPackageName().equals(STORAGE))
                .map(JavaClass::reflect)
                .collect(Collectors.toList());
    }

    private static void checkExecutable(List<String> leaks, String where, Executable executable) {
        for (Type parameter : executable.getGenericParameterTypes()) {
            check(leaks, where, parameter);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            check(leaks, where, thrown);
        }
        for (TypeVariable<?> variable : executable.getTypeParameters()) {
            check(leaks, where, variable);
        }
    }

    private static void check(List<String> leaks, String where, Type type) {
        Set<Class<?>> mentioned = new HashSet<>();
        collect(type, mentioned, new HashSet<>());
        mentioned.stream()
                .filter(c -> c.getName().startsWith(THRIFT))
                .forEach(c -> leaks.add(where + " mentions " + c.getSimpleName()));
    }

    /** Every class a (possibly generic) type mentions. */
    private static void collect(Type type, Set<Class<?>> out, Set<TypeVariable<?>> seen) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collect(c.getComponentType(), out, seen);
            } else {
                out.add(c);
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), out, seen);
            if (p.getOwnerType() != null) {
                collect(p.getOwnerType(), out, seen);
            }
            Arrays.stream(p.getActualTypeArguments()).forEach(t -> collect(t, out, seen));
        } else if (type instanceof WildcardType w) {
            Arrays.stream(w.getUpperBounds()).forEach(t -> collect(t, out, seen));
            Arrays.stream(w.getLowerBounds()).forEach(t -> collect(t, out, seen));
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), out, seen);
        } else if (type instanceof TypeVariable<?> v && seen.add(v)) {
            Arrays.stream(v.getBounds()).forEach(t -> collect(t, out, seen));
        }
    }

    private static boolean visible(int modifiers) {
        return !Modifier.isPrivate(modifiers);
    }

    /** A nested class counts only when it and every class around it can be seen outside its file. */
    private static boolean visibleOutside(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (Modifier.isPrivate(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> topLevel(Class<?> type) {
        Class<?> c = type;
        while (c.getEnclosingClass() != null) {
            c = c.getEnclosingClass();
        }
        return c;
    }
}
