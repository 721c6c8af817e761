package org.strata.repository.jdbc;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.strata.repository.ConfigRepository;

/**
 * The repository as an OSGi service, configured by PID {@value #PID}. All the work is in
 * {@link JdbcConfigRepository}; this class only turns the configuration into its constructor arguments.
 * A database that cannot be reached makes activation fail (logged by the repository); SCR then tries again
 * when the configuration changes.
 */
@Component(service = ConfigRepository.class, configurationPid = RepositoryComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = RepositoryComponent.Config.class)
public final class RepositoryComponent extends JdbcConfigRepository {

    public static final String PID = "org.strata.repository";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(karaf\\.data|karaf\\.etc)}");

    @ObjectClassDefinition(name = "Strata configuration repository",
            description = "The database holding Strata's configuration, history, events and tasks.")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL, jdbc:h2: or jdbc:postgresql:; ${karaf.data} and ${karaf.etc}"
                + " are replaced by those directories.")
        String url() default "jdbc:h2:file:${karaf.data}/strata/repository;WRITE_DELAY=0";

        @AttributeDefinition(required = false, description = "Database user (for PostgreSQL a user in the URL wins).")
        String user() default "sa";

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Database password.")
        String password() default "";

        @AttributeDefinition(description = "File holding the key that encrypts host passwords; created when missing."
                + " Back it up: without it stored passwords cannot be read.")
        String keyFile() default "${karaf.etc}/strata-secret.key";

        @AttributeDefinition(min = "1", description = "Most database connections to keep open.")
        int poolSize() default 8;
    }

    @Activate
    public RepositoryComponent(Config config) {
        super(new DatabaseSettings(resolve(config.url()), config.user(), config.password(), config.poolSize()),
                Path.of(resolve(config.keyFile())));
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
