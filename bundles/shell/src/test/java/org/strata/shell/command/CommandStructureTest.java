package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Test;
import org.strata.shell.StrataAction;

/**
 * Checks what Karaf needs of the command and completer classes, and parses command lines with Karaf's own
 * parser: no API service is faked, nothing is executed.
 */
public class CommandStructureTest {

    private static final Set<String> EXPECTED = new TreeSet<>(List.of(
            "driver-list",
            "driver-info",
            "datacenter-list",
            "datacenter-add",
            "datacenter-update",
            "datacenter-remove",
            "pool-list",
            "pool-add",
            "pool-remove",
            "host-list",
            "host-info",
            "host-add",
            "host-remove",
            "host-refresh",
            "vm-list",
            "vm-start",
            "vm-shutdown",
            "vm-poweroff",
            "vm-info",
            "vm-create",
            "vm-delete",
            "vm-reboot",
            "vm-reset",
            "vm-suspend",
            "vm-resume",
            "vm-disk-attach",
            "vm-disk-detach",
            "vm-nic-attach",
            "vm-nic-detach",
            "vm-resources",
            "vm-clone",
            "vm-snapshot-create",
            "vm-snapshot-delete",
            "vm-snapshot-list",
            "vm-snapshot-revert",
            "vm-template",
            "vm-migrate",
            "vm-consoles",
            "vm-guest",
            "vm-guest-sample",
            "vm-stats",
            "host-stats",
            "storage-pool-attach",
            "storage-pool-detach",
            "storage-pool-list",
            "volume-snapshot",
            "volume-list",
            "volume-info",
            "volume-create",
            "volume-clone",
            "volume-resize",
            "volume-delete",
            "volume-import",
            "hw-discover",
            "hw-power",
            "hw-power-states",
            "hw-boot",
            "hw-sensors",
            "hw-sensor-history",
            "hw-inventory",
            "hw-sel",
            "hw-firmware",
            "task-list",
            "task-info",
            "task-cancel",
            "event-list",
            "event-tail",
            "history",
            "health",
            "cluster-list",
            "cluster-add",
            "cluster-remove",
            "cluster-hosts",
            "cluster-host-add",
            "host-maintenance",
            "tenant-list",
            "tenant-add",
            "tenant-usage",
            "pool-tree",
            "placement-explain",
            "cluster-schedule",
            "cluster-recommendations",
            "cluster-power",
            "affinity-list",
            "affinity-add",
            "affinity-remove",
            "usage-report",
            "vm-ha",
            "cluster-ha",
            "ha-hosts",
            "failover-list",
            "failover-info",
            "os-profiles",
            "os-images",
            "os-image-add",
            "os-image-remove",
            "os-trees",
            "os-tree-add",
            "os-tree-remove",
            "provision",
            "provisioning-list",
            "provisioning-info",
            "patch-repo-list",
            "patch-repo-add",
            "patch-repo-remove",
            "patch-package-list",
            "patch-package-upload",
            "patch-baseline-list",
            "patch-baseline-add",
            "patch-baseline-remove",
            "patch-scan",
            "patch-compliance",
            "patch-remediate",
            "patch-window-list",
            "patch-window-add",
            "patch-window-remove",
            "software"));

