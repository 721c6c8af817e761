package org.strata.security.jaas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LDAP directory as a source of users for the platform's realm, as {@code etc/org.strata.security.ldap.cfg}
 * (PID {@value #PID}) describes it: the options of Karaf's {@code LDAPLoginModule}, checked, with the bind password
 * read from an owner-only file so that it is in no configuration, service property or log. Never printed: {@link
 * #toString()} names the directory, not the password.
 */
final class LdapSource {

    static final String PID = "org.strata.security.ldap";
    /** Karaf's module (bundle org.apache.karaf.jaas.modules, feature jaas). */
    static final String MODULE = "org.apache.karaf.jaas.modules.ldap.LDAPLoginModule";

    static final String ENABLED = "enabled";
    static final String PASSWORD_FILE = "connection.password.file";
    private static final String PASSWORD = "connection.password";
    private static final String URL = "connection.url";
    private static final String USERNAME = "connection.username";

    /** What Karaf's module takes and Strata passes on; keys starting with "context." go to JNDI as they are. */
    private static final Set<String> OPTIONS = Set.of(
            URL,
            USERNAME,
            "user.base.dn",
            "user.filter",
            "user.search.subtree",
            "role.base.dn",
            "role.filter",
            "role.name.attribute",
            "role.search.subtree",
            "role.mapping",
            "authentication",
            "initial.context.factory",
            "disableCache",
            "ignorePartialResultException",
            "usernames.trim",
            "ssl",
            "ssl.provider",
            "ssl.protocol",
            "ssl.algorithm",
            "ssl.keystore",
            "ssl.keyalias",
            "ssl.truststore",
            "ssl.timeout");

    private static final Set<String> REQUIRED =
            Set.of(URL, "user.base.dn", "user.filter", "role.base.dn", "role.filter", "role.name.attribute");

    /**
     * Unless configured otherwise. The cache off: Karaf's cache learns of changes through persistent searches,
     * which OpenLDAP does not offer, so a user taken out of a group would keep its role until Strata restarts.
     * Timeouts: a directory that does not answer must not hold a login (and the thread serving it) for minutes.
     * authentication: Karaf 4.4.10's module binds the user with the option as given and fails on a null one
     * (NullPointerException in Hashtable.put) although its own default is "simple".
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            "authentication", "simple",
            "disableCache", "true",
            "user.search.subtree", "true",
            "role.search.subtree", "true",
            "context.com.sun.jndi.ldap.connect.timeout", "3000",
            "context.com.sun.jndi.ldap.read.timeout", "5000");

    /** What Config Admin, File Install and DS add to a component's properties (a reference's target filter too). */
    private static boolean bookkeeping(String key) {
        return key.startsWith("service.")
                || key.startsWith("component.")
                || key.startsWith("felix.")
                || key.endsWith(".target")
                || key.equals(StrataRealm.MARKER)
                || key.equals("objectClass");
    }

    /** The bind password as read from its file, and when the file was last changed then. */
    private record Secret(FileTime changed, String password) {}

    private static final Logger LOG = LoggerFactory.getLogger(LdapSource.class);

    private final Map<String, String> options;
    private final String url;
    private final String bindDn;
    private final Path passwordFile;
    private volatile Secret secret;

    private LdapSource(Map<String, String> options, Path passwordFile, Secret secret) {
        this.options = Collections.unmodifiableMap(options);
        this.url = options.get(URL);
        this.bindDn = options.getOrDefault(USERNAME, "");
        this.passwordFile = passwordFile;
        this.secret = secret;
    }

    /**
     * The source the configuration describes; empty when there is none or {@value #ENABLED} is not {@code true}.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never quoting a password)
     */
    static Optional<LdapSource> from(Map<String, ?> config) {
        if (config == null
                || !"true".equalsIgnoreCase(String.valueOf(config.get(ENABLED)).trim())) {
            return Optional.empty();
        }
        Map<String, String> options = new TreeMap<>(DEFAULTS);
        String passwordFile = null;
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            String value =
                    e.getValue() == null ? "" : String.valueOf(e.getValue()).trim();
            if (bookkeeping(key) || key.equals(ENABLED)) {
                continue;
            }
            if (key.equals(PASSWORD)) {
                throw new IllegalArgumentException(PASSWORD + " is not taken from the configuration: write the bind"
                        + " password into an owner-only file and name it with " + PASSWORD_FILE);
            }
            if (key.equals(PASSWORD_FILE)) {
                passwordFile = value;
            } else if (OPTIONS.contains(key) || key.startsWith("context.")) {
                options.put(key, value);
            } else {
                // A typo ("role.maping") silently ignored would change who gets which role.
                throw new IllegalArgumentException("unknown setting " + key);
            }
        }
        for (String key : REQUIRED) {
            if (options.getOrDefault(key, "").isEmpty()) {
                throw new IllegalArgumentException(key + " is missing");
            }
        }
        String url = options.get(URL);
        if (!url.startsWith("ldap://") && !url.startsWith("ldaps://")) {
            throw new IllegalArgumentException(URL + " must start with ldap:// or ldaps://, not " + url);
        }
        if (!options.get("user.filter").contains("%u")) {
            throw new IllegalArgumentException("user.filter must contain %u (the user name)");
        }
        if (!options.getOrDefault(USERNAME, "").isEmpty()) {
            if (passwordFile == null || passwordFile.isEmpty()) {
                throw new IllegalArgumentException(USERNAME + " is set but not " + PASSWORD_FILE);
            }
            Path file = Path.of(passwordFile);
            return Optional.of(new LdapSource(options, file, readSecret(file)));
        }
        return Optional.of(new LdapSource(options, null, null));
    }

    private static Secret readSecret(Path file) {
        try {
            FileTime changed = Files.getLastModifiedTime(file);
            return new Secret(changed, readPassword(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the bind password file " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** The first line of an owner-only file. */
    static String readPassword(Path file) {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> open =
                        EnumSet.copyOf(posix.readAttributes().permissions());
                open.retainAll(EnumSet.of(
                        PosixFilePermission.GROUP_READ,
                        PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.OTHERS_WRITE));
                if (!open.isEmpty()) {
                    throw new IllegalArgumentException(
                            "the bind password file " + file + " is open to others " + open + "; chmod 600 it");
                }
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String password = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("the bind password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the bind password file " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /**
     * The options for Karaf's module, bind password included: for the login module only. A password file changed
     * since it was read is read again, so that the bind password can be changed without touching the configuration
     * (File Install passes on only a configuration whose values changed); when it cannot be read, the password read
     * before stays and the error is logged once.
     */
    Map<String, String> options() {
        if (passwordFile == null) {
            return options;
        }
        Secret current = secret;
        try {
            FileTime changed = Files.getLastModifiedTime(passwordFile);
            if (!changed.equals(current.changed())) {
                synchronized (this) {
                    current = secret;
                    if (!changed.equals(current.changed())) {
                        try {
                            current = new Secret(changed, readPassword(passwordFile));
                            LOG.info("read the LDAP bind password again from {}", passwordFile);
                        } catch (IllegalArgumentException e) {
                            current = new Secret(changed, current.password());
                            LOG.error("kept the LDAP bind password read before: {}", e.getMessage());
                        }
                        secret = current;
                    }
                }
            }
        } catch (IOException e) {
            // Gone for a moment (an editor replacing it): keep the one read before, say nothing each login.
        }
        Map<String, String> withPassword = new TreeMap<>(options);
        withPassword.put(PASSWORD, current.password());
        return withPassword;
    }

    /** What a log line may say about it. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("url", url);
        shown.put("bind", bindDn.isEmpty() ? "anonymous" : bindDn);
        shown.put("users", options.get("user.base.dn"));
        shown.put("groups", options.get("role.base.dn"));
        return "LDAP " + shown;
    }
}
