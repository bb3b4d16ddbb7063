package dev.ec2service.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lines of -Xlog:class+load that ArchiveClassLinking links; scripts/build-cds.sh runs the real path. */
class LoadLogLineTest {

    @Test
    void namesAClassReadFromAJarOrADirectory() {
        assertThat(LoadLogLine.loadedFromFile(
                "[1.234s][info][class,load] org.hibernate.type.SqlTypes source: file:/app/lib/main/hibernate-core.jar"))
                .contains("org.hibernate.type.SqlTypes");
        assertThat(LoadLogLine.loadedFromFile(
                "[0.9s][info][class,load] dev.ec2service.Main$Inner source: file:/app/app/"))
                .contains("dev.ec2service.Main$Inner");
    }

    @Test
    void skipsArchivedGeneratedAndForeignLines() {
        assertThat(LoadLogLine.loadedFromFile("[0.005s][info][class,load] java.lang.Object source: shared objects file"))
                .isEmpty();
        assertThat(LoadLogLine.loadedFromFile(
                "[0.5s][info][class,load] a.B$$Lambda$12/0x0000000800c1 source: a.B")).isEmpty();
        assertThat(LoadLogLine.loadedFromFile("[0.5s][info][class,load] a.C source: __JVM_LookupDefineClass__"))
                .isEmpty();
        assertThat(LoadLogLine.loadedFromFile("[0.5s][info][class,load] java.sql.Date source: jrt:/java.sql"))
                .isEmpty();
        assertThat(LoadLogLine.loadedFromFile("not a class-load line")).isEmpty();
        assertThat(LoadLogLine.loadedFromFile("")).isEmpty();
    }
}