    private static List<Class<?>> classesIn(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(StrataAction.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    classes.add(Class.forName(pkg + "." + name.substring(0, name.length() - 6)));
                }
            }
        }
        return classes;
    }

    private static List<Class<?>> commands() throws Exception {
        return classesIn("org.strata.shell.command").stream()
                .filter(c -> c.isAnnotationPresent(Command.class))
                .toList();
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    @Test
    public void everyCommandIsThere() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : commands()) {
            Command command = c.getAnnotation(Command.class);
            assertEquals(c.getName(), "strata", command.scope());
            assertFalse(c.getName(), command.description().isBlank());
            assertTrue("duplicate " + command.name(), names.add(command.name()));
        }
        assertEquals(EXPECTED, names);
    }

    @Test
    public void commandsAreWhatKarafCanInstantiate() throws Exception {
        for (Class<?> c : commands()) {
            assertTrue(c.getName(), c.isAnnotationPresent(Service.class));
            assertTrue(c.getName(), Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers()));
            assertTrue(c.getName(), StrataAction.class.isAssignableFrom(c));
            assertTrue(
                    c.getName() + " needs a public constructor without parameters: Karaf builds it so",
                    hasPublicNoArgumentConstructor(c));
            Set<Integer> indexes = new HashSet<>();
            Map<Integer, Argument> arguments = new TreeMap<>();
            Set<String> optionNames = new HashSet<>();
            for (Field f : fields(c)) {
                String where = c.getSimpleName() + "." + f.getName();
                if (f.getDeclaringClass() == StrataAction.class) {
                    continue; // the test-only output redirection
                }
                int kinds = (f.isAnnotationPresent(Reference.class) ? 1 : 0)
                        + (f.isAnnotationPresent(Option.class) ? 1 : 0)
                        + (f.isAnnotationPresent(Argument.class) ? 1 : 0);
                assertEquals(where + " must be exactly one of @Reference, @Option, @Argument", 1, kinds);
                if (f.isAnnotationPresent(Reference.class)) {
                    assertTrue(where, f.getType().isInterface());
                    // The API's services, or the engine's exported contract (event-tail follows its event feed).
                    assertTrue(
                            where,
                            f.getType().getName().startsWith("org.strata.api.")
                                    || f.getType().getName().startsWith("org.strata.engine.")
                                    || f.getType() == Session.class);
                }
                if (f.isAnnotationPresent(Argument.class)) {
                    Argument a = f.getAnnotation(Argument.class);
                    assertTrue(where, indexes.add(a.index()));
                    arguments.put(a.index(), a);
                    assertFalse(where + " has no help text", a.description().isBlank());
                    assertTrue(
                            where + " is multi-valued: it must be a collection",
                            !a.multiValued() || java.util.Collection.class.isAssignableFrom(f.getType()));
                }
                if (f.isAnnotationPresent(Option.class)) {
                    Option o = f.getAnnotation(Option.class);
                    assertFalse(where + " has no help text", o.description().isBlank());
                    assertTrue(
                            where + " is multi-valued: it must be a collection",
                            !o.multiValued() || java.util.Collection.class.isAssignableFrom(f.getType()));
                    assertTrue(where, o.name().startsWith("-") && optionNames.add(o.name()));
                    for (String alias : o.aliases()) {
                        assertTrue(where, alias.startsWith("-") && optionNames.add(alias));
                    }
                }
                Completion completion = f.getAnnotation(Completion.class);
                if (completion != null) {
                    Class<?> completer = completion.value();
                    assertTrue(where, Completer.class.isAssignableFrom(completer));
                    assertTrue(where, completer.isAnnotationPresent(Service.class));
                }
            }
            for (int i = 0; i < indexes.size(); i++) {
                assertTrue(c.getSimpleName() + " argument " + i, indexes.contains(i));
            }
            // Karaf fills arguments in order: an optional one before a required one, or anything after one
            // that takes the rest of the line, could never be given on its own.
            boolean optionalSeen = false;
            for (Argument a : arguments.values()) {
                assertFalse(
                        c.getSimpleName() + " argument " + a.index() + " is required after an optional one",
                        a.required() && optionalSeen);
                optionalSeen |= !a.required();
                assertTrue(
                        c.getSimpleName() + " argument " + a.index() + " follows a multi-valued one",
                        a.index() == arguments.size() - 1 || !a.multiValued());
            }
        }
    }

    private static boolean hasPublicNoArgumentConstructor(Class<?> type) {
        return Arrays.stream(type.getConstructors()).anyMatch(k -> k.getParameterCount() == 0);
    }

    @Test
    public void completersAreWhatKarafCanInstantiateAndEachIsUsed() throws Exception {
        Set<Class<?>> used = new HashSet<>();
        for (Class<?> c : commands()) {
            for (Field f : fields(c)) {
                if (f.isAnnotationPresent(Completion.class)) {
                    used.add(f.getAnnotation(Completion.class).value());
                }
            }
        }
        Set<Class<?>> completers = new HashSet<>();
        for (Class<?> c : classesIn("org.strata.shell.completer")) {
            if (!Completer.class.isAssignableFrom(c)) {
                continue;
            }
            completers.add(c);
            assertTrue(c.getName(), c.isAnnotationPresent(Service.class));
            assertTrue(
                    c.getName() + " needs a public constructor without parameters: Karaf builds it so",
                    hasPublicNoArgumentConstructor(c));
            assertTrue(c.getName() + " completes no command's argument or option", used.contains(c));
            for (Field f : fields(c)) {
                if (f.isAnnotationPresent(Reference.class)) {
                    assertTrue(f.toString(), f.getType().getName().startsWith("org.strata.api."));
                }
            }
        }
        assertEquals(24, completers.size());
        used.removeAll(completers);
        assertEquals(
                "completers named by commands but not in org.strata.shell.completer (not found by Karaf)",
                Set.of(),
                used);
    }

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    private static boolean parse(Action action, Object... args) throws Exception {
        return new DefaultActionPreparator().prepare(action, session(), List.of(args));
    }

    private static Object field(Object target, String name) throws IllegalAccessException {
        for (Field f : fields(target.getClass())) {
            if (f.getName().equals(name)) {
                f.setAccessible(true);
                return f.get(target);
            }
        }
        throw new AssertionError("no field " + name);
    }

    @Test
    public void karafParsesHostAdd() throws Exception {
        HostAdd add = new HostAdd();
        assertTrue(parse(
                add,
                "--datacenter",
                "dc-1",
                "--driver",
                "demo",
                "--address",
                "10.0.0.5",
                "--pool",
                "p-1",
                "-u",
                "root",
                "--password",
                "s3cret",
                "web01"));
        assertEquals("web01", add.name);
        assertEquals("dc-1", add.datacenterId);
        assertEquals("demo", add.driverId);
        assertEquals("10.0.0.5", add.address);
        assertEquals("p-1", add.poolId);
        assertEquals("root", add.username);
        assertEquals("s3cret", add.password);
        assertEquals(null, add.bmcHostId);

        HostAdd withBmc = new HostAdd();
        assertTrue(parse(
                withBmc, "--datacenter", "dc-1", "--driver", "kvm", "--address", "10.0.0.6", "--bmc", "bm-1", "web02"));
        assertEquals("bm-1", withBmc.bmcHostId);
        assertEquals("web02", withBmc.name);
    }

    @Test
    public void karafParsesPagingOptionsOfTheBaseClass() throws Exception {
        PoolList list = new PoolList();
        assertTrue(parse(list, "--datacenter", "dc-1", "--offset", "10", "--limit", "5"));
        assertEquals("dc-1", list.datacenterId);
        assertEquals(10, field(list, "offset"));
        assertEquals(5, field(list, "limit"));

        HostList all = new HostList();
        assertTrue(parse(all));
        assertEquals(null, field(all, "offset"));
    }

    @Test
    public void karafParsesTypedOptions() throws Exception {
        PoolAdd add = new PoolAdd();
        assertTrue(parse(
                add,
                "--datacenter",
                "dc-1",
                "--parent",
                "p-0",
                "--cpu-limit",
                "16",
                "--memory-limit-mb",
                "65536",
                "-d",
                "for tenants",
                "tenants"));
        assertEquals(Integer.valueOf(16), add.cpuLimit);
        assertEquals(Long.valueOf(65536), add.memoryLimitMb);
        assertEquals("for tenants", add.description);
        assertEquals("tenants", add.name);

        HostRefresh refresh = new HostRefresh();
        assertTrue(parse(refresh, "--wait", "--timeout", "5", "h-1"));
        assertTrue(refresh.await);
        assertEquals(5, refresh.timeoutSeconds);
        HostRefresh plain = new HostRefresh();
        assertTrue(parse(plain, "h-1"));
        assertFalse(plain.await);
        assertEquals(60, plain.timeoutSeconds);

        VmPoweroff off = new VmPoweroff();
        assertTrue(parse(off, "h-1", "vm-7"));
        assertEquals("h-1", off.id);
        assertEquals("vm-7", off.vmId);
        VmShutdown shutdown = new VmShutdown();
        assertTrue(parse(shutdown, "--timeout", "30", "--wait", "--wait-timeout", "90", "vm-7"));
        assertEquals("vm-7", shutdown.id);
        assertEquals(null, shutdown.vmId);
        assertEquals(Integer.valueOf(30), shutdown.timeoutSeconds);
        assertTrue(shutdown.await);
        assertEquals(90, shutdown.waitTimeoutSeconds);

        VmCreate create = new VmCreate();
        assertTrue(parse(
                create,
                "--cpus",
                "2",
                "--memory",
                "1024",
                "--disk",
                "/v/a.qcow2,qcow2",
                "--disk",
                "/v/b.raw",
                "--network",
                "default",
                "--network",
                "lan",
                "--boot",
                "cdrom,disk",
                "--vnc",
                "--serial",
                "h-1",
                "web"));
        assertEquals(java.util.List.of("/v/a.qcow2,qcow2", "/v/b.raw"), create.disks);
        assertEquals(java.util.List.of("default", "lan"), create.networks);
        assertEquals(Long.valueOf(1024), create.memoryMb);
        assertTrue(create.vnc && create.serial);

        VolumeCreate volume = new VolumeCreate();
        assertTrue(parse(volume, "--size", "2048", "--format", "raw", "st-1", "default", "d1"));
        assertEquals(2048, volume.capacityMb);
        assertEquals("d1", volume.name);
    }

    @Test
    public void karafParsesTheHardwareCommands() throws Exception {
        HwDiscover discover = new HwDiscover();
        assertTrue(parse(
                discover,
                "--datacenter",
                "dc-1",
                "--addresses",
                "10.0.0.0/28",
                "--ports",
                "623",
                "--user",
                "ADMIN",
                "--password",
                "a",
                "-u",
                "root",
                "-p",
                "b",
                "--credentials",
                "/etc/bmc.txt",
                "--wait"));
        assertEquals(List.of("ADMIN", "root"), discover.users);
        assertEquals(List.of("a", "b"), discover.passwords);
        assertEquals("ipmi", discover.driverId);
        assertEquals("/etc/bmc.txt", discover.credentialsFile);
        assertTrue(discover.await);

        HwPower state = new HwPower();
        assertTrue(parse(state, "bm-1"));
        assertEquals(null, state.action);
        HwBoot boot = new HwBoot();
        assertTrue(parse(boot, "--persistent", "bm-1", "pxe"));
        assertTrue(boot.persistent);
        assertEquals("pxe", boot.device);
        HwSensorHistory history = new HwSensorHistory();
        assertTrue(parse(history, "bm-1", "CPU Temp"));
        assertEquals("1h", history.since);
        assertEquals("CPU Temp", history.sensor);
        try {
            parse(new HwDiscover(), "--addresses", "10.0.0.1");
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage().contains("--datacenter"));
            return;
        }
        throw new AssertionError("--datacenter is required");
    }

    @Test
    public void karafRejectsAMissingRequiredOption() throws Exception {
        try {
            parse(new PoolAdd(), "tenants");
        } catch (Exception e) {
            assertTrue(e.getMessage(), e.getMessage().contains("--datacenter"));
            return;
        }
        throw new AssertionError("--datacenter is required");
    }
}
