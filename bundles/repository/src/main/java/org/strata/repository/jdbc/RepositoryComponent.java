package org.strata.repository.jdbc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
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
import org.strata.repository.DatacenterStore;
import org.strata.repository.EventStore;
import org.strata.repository.HistoryStore;
import org.strata.repository.HostStore;
import org.strata.repository.MachineStore;
import org.strata.repository.RepositoryState;
import org.strata.repository.TaskStore;
import org.strata.repository.VmStore;

/**
 * The repository as OSGi services, configured by PID {@value #PID}: one service per store, each under its own
 * interface ({@link DatacenterStore}, {@link HostStore}, {@link MachineStore}, {@link VmStore}, {@link HistoryStore},
 * {@link EventStore}, {@link TaskStore}, {@link RepositoryState}), so that a bundle asks for the store it needs and a
 * new aggregate adds a service. The work is in the stores that {@link JdbcConfigRepository} builds; this class turns
 * the configuration into its constructor arguments, registers the stores, and decides what happens when the
 * repository cannot be opened: by default the whole platform stops, with the reason and what to do in the log and
 * on the console. Strata without its repository could only answer errors, and a launcher or service manager
 * waiting for it to be ready learns at once that it never will be.
 *
 * <p>The stores are registered here rather than by Declarative Services, which would register this component as one
 * object under every interface. Nothing is registered under {@link org.strata.repository.ConfigRepository} any more:
 * no bundle asks for all the stores at once.
 */
@Component(
        configurationPid = RepositoryComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = RepositoryComponent.Config.class)
public final class RepositoryComponent {

    public static final String PID = "org.strata.repository";

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryComponent.class);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(karaf\\.data|karaf\\.etc)}");

    private final JdbcConfigRepository repository;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @ObjectClassDefinition(
            name = "Strata configuration repository",
            description = "The database holding Strata's configuration, history, events and tasks.")
    public @interface Config {
        @AttributeDefinition(
                description = "JDBC URL, jdbc:h2: or jdbc:postgresql:; ${karaf.data} and ${karaf.etc}"
                        + " are replaced by those directories.")
        String url() default "jdbc:h2:file:${karaf.data}/strata/repository;WRITE_DELAY=0";

        @AttributeDefinition(required = false, description = "Database user (for PostgreSQL a user in the URL wins).")
        String user() default "sa";

        @AttributeDefinition(
                required = false,
                type = AttributeType.PASSWORD,
                description = "Database password;"
                        + " for the embedded H2 database, leave it empty to use the one in passwordFile.")
        String password() default "";

        @AttributeDefinition(
                required = false,
                description =
                        "For the embedded H2 database without a password set"
                                + " here: the file holding its own password, made at random (owner-only) when missing. Empty: none.")
        String passwordFile() default "${karaf.etc}/strata-repository.password";

        @AttributeDefinition(
                description = "File holding the key that encrypts host passwords; created when missing."
                        + " Back it up: without it stored passwords cannot be read.")
        String keyFile() default "${karaf.etc}/strata-secret.key";

        @AttributeDefinition(min = "1", description = "Most database connections to keep open.")
        int poolSize() default 8;

        @AttributeDefinition(
                description = "Stop the platform when the repository cannot be opened (damaged,"
                        + " unreachable, refused); false leaves it running without a repository (tests, diagnosis).")
        boolean failure_stops_platform() default true;
    }

    @Activate
    public RepositoryComponent(Config config, BundleContext context) {
        this.repository = new JdbcConfigRepository(openOrStop(config, context), Path.of(resolve(config.keyFile())));
        try {
            register(context, DatacenterStore.class, repository.datacenterStore());
            register(context, HostStore.class, repository.hostStore());
            register(context, MachineStore.class, repository.machineStore());
            register(context, VmStore.class, repository.vmStore());
            register(context, HistoryStore.class, repository.historyStore());
            register(context, EventStore.class, repository.eventStore());
            register(context, TaskStore.class, repository.taskStore());
            register(context, RepositoryState.class, repository.repositoryState());
            register(context, org.strata.repository.ClusterStore.class, repository.clusterStore());
            register(context, org.strata.repository.TenantStore.class, repository.tenantStore());
            register(context, org.strata.repository.AffinityStore.class, repository.affinityStore());
            register(context, org.strata.repository.UsageStore.class, repository.usageStore());
            register(context, org.strata.repository.VolumeStore.class, repository.volumeStore());
            register(context, org.strata.repository.HaStore.class, repository.haStore());
            register(context, org.strata.repository.OsStore.class, repository.osStore());
            register(context, org.strata.repository.PatchStore.class, repository.patchStore());
        } catch (RuntimeException e) {
            deactivate();
            throw e;
        }
    }

    private <S> void register(BundleContext context, Class<S> type, S store) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_DESCRIPTION, "Strata configuration repository: " + type.getSimpleName());
        registrations.add(context.registerService(type, store, properties));
    }

    private static OpenDatabase openOrStop(Config config, BundleContext context) {
        try {
            return OpenDatabase.open(settings(config));
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
        if ((password == null || password.isEmpty())
                && !passwordFile.isBlank()
                && EmbeddedH2.of(url).isPresent()) {
            password = EmbeddedPassword.readOrCreate(Path.of(passwordFile));
        }
        return new DatabaseSettings(url, config.user(), password, config.poolSize());
    }

    /** From a thread of its own: stopping the framework waits for components, this one among them, to finish. */
    private static void stopPlatform(BundleContext context) {
        Thread stopper = new Thread(
                () -> {
                    try {
                        context.getBundle(0).stop();
                    } catch (BundleException | IllegalStateException e) {
                        LOG.error("Could not stop the platform", e);
                    }
                },
                "strata-repository-failed");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** The services go first, last registered first: whoever uses a store lets go of it before its pool closes. */
    @Deactivate
    void deactivate() {
        for (int i = registrations.size() - 1; i >= 0; i--) {
            try {
                registrations.get(i).unregister();
            } catch (IllegalStateException alreadyGone) {
                // A stopping bundle's services may already have been unregistered by the framework.
            }
        }
        registrations.clear();
        repository.close();
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
            String fallback = Path.of(property.equals("karaf.data") ? "data" : "etc")
                    .toAbsolutePath()
                    .toString();
            m.appendReplacement(out, Matcher.quoteReplacement(System.getProperty(property, fallback)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
