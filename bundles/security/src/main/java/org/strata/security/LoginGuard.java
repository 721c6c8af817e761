package org.strata.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.strata.security.throttle.LoginThrottle;
import org.strata.security.throttle.ThrottleSettings;

/**
 * What {@link org.strata.security.jaas.GuardLoginModule} asks before and tells after every login to the platform's
 * realm: may this user log in from there now (the throttle), and how did it go (the throttle and the audit).
 * One instance for the platform, configured by PID {@value #PID}: immediate, because the login module gets and
 * ungets it around each call, and a delayed component would be made anew (its counts forgotten) every time.
 */
@Component(
        service = LoginGuard.class,
        configurationPid = LoginGuard.PID,
        immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LoginGuard.Config.class)
public final class LoginGuard {

    public static final String PID = "org.strata.security";

    @ObjectClassDefinition(name = "Strata login security")
    public @interface Config {
        @AttributeDefinition(
                description = "Failed logins from one address, or of one user at one address, before"
                        + " further ones are refused for a while")
        int throttle_free_failures() default 5;

        @AttributeDefinition(description = "The first lockout in milliseconds; each further failure doubles it")
        int throttle_first_lockout_ms() default 1000;

        @AttributeDefinition(description = "The longest lockout of an address, or of a user at an address, in seconds")
        int throttle_max_lockout_seconds() default 300;

        @AttributeDefinition(description = "Failed logins of one user from anywhere before that user is locked out")
        int throttle_user_free_failures() default 20;

        @AttributeDefinition(
                description = "The longest lockout of a user from anywhere, in seconds: short, since an"
                        + " attacker can cause it; addresses the user logged in from lately are exempt")
        int throttle_user_max_lockout_seconds() default 30;

        @AttributeDefinition(description = "Seconds without a failure after which a count starts from zero again")
        int throttle_forget_seconds() default 900;

        @AttributeDefinition(
                description = "Hours during which a successful login exempts its address from its" + " user's lockout")
        int throttle_trusted_hours() default 168;

        @AttributeDefinition(description = "Most addresses, users and user-address pairs counted at once")
        int throttle_max_tracked() default 10000;
    }

    private final LoginThrottle throttle;
    private final LoginAudit audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public LoginGuard(Config config) {
        this(new LoginThrottle(settings(config), System::nanoTime), null);
    }

    /** Outside OSGi (tests): events go to {@code events} when given. */
    public LoginGuard(LoginThrottle throttle, java.util.function.Consumer<Map<String, Object>> events) {
        this.throttle = throttle;
        this.audit = new LoginAudit(events != null ? events : this::post);
    }

    static ThrottleSettings settings(Config c) {
        return new ThrottleSettings(
                c.throttle_free_failures(),
                Duration.ofMillis(c.throttle_first_lockout_ms()),
                Duration.ofSeconds(c.throttle_max_lockout_seconds()),
                c.throttle_user_free_failures(),
                Duration.ofSeconds(c.throttle_user_max_lockout_seconds()),
                Duration.ofSeconds(c.throttle_forget_seconds()),
                Duration.ofHours(c.throttle_trusted_hours()),
                c.throttle_max_tracked());
    }

    /** Empty when the login may be checked now; else how long the caller must wait (the attempt is audited). */
    public Optional<Duration> admit(String user, LoginOrigin origin) {
        Optional<Duration> wait = throttle.check(user, origin.address());
        wait.ifPresent(w -> audit.refused(user, origin, w));
        return wait;
    }

    public void succeeded(String user, LoginOrigin origin) {
        throttle.succeeded(user, origin.address());
        audit.succeeded(user, origin);
    }

    public void failed(String user, LoginOrigin origin) {
        audit.failed(user, origin, throttle.failed(user, origin.address()));
    }

    private void post(Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(LoginAudit.EVENT_TOPIC, properties));
        }
    }
}
