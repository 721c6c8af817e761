package org.strata.security.web;

import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.security.Text;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;
import org.strata.security.login.LoginThrottledException;

/**
 * Logs in to a JAAS realm (in Karaf: the {@code karaf} realm, {@link org.strata.security.jaas.StrataRealm}, the same
 * users as the SSH console) and reads the roles from the principals it returns. The client's channel and address go
 * into the subject, where the realm's guard reads them for its throttle and audit.
 */
public final class JaasAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);

    /** Karaf's role principal class is org.apache.karaf.jaas.boot.principal.RolePrincipal. */
    private static final String ROLE_PRINCIPAL = "RolePrincipal";

    private static final Pattern RETRY_AFTER = Pattern.compile("try again in (\\d{1,9}) s");

    private final String realm;
    private final Configuration configuration;

    /** Uses the JVM-wide JAAS configuration, which Karaf's JAAS bundles maintain. */
    public JaasAuthenticator(String realm) {
        this(realm, null);
    }

    /** Uses the given configuration instead of the JVM-wide one (tests). */
    public JaasAuthenticator(String realm, Configuration configuration) {
        this.realm = realm;
        this.configuration = configuration;
    }

    @Override
    public Optional<Login> authenticate(String user, char[] password, ClientOrigin origin) {
        if (user == null || user.isEmpty() || password == null) {
            return Optional.empty();
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads login modules through the context class loader. During a CXF request
        // that is whatever the HTTP stack left there; this bundle's loader sees Karaf's proxy login
        // module through the framework's boot delegation.
        thread.setContextClassLoader(JaasAuthenticator.class.getClassLoader());
        try {
            Subject subject = new Subject();
            // As Karaf's SSH server does: the realm's throttle and audit read the channel and address from here.
            subject.getPrincipals().add(new ClientPrincipal(origin.channel(), origin.address()));
            LoginContext login =
                    new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password), configuration);
            login.login();
            Set<String> roles = roles(subject);
            try {
                login.logout();
            } catch (LoginException e) {
                LOG.debug("logout from realm {} failed", realm, e);
            }
            return Optional.of(new Login(user, roles));
        } catch (AccountLockedException e) {
            throw new LoginThrottledException(retryAfter(e.getMessage()));
        } catch (LoginException e) {
            // The exception text comes from the login module and never includes the password.
            LOG.debug("login of user '{}' to realm {} failed: {}", Text.token(user), realm, e.getMessage());
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
            Arrays.fill(password, '\0');
        }
    }

    /**
     * The seconds of the realm's refusal ("... try again in 8 s", {@link
     * org.strata.security.jaas.GuardLoginModule#REFUSAL}); a message without them (another realm's lockout) means a
     * minute.
     */
    static Duration retryAfter(String message) {
        Matcher m = RETRY_AFTER.matcher(String.valueOf(message));
        return m.find() ? Duration.ofSeconds(Math.max(1, Long.parseLong(m.group(1)))) : Duration.ofMinutes(1);
    }

    private static Set<String> roles(Subject subject) {
        return subject.getPrincipals().stream()
                .filter(p -> ROLE_PRINCIPAL.equals(p.getClass().getSimpleName()))
                .map(Principal::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static void answer(Callback[] callbacks, String user, char[] password) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback pass) {
                pass.setPassword(password); // copies the array
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
