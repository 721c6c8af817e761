package org.strata.security.jaas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's user realm {@value #NAME}, as REST, SOAP and the SSH console log in to it: Karaf's own realm of
 * that name (users.properties with hashed passwords, SSH keys, its audit modules) with {@link GuardLoginModule} put
 * in front. Registered with a higher rank than Karaf's, so that Karaf's JAAS configuration hands out this one; when
 * this bundle stops, Karaf's realm is used as it is.
 *
 * <p>With an LDAP directory configured ({@link LdapSource}, etc/org.strata.security.ldap.cfg) Karaf's
 * LDAPLoginModule comes after the local modules, and all are "sufficient": the first that accepts the password
 * decides. Local users (users.properties, SSH keys) are checked first, so an administrator logs in without the
 * directory being asked, and still can when it is down.
 */
@Component(
        service = JaasRealm.class,
        property = StrataRealm.MARKER + "=true",
        immediate = true,
        configurationPid = LdapSource.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class StrataRealm implements JaasRealm {

    public static final String NAME = "karaf";
    public static final String MARKER = "org.strata.realm";
    static final String KARAF_MODULES = "org.apache.karaf.jaas.modules";
    static final Set<String> LOCAL_MODULES = Set.of(
            "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule",
            "org.apache.karaf.jaas.modules.publickey.PublickeyLoginModule");

    private static final Logger LOG = LoggerFactory.getLogger(StrataRealm.class);

    private final BundleContext context;
    private final List<JaasRealm> others = new CopyOnWriteArrayList<>();
    private volatile Optional<LdapSource> ldap;

    @Activate
    public StrataRealm(BundleContext context, Map<String, Object> config) {
        this.context = context;
        this.ldap = ldapFrom(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        ldap = ldapFrom(config);
    }

    private static Optional<LdapSource> ldapFrom(Map<String, Object> config) {
        try {
            Optional<LdapSource> source = LdapSource.from(config);
            source.ifPresent(s -> LOG.info("users of the realm also come from {}", s));
            return source;
        } catch (IllegalArgumentException e) {
            // The local users still log in; the directory's cannot until the configuration is fixed.
            LOG.error("LDAP as a source of users is OFF, etc/{}.cfg is wrong: {}", LdapSource.PID, e.getMessage());
            return Optional.empty();
        }
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
     * The guard, then the entries of the best other realm of the same name (and the directory's, when configured).
     * Without any there is nothing to check passwords with, and the guard alone never lets a login through.
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
        List<AppConfigurationEntry> karaf = others.stream()
                .filter(r -> NAME.equals(r.getName()))
                .max(Comparator.comparingInt(JaasRealm::getRank))
                .map(r -> List.of(r.getEntries()))
                .orElse(List.of());
        entries.addAll(chain(karaf, ldap.flatMap(this::ldapEntry)));
        return entries.toArray(new AppConfigurationEntry[0]);
    }

    /**
     * Karaf's entries as they are without a directory. With one: the local password and key modules, then the
     * directory's, each sufficient (the first success ends the login, so a local user never waits for the
     * directory and a directory user cannot borrow a local user's roles), then the rest (Karaf's audit modules, off
     * in Strata) as they were.
     */
    static List<AppConfigurationEntry> chain(List<AppConfigurationEntry> karaf, Optional<AppConfigurationEntry> ldap) {
        if (ldap.isEmpty()) {
            return karaf;
        }
        List<AppConfigurationEntry> chain = new ArrayList<>();
        List<AppConfigurationEntry> rest = new ArrayList<>();
        for (AppConfigurationEntry e : karaf) {
            if (LOCAL_MODULES.contains(moduleOf(e))) {
                chain.add(new AppConfigurationEntry(
                        e.getLoginModuleName(), LoginModuleControlFlag.SUFFICIENT, e.getOptions()));
            } else {
                rest.add(e);
            }
        }
        chain.add(ldap.get());
        chain.addAll(rest);
        return chain;
    }

    /** The login module an entry stands for, also behind Karaf's proxy. */
    static String moduleOf(AppConfigurationEntry entry) {
        Object proxied = entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE);
        return proxied != null ? proxied.toString() : entry.getLoginModuleName();
    }

    /** Karaf's LDAP module, loaded from Karaf's bundle of login modules; empty when that bundle is not there. */
    private Optional<AppConfigurationEntry> ldapEntry(LdapSource source) {
        Bundle modules = null;
        for (Bundle b : context.getBundles()) {
            if (KARAF_MODULES.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                modules = b;
            }
        }
        if (modules == null) {
            return Optional.empty();
        }
        Map<String, Object> options = new HashMap<>(source.options());
        options.put(BundleContext.class.getName(), modules.getBundleContext());
        options.put(ProxyLoginModule.PROPERTY_MODULE, LdapSource.MODULE);
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(modules.getBundleId()));
        return Optional.of(new AppConfigurationEntry(
                ProxyLoginModule.class.getName(), LoginModuleControlFlag.SUFFICIENT, options));
    }
}
