package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;

/** The small pieces around the repository: migration list, settings, placeholders. */
public class SupportTest {

    @Test
    public void everyMigrationFileIsListed() throws Exception {
        // Surefire runs in the module directory; the list must match what the bundle ships.
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", BundledMigrations.LOCATION))) {
            List<String> onDisk =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(onDisk, BundledMigrations.MIGRATIONS.stream().sorted().toList());
        }
    }

    @Test
    public void migrationsAreReadFromTheClassLoader() throws Exception {
        BundledMigrations migrations = new BundledMigrations(getClass().getClassLoader());
        var found = migrations.getResources("V", new String[] {".sql"});
        assertEquals(BundledMigrations.MIGRATIONS.size(), found.size());
        try (BufferedReader in = new BufferedReader(found.iterator().next().read())) {
            assertTrue(in.lines().anyMatch(line -> line.startsWith("create table datacenter")));
        }
        assertTrue(migrations.getResources("R", new String[] {".sql"}).isEmpty());
        assertNotNull(migrations.getResource("V1__initial_schema.sql"));
    }

    @Test
    public void settingsNeverShowThePassword() {
        DatabaseSettings s = new DatabaseSettings(
                "jdbc:postgresql://db:5432/strata?user=strata&password=topsecret&ssl=true", "u", "pw-xyz", 8);
        assertEquals("jdbc:postgresql://db:5432/strata?user=strata&password=******&ssl=true", s.safeUrl());
        assertFalse(s.toString().contains("topsecret"));
        assertFalse(s.toString().contains("pw-xyz"));
    }

    @Test
    public void karafPlaceholdersAreResolved() {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/opt/karaf/data");
        try {
            assertEquals(
                    "jdbc:h2:file:/opt/karaf/data/strata/repository;WRITE_DELAY=0",
                    RepositoryComponent.resolve("jdbc:h2:file:${karaf.data}/strata/repository;WRITE_DELAY=0"));
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
        if (System.getProperty("karaf.etc") == null) {
            assertEquals(
                    Path.of("etc").toAbsolutePath() + "/strata-secret.key",
                    RepositoryComponent.resolve("${karaf.etc}/strata-secret.key"));
        }
        assertEquals("jdbc:postgresql://h/db", RepositoryComponent.resolve("jdbc:postgresql://h/db"));
    }
}
