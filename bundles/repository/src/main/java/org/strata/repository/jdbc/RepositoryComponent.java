package org.strata.repository.jdbc;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.repository.ConfigRepository;
import org.strata.repository.DatacenterStore;
import org.strata.repository.EventStore;
import org.strata.repository.HistoryStore;
import org.strata.repository.HostStore;
import org.strata.repository.MachineStore;
import org.strata.repository.RepositoryState;
import org.strata.repository.TaskStore;
import org.strata.repository.VmStore;

/**
 * The repository as an OSGi service, configured by PID {@value #PID}. All the work is in
 * {@link JdbcConfigRepository}; this class turns the configuration into its constructor arguments, and decides
 * what happens when the repository cannot be opened: by default the whole platform stops, with the reason and
 * what to do in the log and on the console. Strata without its repository could only answer errors, and a
 * launcher or service manager waiting for it to be ready learns at once that it never will be.
 */
@Component(service = {ConfigRepository.class, DatacenterStore.class, HostStore.class, MachineStore.class,
        VmStore.class, HistoryStore.class, EventStore.class, TaskStore.class, RepositoryState.class},
        configurationPid = RepositoryComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = RepositoryComponent.Config.class)
public final class RepositoryComponent extends JdbcConfigRepository {

    public static final String PID = "org.strata.repository";

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryComponent.class);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(karaf\\.data|karaf\\.etc)}");

    @ObjectClassDefinition(name = "Strata configuration repository",
            description = "The database holding Strata's configuration, history, events and tasks.")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL, jdbc:h2: or jdbc:postgresql:; ${karaf.data} and ${karaf.etc}"
                + " are replaced by those directories.")
        String url() default "jdbc:h2:file:${karaf.data}/strata/repository;WRITE_DELAY=0";

        @AttributeDefinition(required = false, description = "Database user (for PostgreSQL a user in the URL wins).")
        String user() default "sa";

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Database password;"
                + " for the embedded H2 database, leave it empty to use the one in passwordFile.")
        String password() default "";

        @AttributeDefinition(required = false, description = "For the embedded H2 database without a password set"
                + " here: the file holding its own password, made at random (owner-only) when missing. Empty: none.")
        String passwordFile() default "${karaf.etc}/strata-repository.password";

        @AttributeDefinition(description = "File holding the key that encrypts host passwords; created when missing."
                + " Back it up: without it stored passwords cannot be read.")
        String keyFile() default "${karaf.etc}/strata-secret.key";

        @AttributeDefinition(min = "1", description = "Most database connections to keep open.")
        int poolSize() default 8;

        @AttributeDefinition(description = "Stop the platform when the repository cannot be opened (damaged,"
                + " unreachable, refused); false leaves it running without a repository (tests, diagnosis).")
        boolean failure_stops_platform() default true;
    }

    @Activate
    public RepositoryComponent(Config config, BundleContext context) {
        super(openOrStop(config, context), Path.of(resolve(config.keyFile())));
    }

    private static OpenDatabase openOrStop(Config config, BundleContext context) {
        try {
            return open(settings(config));
        } catch (StrataException e) {
            String reason = "Strata cannot start: " + e.getMessage();
            LOG.error(reason);
            if (config.failure_stops_platform()) {
                // Also on the console, where an operator running it in the foreground looks first.
                System.err.println(reason);
                stopPlatform(context);
            }
            throw e;
        }
    }

    static DatabaseSettings settings(Config config) {
        String url = resolve(config.url());
        String password = config.password();
        String passwordFile = resolve(config.passwordFile());
        if ((password == null || password.isEmpty()) && !passwordFile.isBlank() && EmbeddedH2.of(url).isPresent()) {
            password = EmbeddedPassword.readOrCreate(Path.of(passwordFile));
        }
        return new DatabaseSettings(url, config.user(), password, config.poolSize());
    }

    /** From a thread of its own: stopping the framework waits for components, this one among them, to finish. */
    private static void stopPlatform(BundleContext context) {
        Thread stopper = new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.error("Could not stop the platform", e);
            }
        }, "strata-repository-failed");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Deactivate
    void deactivate() {
        close();
    }

    /**
     * Replaces ${karaf.data} and ${karaf.etc} with the system properties Karaf sets (absolute paths there), or,
     * outside Karaf, with ./data and ./etc made absolute: H2 refuses implicitly relative database paths.
     */
    static String resolve(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String property = m.group(1);
            String fallback = Path.of(property.equals("karaf.data") ? "data" : "etc").toAbsolutePath().toString();
            m.appendReplacement(out, Matcher.quoteReplacement(System.getProperty(property, fallback)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
