package org.strata.security.web;

import java.time.Duration;
import java.util.Optional;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.security.jaas.StrataRealm;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;

/**
 * The {@link Authenticator} service every web face logs its users in with (REST, SOAP, the event stream, the web
 * console): the platform's realm behind one cache of successes, so that all of them share the realm's throttle and
 * audit, and a login remembered for one is remembered for all.
 *
 * <p>Offered only while this bundle's own realm is registered: before it, a login would go to Karaf's realm of the
 * same name without the guard in front (neither throttled nor audited). Immediate, because the cache is the state
 * worth keeping: a delayed component would be made anew, its key and entries lost, whenever its last user let go.
 */
@Component(service = Authenticator.class, immediate = true)
public final class WebAuthenticator implements Authenticator {

    /** How long a success is remembered: a removed user or a changed password takes effect at most this late. */
    static final Duration TTL = Duration.ofSeconds(10);

    /** Most distinct users (user and password) remembered at once. */
    static final int MAX_ENTRIES = 1000;

    private final Authenticator cache;

    @Activate
    public WebAuthenticator(@Reference(target = "(" + StrataRealm.MARKER + "=true)") JaasRealm realm) {
        this.cache =
                new CachingAuthenticator(new JaasAuthenticator(realm.getName()), TTL, MAX_ENTRIES, System::nanoTime);
    }

    @Override
    public Optional<Login> authenticate(String user, char[] password, ClientOrigin origin) {
        return cache.authenticate(user, password, origin);
    }
}
