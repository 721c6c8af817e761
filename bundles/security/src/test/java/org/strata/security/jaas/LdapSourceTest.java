package org.strata.security.jaas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * etc/org.strata.security.ldap.cfg read as the realm reads it (off unless enabled, typos and passwords in the
 * configuration refused, the password file owner-only), and the chain of modules the realm builds with it.
 */
public class LdapSourceTest {

    private Path folder;
    private Path passwordFile;

    @Before
    public void makeFolder() throws Exception {
        folder = Files.createTempDirectory("ldap-source-test");
        passwordFile = folder.resolve("ldap.password");
        Files.writeString(passwordFile, "bind-secret\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    }

    @After
    public void removeFolder() throws Exception {
        Files.deleteIfExists(passwordFile);
        Files.deleteIfExists(folder);
    }

    private Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put("enabled", "true");
        c.put("service.pid", LdapSource.PID);
        c.put("felix.fileinstall.filename", "file:/x/etc/org.strata.security.ldap.cfg");
        c.put("component.name", "org.strata.security.jaas.StrataRealm");
        c.put(StrataRealm.MARKER, "true");
        c.put("Realm.target", "(!(org.strata.realm=true))");
        c.put("connection.url", "ldap://127.0.0.1:10389");
        c.put("connection.username", "cn=strata-karaf,ou=services,dc=strata,dc=test");
        c.put("connection.password.file", passwordFile.toString());
        c.put("user.base.dn", "ou=people,dc=strata,dc=test");
        c.put("user.filter", "(uid=%u)");
        c.put("role.base.dn", "ou=groups,dc=strata,dc=test");
        c.put("role.filter", "(member=%fqdn)");
        c.put("role.name.attribute", "cn");
        c.put("role.mapping", "strata-operators=operator,ssh");
        return c;
    }

    @Test
    public void offUnlessEnabled() {
        assertTrue(LdapSource.from(null).isEmpty());
        assertTrue(LdapSource.from(Map.of()).isEmpty());
        Map<String, Object> c = config();
        c.put("enabled", "false");
        assertTrue(LdapSource.from(c).isEmpty());
    }

    @Test
    public void karafsOptionsWithThePasswordFromItsFileAndSafeDefaults() {
        LdapSource source = LdapSource.from(config()).orElseThrow();
        Map<String, String> o = source.options();
        assertEquals("bind-secret", o.get("connection.password"));
        assertEquals("strata-operators=operator,ssh", o.get("role.mapping"));
        assertEquals("true", o.get("disableCache"));
        assertEquals("simple", o.get("authentication"));
        assertEquals("3000", o.get("context.com.sun.jndi.ldap.connect.timeout"));
        assertFalse(o.containsKey("service.pid"));
        assertFalse(o.containsKey("enabled"));
        assertFalse(o.containsKey(StrataRealm.MARKER));
        assertFalse(source.toString(), source.toString().contains("bind-secret"));
        assertTrue(source.toString(), source.toString().contains("ldap://127.0.0.1:10389"));
    }

    @Test
    public void aChangedPasswordFileIsReadAgainAndAnUnreadableOneKeepsThePasswordBefore() throws Exception {
        LdapSource source = LdapSource.from(config()).orElseThrow();
        FileTime before = Files.getLastModifiedTime(passwordFile);
        Files.writeString(passwordFile, "rotated\n");
        Files.setLastModifiedTime(passwordFile, FileTime.fromMillis(before.toMillis() + 2000));
        assertEquals("rotated", source.options().get("connection.password"));

        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(passwordFile, "seen-by-others\n");
        Files.setLastModifiedTime(passwordFile, FileTime.fromMillis(before.toMillis() + 4000));
        assertEquals("rotated", source.options().get("connection.password"));
    }

    @Test
    public void refusesWhatWouldWeakenOrSilentlyChangeIt() throws Exception {
        Map<String, Object> inline = config();
        inline.put("connection.password", "in-the-clear");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LdapSource.from(inline));
        assertFalse(e.getMessage(), e.getMessage().contains("in-the-clear"));

        Map<String, Object> typo = config();
        typo.put("role.maping", "x=admin");
        assertThrows(IllegalArgumentException.class, () -> LdapSource.from(typo));

        Map<String, Object> empty = config();
        empty.put("allowEmptyPasswords", "true");
        assertThrows(IllegalArgumentException.class, () -> LdapSource.from(empty));

        Map<String, Object> noFilter = config();
        noFilter.put("user.filter", "(objectClass=person)");
        assertThrows(IllegalArgumentException.class, () -> LdapSource.from(noFilter));

        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));
        e = assertThrows(IllegalArgumentException.class, () -> LdapSource.from(config()));
        assertTrue(e.getMessage(), e.getMessage().contains("chmod 600"));
    }

    private static AppConfigurationEntry proxied(String module, LoginModuleControlFlag flag) {
        return new AppConfigurationEntry(
                ProxyLoginModule.class.getName(), flag, Map.of(ProxyLoginModule.PROPERTY_MODULE, module));
    }

    @Test
    public void localModulesFirstThenTheDirectoryEachSufficientThenTheRest() {
        String properties = "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";
        String publickey = "org.apache.karaf.jaas.modules.publickey.PublickeyLoginModule";
        String audit = "org.apache.karaf.jaas.modules.audit.LogAuditLoginModule";
        List<AppConfigurationEntry> karaf = List.of(
                proxied(properties, LoginModuleControlFlag.OPTIONAL),
                proxied(publickey, LoginModuleControlFlag.OPTIONAL),
                proxied(audit, LoginModuleControlFlag.OPTIONAL));

        assertEquals(karaf, StrataRealm.chain(karaf, Optional.empty()));

        List<AppConfigurationEntry> chain =
                StrataRealm.chain(karaf, Optional.of(proxied(LdapSource.MODULE, LoginModuleControlFlag.SUFFICIENT)));
        assertEquals(
                List.of(properties, publickey, LdapSource.MODULE, audit),
                chain.stream().map(StrataRealm::moduleOf).toList());
        assertEquals(
                List.of(
                        LoginModuleControlFlag.SUFFICIENT,
                        LoginModuleControlFlag.SUFFICIENT,
                        LoginModuleControlFlag.SUFFICIENT,
                        LoginModuleControlFlag.OPTIONAL),
                chain.stream().map(AppConfigurationEntry::getControlFlag).toList());
    }
}
