package org.strata.security.jaas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The platform's user realm {@value #NAME}, as REST, SOAP and the SSH console log in to it: Karaf's own realm of
 * that name (users.properties with hashed passwords, SSH keys, its audit modules) with {@link GuardLoginModule} put
 * in front. Registered with a higher rank than Karaf's, so that Karaf's JAAS configuration hands out this one; when
 * this bundle stops, Karaf's realm is used as it is.
 */
@Component(service = JaasRealm.class, property = StrataRealm.MARKER + "=true", immediate = true)
public final class StrataRealm implements JaasRealm {

    static final String NAME = "karaf";
    static final String MARKER = "org.strata.realm";

    private final BundleContext context;
    private final List<JaasRealm> others = new CopyOnWriteArrayList<>();

    @Activate
    public StrataRealm(BundleContext context) {
        this.context = context;
    }

    @Reference(
            service = JaasRealm.class,
            target = "(!(" + MARKER + "=true))",
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeRealm")
    void addRealm(JaasRealm realm) {
        others.add(realm);
    }

    void removeRealm(JaasRealm realm) {
        others.remove(realm);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getRank() {
        return 1;
    }

    /**
     * The guard, then the entries of the best other realm of the same name. Without one there is nothing to check
     * passwords with, and the guard alone never lets a login through.
     */
    @Override
    public AppConfigurationEntry[] getEntries() {
        List<AppConfigurationEntry> entries = new ArrayList<>();
        Map<String, Object> options = new HashMap<>();
        options.put(BundleContext.class.getName(), context);
        options.put(ProxyLoginModule.PROPERTY_MODULE, GuardLoginModule.class.getName());
        options.put(
                ProxyLoginModule.PROPERTY_BUNDLE,
                Long.toString(context.getBundle().getBundleId()));
        entries.add(
                new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, options));
        others.stream()
                .filter(r -> NAME.equals(r.getName()))
                .max(Comparator.comparingInt(JaasRealm::getRank))
                .ifPresent(r -> entries.addAll(List.of(r.getEntries())));
        return entries.toArray(new AppConfigurationEntry[0]);
    }
}
