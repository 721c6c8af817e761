package org.strata.patching.repo;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.ops4j.pax.web.service.WebContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.patch.RepositoryPackage;
import org.strata.http.mount.ServletMount;

/**
 * Strata's package repositories as a service ({@link LocalRepositories}, for the patching layer) and on Pax Web at
 * {@value RepositoryServlet#PATH} each time a web container comes, as the boot service is put there. Over plain HTTP
 * only when plain HTTP is switched on and {@code /repos/} is one of the HTTP edge's plain paths (its default).
 */
@Component(service = LocalRepositories.class, immediate = true, configurationPid = "org.strata.patching.repositories")
@Designate(ocd = RepositoryFiles.Config.class)
public final class RepositoryFiles implements LocalRepositories {

    @ObjectClassDefinition(name = "Strata package repositories")
    public @interface Config {
        @AttributeDefinition(
                required = false,
                description = "The folder holding Strata's own package repositories, one folder per repository;"
                        + " empty: ${karaf.data}/strata/repositories")
        String folder() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryFiles.class);

    private final LocalRepositories files;
    private final ServletMount mount;

    @Activate
    public RepositoryFiles(Config config) {
        String folder = config.folder();
        if (folder == null || folder.isBlank()) {
            folder = Path.of(System.getProperty("karaf.data", "data"), "strata", "repositories")
                    .toString();
        }
        this.files = new FlatAptRepositories(Path.of(folder), Clock.systemUTC());
        this.mount = new ServletMount(
                RepositoryServlet.PATH, new RepositoryServlet(files), false, "the package repositories");
        LOG.info("Package repositories in {}", Path.of(folder).toAbsolutePath());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindWeb(WebContainer container) {
        mount.bind(container);
    }

    void unbindWeb(WebContainer container) {
        mount.unbind(container);
    }

    @Deactivate
    void deactivate() {
        mount.close();
    }

    @Override
    public RepositoryPackage add(String repositoryId, InputStream file) {
        return files.add(repositoryId, file);
    }

    @Override
    public void remove(String repositoryId, String fileName) {
        files.remove(repositoryId, fileName);
    }

    @Override
    public List<RepositoryPackage> list(String repositoryId) {
        return files.list(repositoryId);
    }

    @Override
    public void delete(String repositoryId) {
        files.delete(repositoryId);
    }

    @Override
    public Path folder(String repositoryId) {
        return files.folder(repositoryId);
    }

    @Override
    public Optional<Path> servable(String repositoryId, String fileName) {
        return files.servable(repositoryId, fileName);
    }
}
