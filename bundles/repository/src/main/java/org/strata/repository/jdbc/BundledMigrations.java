package org.strata.repository.jdbc;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Hands Flyway the SQL migrations from a fixed list instead of letting it scan the class path.
 *
 * <p>Why: Flyway finds {@code classpath:} migrations by listing directories through the class loader's URLs.
 * Inside an OSGi framework those are {@code bundle://} URLs that its scanners understand only partly (and
 * differently per framework and version), so scanning may silently find nothing and leave an empty schema.
 * Loading known names with {@link ClassLoader#getResourceAsStream} always works in a bundle. The cost is that
 * a new migration must be added to {@link #MIGRATIONS}; a unit test checks the list against the resource
 * directory so a forgotten entry fails the build.
 */
final class BundledMigrations implements ResourceProvider {

    static final String LOCATION = "db/migration";

    /** Every SQL migration shipped in the bundle, in any order (Flyway sorts by version). */
    static final List<String> MIGRATIONS = List.of(
            "V1__initial_schema.sql",
            "V2__virtual_machines.sql",
            "V3__machines.sql",
            "V4__host_bmc.sql",
            "V5__list_indexes.sql",
            "V6__repository_info.sql",
            "V7__host_kind.sql",
            "V8__datacenter_layer.sql",
            "V9__host_standby.sql",
            "V10__affinity_groups.sql",
            "V11__usage_samples.sql",
            "V12__volumes.sql",
            "V13__templates_and_clones.sql",
            "V14__storage_attachments.sql",
            "V15__high_availability.sql",
            "V16__os_layer.sql",
            "V17__patching.sql");

    private final ClassLoader classLoader;
    private final List<LoadableResource> resources;

    BundledMigrations(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.resources =
                MIGRATIONS.stream().<LoadableResource>map(Migration::new).toList();
    }

    @Override
    public LoadableResource getResource(String name) {
        return resources.stream()
                .filter(r -> r.getFilename().equals(name) || r.getRelativePath().equals(name))
                .findFirst()
                .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return resources.stream()
                .filter(r -> r.getFilename().startsWith(prefix))
                .filter(r ->
                        Arrays.stream(suffixes).anyMatch(s -> r.getFilename().endsWith(s)))
                .toList();
    }

    private final class Migration extends LoadableResource {
        private final String filename;
        private final String path;

        Migration(String filename) {
            this.filename = filename;
            this.path = LOCATION + "/" + filename;
        }

        @Override
        public Reader read() {
            InputStream in = classLoader.getResourceAsStream(path);
            if (in == null) {
                throw new FlywayException("migration " + path + " is missing from the bundle");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return path;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Migration m && m.path.equals(path);
        }

        @Override
        public int hashCode() {
            return path.hashCode();
        }
    }
}
