package dev.pegasus.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client's public API speaks its own types: an application never builds or reads a generated
 * Thrift message, so the wire format can change without breaking it. Checked by reflection over the
 * compiled public classes of {@code dev.pegasus.client}: the generic signature of every public or
 * protected method, constructor and field, and every record component, names no type of {@code
 * dev.pegasus.protocol.thrift}.
 */
class PublicApiSpeaksDomainTest {
    private static final String THRIFT = "dev.pegasus.protocol.thrift.";

    @Test
    void publicSignaturesMentionNoThriftType() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> classes = publicClasses();
        assertTrue(classes.size() > 20 && classes.contains(PegasusAdmin.class), "client classes found: " + classes);
        for (Class<?> type : classes) {
            Stream.of(type.getDeclaredMethods()).filter(m -> visible(m.getModifiers()) && !m.isSynthetic())
                    .map(m -> m.toGenericString()).filter(s -> s.contains(THRIFT)).forEach(leaks::add);
            Stream.of(type.getDeclaredConstructors()).filter(c -> visible(c.getModifiers()) && !c.isSynthetic())
                    .map(c -> c.toGenericString()).filter(s -> s.contains(THRIFT)).forEach(leaks::add);
            Stream.of(type.getDeclaredFields()).filter(f -> visible(f.getModifiers()) && !f.isSynthetic())
                    .map(f -> f.toGenericString()).filter(s -> s.contains(THRIFT)).forEach(leaks::add);
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    if (component.getGenericType().getTypeName().contains(THRIFT)) {
                        leaks.add(type.getName() + " component " + component.getName());
                    }
                }
            }
        }
        assertTrue(leaks.isEmpty(), "Thrift types in the client's public API:\n  " + String.join("\n  ", leaks));
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** Public top-level and nested classes compiled from the client's sources. */
    private static List<Class<?>> publicClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(PegasusClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve("dev/pegasus/client");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName("dev.pegasus.client." + name, false,
                        PublicApiSpeaksDomainTest.class.getClassLoader());
                if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass() && !type.isSynthetic()) {
                    classes.add(type);
                }
            }
        }
        return classes;
    }
}
