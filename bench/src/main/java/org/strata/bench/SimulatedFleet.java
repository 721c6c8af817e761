package org.strata.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated datacenter of the whole-system benchmarks (bench/fleet.sh, bench/console.sh): {@code hosts} libvirt
 * {@code test:///} host files with {@code vmsPerHost} domains each (every other one running), registered with a
 * running Strata through its REST API in one datacenter.
 */
final class SimulatedFleet {

    private static final String API = "/api/v1";

    private final StrataClient strata;
    private final Path work;
    private final int hosts;
    private final int vmsPerHost;
    private final int clients;

    /** Host files go to {@code work}/hosts-VMS_PER_HOST; {@code clients} requests at a time register them. */
    SimulatedFleet(StrataClient strata, Path work, int hosts, int vmsPerHost, int clients) {
        this.strata = strata;
        this.work = work;
        this.hosts = hosts;
        this.vmsPerHost = vmsPerHost;
        this.clients = clients;
    }

    /** What registering took: the hosts' ids in file order, and when every VM was in the inventory. */
    record Registered(List<String> hostIds, double registerSeconds, double inventorySeconds) {}

    /** One host file per host, written once and kept in the work folder: the same fleet for every run and size. */
    List<Path> hostFiles() throws IOException {
        Path dir = work.resolve("hosts-" + vmsPerHost);
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            Path file = dir.resolve("h" + h + ".xml");
            if (!Files.exists(file)) {
                Files.writeString(file, hostXml(h, vmsPerHost));
            }
            files.add(file);
        }
        return files;
    }

    /** One host's file: its CPUs and memory and {@code vmsPerHost} domains, the even ones running. */
    static String hostXml(int h, int vmsPerHost) {
        StringBuilder xml = new StringBuilder("<node>\n<cpu><mhz>2400</mhz><model>fleet</model><active>32</active>"
                + "<nodes>1</nodes><sockets>2</sockets><cores>16</cores><threads>1</threads></cpu>\n"
                + "<memory>268435456</memory>\n");
        for (int v = 0; v < vmsPerHost; v++) {
            // Even VMs run, odd ones are shut off (test driver run state 5), as on a host in use.
            xml.append("<domain type='kvm' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>h")
                    .append(h)
                    .append("-vm")
                    .append(v)
                    .append("</name><uuid>")
                    .append(uuid(h, v))
                    .append(
                            "</uuid><memory unit='MiB'>1024</memory><vcpu>2</vcpu><os><type arch='x86_64'>hvm</type>"
                                    + "</os><devices><interface type='network'><source network='default'/><mac address='52:54:00:")
                    .append(String.format(Locale.ROOT, "%02x:%02x:%02x", (h >> 8) & 0xff, h & 0xff, v & 0xff))
                    .append("'/><model type='virtio'/></interface></devices>")
                    .append(v % 2 == 1 ? "<test:runstate>5</test:runstate>" : "")
                    .append("</domain>\n");
        }
        return xml.append("</node>\n").toString();
    }

    /** The UUID of VM {@code v} of host {@code h}, as in its host file. */
    static String uuid(int h, int v) {
        return String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", h, v);
    }

    /**
     * Creates the datacenter "fleet", adds one kvm host per file through REST and waits until the inventory holds
     * every VM, printing progress every 10 s.
     */
    Registered register(List<Path> files) throws Exception {
        HttpResponse<String> created = strata.post(API + "/datacenters", "{\"name\":\"fleet\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the datacenter: " + created.statusCode() + " " + created.body());
        }
        String datacenter = strata.json().readTree(created.body()).path("id").asText();
        long t0 = System.nanoTime();
        List<String> ids = parallel(files.size(), clients, i -> {
            HttpResponse<String> r = strata.post(
                    API + "/hosts",
                    "{\"name\":\"fleet-h" + i + "\",\"datacenterId\":\"" + datacenter
                            + "\",\"driverId\":\"kvm\",\"address\":\"test://" + files.get(i) + "\"}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("adding host " + i + ": " + r.statusCode() + " " + r.body());
            }
            return strata.json().readTree(r.body()).path("id").asText();
        });
        double registered = seconds(t0);
        long expected = (long) files.size() * vmsPerHost;
        long lastReport = System.nanoTime();
        long total;
        while ((total = strata.getJson(API + "/vms?limit=1").path("total").asLong()) < expected) {
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                System.out.printf(
                        Locale.ROOT,
                        "  ... %d of %d VMs in the inventory after %.0f s%n",
                        total,
                        expected,
                        seconds(t0));
                lastReport = System.nanoTime();
            }
            LockSupport.parkNanos(100_000_000);
        }
        return new Registered(ids, registered, seconds(t0));
    }

    @FunctionalInterface
    interface Work<T> {
        T run(int i) throws Exception;
    }

    /** Runs work(0..count-1) on {@code concurrency} threads; the results in order; the first failure is thrown. */
    static <T> List<T> parallel(int count, int concurrency, Work<T> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> work.run(index)));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
