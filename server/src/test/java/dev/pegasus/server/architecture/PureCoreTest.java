package dev.pegasus.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The replication protocol and the meta server's partition decisions are pure state machines: no
 * threads, sockets, clocks, disks or storage engines inside, so the same code runs in the seeded
 * simulation as in the servers.
 */
class PureCoreTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pegasus.server");

    private static ArchRule staysPure(String corePackage) {
        return noClasses().that().resideInAPackage(corePackage)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.netty..", "org.rocksdb..", "org.apache.curator..", "org.apache.zookeeper..",
                        "java.nio.file..", "java.net..", "java.io..", "java.util.concurrent..", "java.time..")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.Random.class.getName())
                .because("the core is driven by inputs and ticks only, and must be deterministic");
    }

    @Test
    void replicaCoreIsPure() {
        staysPure("dev.pegasus.server.replica.core..").check(SERVER);
    }

    @Test
    void metaCoreIsPure() {
        staysPure("dev.pegasus.server.meta.core..").check(SERVER);
    }

    @Test
    void coresReachStorageOnlyThroughPlainWriteRecords() {
        noClasses().that().resideInAnyPackage("dev.pegasus.server.replica.core..", "dev.pegasus.server.meta.core..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.pegasus.server.replica.storage..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("WriteOp"))))
                .check(SERVER);
    }
}
