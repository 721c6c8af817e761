package org.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web console measured in a real browser (issue 22): a fleet of libvirt {@code test:///} hosts registered through
 * REST ({@link SimulatedFleet}), then Debian's headless Chromium opens {@code /console/#/inventory} RUNS times after
 * one warm-up, each time with an empty browser cache, and the page itself records (a script Chromium evaluates in
 * every new document before the console's own, a {@code MutationObserver} and {@code performance.now()}):
 *
 * <ul>
 *   <li>time to first render: navigation start to the first VM row in the DOM, and to
 *       {@code body.dataset.inventoryLoaded}, set by the console once every page of {@code /vms} has arrived;
 *   <li>the JavaScript heap after a garbage collection, the number of elements, the VM rows drawn;
 *   <li>what the first load downloaded (Resource Timing's {@code transferSize}): the console's files and the API's
 *       answers apart;
 *   <li>the main thread's long tasks (over 50 ms) during the load.
 * </ul>
 *
 * <p>Then event-to-screen latency: SAMPLES VMs in sight are started or powered off through REST, one a second; for
 * each, the recorded {@code time} of its {@code VM_STATE_CHANGED} event to the {@code Date.now()} at which the
 * page's observer saw that VM row's state badge say the new state (same machine, same clock).
 *
 * <p>With the system property {@code console.screenshot} (a PNG file), the inventory as the last run left it is
 * saved there. With PROFILE {@code yes}, one more load runs under Chromium's sampling profiler (DevTools protocol) and the
 * functions with the most time of their own are printed.
 *
 * <p>Usage: ConsoleBench BASE_URL USER PASSWORD WORK_DIR HOSTS VMS_PER_HOST RUNS SAMPLES CONSOLE_JAR LABEL
 * RESULTS_CSV PROFILE; run by bench/console.sh.
 */
public final class ConsoleBench {

    private static final String API = "/api/v1";
    private static final int CLIENTS = 8;
    private static final Duration LOAD_DEADLINE = Duration.ofMinutes(5);
    private static final long EVENT_DEADLINE_MS = 30_000;

    /**
     * Evaluated by Chromium in every new document before any of the page's scripts, so nothing the console draws
     * escapes it. It records in the page, with the page's clocks; the bench only reads window.__bench afterwards.
     */
    private static final String PROBE = """
            (() => {
              if (!location.pathname.startsWith('/console/')) return;
              performance.setResourceTimingBufferSize(5000);
              let settle;
              const b = window.__bench = {firstRow: null, loaded: null, longTasks: 0, longTaskMs: 0, watch: null,
                ready: new Promise((r) => { settle = r; })};
              try {
                new PerformanceObserver((list) => {
                  for (const e of list.getEntries()) { b.longTasks++; b.longTaskMs += e.duration; }
                }).observe({type: 'longtask', buffered: true});
              } catch (e) { /* no long task timing: the counts stay 0 */ }
              const check = () => {
                if (b.firstRow === null && document.querySelector('[data-testid=vm-row]')) b.firstRow = performance.now();
                if (b.loaded === null && document.body && document.body.dataset.inventoryLoaded === 'true') {
                  b.loaded = performance.now();
                  b.longTasksAtLoad = b.longTasks;
                  b.longTaskMsAtLoad = b.longTaskMs;
                }
                if (b.firstRow !== null && b.loaded !== null) settle();
                const w = b.watch;
                if (w && w.seen === null) {
                  const badge = document.querySelector(`[data-testid=vm-row][data-id="${w.id}"] [data-testid=vm-state]`);
                  if (badge && badge.textContent === w.want) { w.seen = Date.now(); w.done(); }
                }
              };
              new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true,
                attributes: true, attributeFilter: ['data-inventory-loaded']});
            })();
            """;

    private static final String WAIT_LOADED = """
            const done = arguments[arguments.length - 1];
            if (!window.__bench) { done('no probe in this page'); return; }
            const timer = setTimeout(() => done('timed out'), arguments[0]);
            window.__bench.ready.then(() => { clearTimeout(timer); done('ok'); });
            """;

    private static final String FIGURES = """
            const b = window.__bench;
            const nav = performance.getEntriesByType('navigation')[0];
            const f = {firstRow: b.firstRow, loaded: b.loaded, heap: performance.memory.usedJSHeapSize,
              elements: document.querySelectorAll('*').length,
              rows: document.querySelectorAll('[data-testid=vm-row]').length,
              staticBytes: nav.transferSize, staticDecoded: nav.decodedBodySize, staticFiles: 1, apiBytes: 0,
              apiDecoded: 0, apiRequests: 0, vmsPages: 0,
              firstVmsPage: null, lastVmsPage: 0, moduleDone: nav.domContentLoadedEventEnd,
              longTasks: b.longTasksAtLoad, longTaskMs: b.longTaskMsAtLoad};
            for (const r of performance.getEntriesByType('resource')) {
              if (r.name.includes('/api/')) {
                f.apiBytes += r.transferSize; f.apiDecoded += r.decodedBodySize; f.apiRequests++;
                if (r.name.includes('/api/v1/vms?')) {
                  f.vmsPages++;
                  f.lastVmsPage = Math.max(f.lastVmsPage, r.responseEnd);
                  if (f.firstVmsPage === null || r.responseEnd < f.firstVmsPage) f.firstVmsPage = r.responseEnd;
                }
              } else { f.staticBytes += r.transferSize; f.staticDecoded += r.decodedBodySize; f.staticFiles++; }
            }
            return JSON.stringify(f);
            """;

    /** The VM rows wholly inside the list's viewport, as [id, state]. */
    private static final String ROWS_IN_SIGHT = """
            const viewport = document.querySelector('[data-testid=vm-row]').closest('.vviewport');
            const top = viewport.scrollTop, bottom = top + viewport.clientHeight;
            return [...viewport.querySelectorAll('[data-testid=vm-row]')]
              .filter((r) => r.offsetTop >= top && r.offsetTop + r.offsetHeight <= bottom)
              .map((r) => [r.dataset.id, r.querySelector('[data-testid=vm-state]').textContent]);
            """;

    private static final String WATCH = """
            let done;
            const promise = new Promise((r) => { done = r; });
            window.__bench.watch = {id: arguments[0], want: arguments[1], seen: null, done, promise,
              since: performance.now()};
            """;

    private static final String WAIT_SEEN = """
            const done = arguments[arguments.length - 1];
            const w = window.__bench.watch;
            const timer = setTimeout(() => done(null), arguments[0]);
            w.promise.then(() => {
              clearTimeout(timer);
              // The console's own read of the VM after the event (Resource Timing), on the same clock as Date.now().
              const read = performance.getEntriesByType('resource')
                .filter((r) => r.name.endsWith('/api/v1/vms/' + w.id) && r.startTime >= w.since)[0];
              const epoch = (t) => performance.timeOrigin + t;
              done(JSON.stringify({seen: w.seen, readStart: read ? epoch(read.startTime) : null,
                readEnd: read ? epoch(read.responseEnd) : null}));
            });
            """;

    /**
     * What sorting the VM list costs: the console's own comparator (imported from its module) against one
     * Intl.Collator with the same options, over N names of the fleet's pattern in a fixed shuffled order.
     */
    private static final String SORT_COST = """
            const [hosts, perHost, done] = arguments;
            import('./js/store.js').then(({byName}) => {
              const items = [];
              for (let h = 0; h < hosts; h++) for (let v = 0; v < perHost; v++) items.push({name: `h${h}-vm${v}`});
              let seed = 42;
              for (let i = items.length - 1; i > 0; i--) {
                seed = (seed * 1103515245 + 12345) % 2147483648;
                const j = seed % (i + 1);
                [items[i], items[j]] = [items[j], items[i]];
              }
              const collator = new Intl.Collator(undefined, {numeric: true});
              const time = (compare) => {
                const t = performance.now();
                [...items].sort(compare);
                return performance.now() - t;
              };
              done(JSON.stringify({byName: time(byName),
                collator: time((a, b) => collator.compare(String(a.name), String(b.name)))}));
            }, (e) => done(JSON.stringify({error: String(e)})));
            """;

    private final StrataClient strata;
    private final URI base;
    private final String user;
    private final String password;
    private final Path work;
    private final int hosts;
    private final int vmsPerHost;
    private final int runs;
    private final int samples;
    private final Path consoleJar;
    private final boolean profile;
    private final Map<String, String> row = new LinkedHashMap<>();

    private ConsoleBench(String[] a) {
        base = URI.create(a[0]);
        user = a[1];
        password = a[2];
        strata = new StrataClient(a[0], user, password);
        work = Path.of(a[3]);
        hosts = Integer.parseInt(a[4]);
        vmsPerHost = Integer.parseInt(a[5]);
        runs = Integer.parseInt(a[6]);
        samples = Integer.parseInt(a[7]);
        consoleJar = Path.of(a[8]);
        profile = a[11].equals("yes");
        row.put("date", Instant.now().toString());
        row.put("label", a[9]);
        row.put("hosts", Integer.toString(hosts));
        row.put("vms", Integer.toString(hosts * vmsPerHost));
        row.put("runs", Integer.toString(runs));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 12) {
            System.err.println("usage: ConsoleBench BASE_URL USER PASSWORD WORK_DIR HOSTS VMS_PER_HOST RUNS SAMPLES"
                    + " CONSOLE_JAR LABEL RESULTS_CSV PROFILE");
            System.exit(2);
        }
        ConsoleBench bench = new ConsoleBench(args);
        bench.run();
        bench.append(Path.of(args[10]));
    }

    private void run() throws Exception {
        SimulatedFleet fleet = new SimulatedFleet(strata, work, hosts, vmsPerHost, CLIENTS);
        SimulatedFleet.Registered registered = fleet.register(fleet.hostFiles());
        System.out.printf(
                Locale.ROOT,
                "fleet: %d hosts registered in %.1f s, all %d VMs in the inventory after %.1f s%n",
                hosts,
                registered.registerSeconds(),
                hosts * vmsPerHost,
                registered.inventorySeconds());
        long jar = Files.size(consoleJar);
        row.put("jar_kb", Long.toString(jar / 1024));
        System.out.printf(Locale.ROOT, "console bundle %s: %d KiB%n", consoleJar.getFileName(), jar / 1024);

        ChromeDriver browser = browser();
        try {
            browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
            loads(browser);
            String shot = System.getProperty("console.screenshot");
            if (shot != null && !shot.isEmpty()) {
                Files.write(Path.of(shot), browser.getScreenshotAs(OutputType.BYTES));
                System.out.println("the inventory as loaded: " + shot);
            }
            eventToScreen(browser);
            if (profile) {
                profileLoad(browser);
            }
        } finally {
            browser.quit();
        }
    }

    /** Debian's Chromium through Debian's chromedriver, named explicitly so that Selenium downloads nothing. */
    private static ChromeDriver browser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // A laptop's window; precise memory info, or usedJSHeapSize is rounded to hide what other pages hold.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1366,900",
                "--enable-precise-memory-info");
        options.setAcceptInsecureCerts(true);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(LOAD_DEADLINE.plusSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(LOAD_DEADLINE);
        return driver;
    }

    /** The console's address with the credentials in it, as a person would open it from a script. */
    private String consoleUrl(String rest) {
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return base.getScheme() + "://" + credentials + "@" + base.getHost() + ":" + base.getPort() + rest;
    }

    // ---- 1. first render, memory, DOM, downloads

    private void loads(ChromeDriver browser) throws Exception {
        List<JsonNode> measured = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%nloading /console/#/inventory, 1 warm-up and %d runs, each with an empty browser cache (ms from"
                        + " navigation start):%n",
                runs);
        System.out.printf(
                Locale.ROOT,
                "  %-8s %9s %9s %9s %9s %9s %8s %8s %7s %9s %9s %10s%n",
                "run",
                "modules",
                "1st page",
                "1st row",
                "last page",
                "loaded",
                "heap MiB",
                "elements",
                "rows",
                "files KiB",
                "API KiB",
                "long tasks");
        for (int r = 0; r <= runs; r++) {
            JsonNode f = load(browser);
            System.out.printf(
                    Locale.ROOT,
                    "  %-8s %9.0f %9.0f %9.0f %9.0f %9.0f %8.1f %8d %7d %9.1f %9.1f %4d %5.0f ms%n",
                    r == 0 ? "warm-up" : Integer.toString(r),
                    f.path("moduleDone").asDouble(),
                    f.path("firstVmsPage").asDouble(),
                    f.path("firstRow").asDouble(),
                    f.path("lastVmsPage").asDouble(),
                    f.path("loaded").asDouble(),
                    f.path("heap").asDouble() / (1 << 20),
                    f.path("elements").asInt(),
                    f.path("rows").asInt(),
                    f.path("staticBytes").asDouble() / 1024,
                    f.path("apiBytes").asDouble() / 1024,
                    f.path("longTasks").asInt(),
                    f.path("longTaskMs").asDouble());
            if (r > 0) {
                measured.add(f);
            }
        }
        JsonNode last = measured.get(measured.size() - 1);
        putStats("first_row_ms", measured, "firstRow");
        putStats("loaded_ms", measured, "loaded");
        putStats("last_vms_page_ms", measured, "lastVmsPage");
        put("modules_ms", median(values(measured, "moduleDone")));
        put("first_vms_page_ms", median(values(measured, "firstVmsPage")));
        put("heap_mb", median(values(measured, "heap")) / (1 << 20));
        row.put("elements", Long.toString(Math.round(median(values(measured, "elements")))));
        row.put("rows", Integer.toString(last.path("rows").asInt()));
        put("files_kb", last.path("staticBytes").asDouble() / 1024);
        row.put("files", Integer.toString(last.path("staticFiles").asInt()));
        put("files_decoded_kb", last.path("staticDecoded").asDouble() / 1024);
        put("api_kb", last.path("apiBytes").asDouble() / 1024);
        put("api_decoded_kb", last.path("apiDecoded").asDouble() / 1024);
        row.put("api_requests", Integer.toString(last.path("apiRequests").asInt()));
        put("long_task_ms", median(values(measured, "longTaskMs")));
        System.out.printf(
                Locale.ROOT,
                "first VM row: median %s ms, worst %s ms; whole inventory loaded: median %s ms, worst %s ms%n",
                row.get("first_row_ms_median"),
                row.get("first_row_ms_worst"),
                row.get("loaded_ms_median"),
                row.get("loaded_ms_worst"));
        System.out.printf(
                Locale.ROOT,
                "after load (and a garbage collection): JS heap %s MiB, %s elements, %s VM rows drawn of %d;"
                        + " first load downloaded %s KiB of console files (%s files, %s KiB decoded) and %s KiB from"
                        + " the API (%s requests, %d pages of /vms, %s KiB decoded)%n",
                row.get("heap_mb"),
                row.get("elements"),
                row.get("rows"),
                hosts * vmsPerHost,
                row.get("files_kb"),
                row.get("files"),
                row.get("files_decoded_kb"),
                row.get("api_kb"),
                row.get("api_requests"),
                last.path("vmsPages").asInt(),
                row.get("api_decoded_kb"));
    }

    /** One first load with an empty cache; the figures the page recorded. */
    private JsonNode load(ChromeDriver browser) throws Exception {
        browser.get("about:blank");
        browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
        browser.get(consoleUrl("/console/#/inventory"));
        awaitLoaded(browser);
        collectGarbage(browser);
        return strata.json().readTree((String) browser.executeScript(FIGURES));
    }

    private static void awaitLoaded(ChromeDriver browser) {
        Object outcome = browser.executeAsyncScript(WAIT_LOADED, LOAD_DEADLINE.toMillis());
        if (!"ok".equals(outcome)) {
            throw new IllegalStateException("the inventory did not load: " + outcome);
        }
    }

    /** The heap that stays, not the garbage the load left: V8 collects when it likes. */
    private static void collectGarbage(ChromeDriver browser) {
        browser.executeCdpCommand("HeapProfiler.enable", Map.of());
        browser.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        browser.executeCdpCommand("HeapProfiler.disable", Map.of());
    }

    // ---- 2. event-to-screen latency

    @SuppressWarnings("unchecked")
    private void eventToScreen(ChromeDriver browser) throws Exception {
        List<List<String>> inSight = (List<List<String>>) browser.executeScript(ROWS_IN_SIGHT);
        if (inSight.isEmpty()) {
            throw new IllegalStateException("no VM row in sight");
        }
        Map<String, String> states = new HashMap<>();
        inSight.forEach(r -> states.put(r.get(0), r.get(1)));
        System.out.printf(
                Locale.ROOT,
                "%nevent-to-screen: %d state changes, one a second, of the %d VMs in sight%n",
                samples,
                inSight.size());
        List<Double> latencies = new ArrayList<>();
        List<Double> toRead = new ArrayList<>();
        List<Double> reads = new ArrayList<>();
        List<Double> toScreen = new ArrayList<>();
        long next = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += 1_000_000_000L;
            String vm = inSight.get(s % inSight.size()).get(0);
            boolean running = "RUNNING".equals(states.get(vm));
            String want = running ? "STOPPED" : "RUNNING";
            long after = lastEventId(vm);
            browser.executeScript(WATCH, vm, want);
            strata.task(
                    strata.post(API + "/vms/" + vm + "/actions/" + (running ? "poweroff" : "start") + "?wait=60", ""));
            Instant recorded = stateEvent(vm, after, want);
            Object outcome = browser.executeAsyncScript(WAIT_SEEN, EVENT_DEADLINE_MS);
            if (outcome == null) {
                throw new IllegalStateException(
                        "VM " + vm + " did not show " + want + " within " + EVENT_DEADLINE_MS + " ms");
            }
            JsonNode seen = strata.json().readTree((String) outcome);
            double shown = seen.path("seen").asDouble();
            latencies.add(shown - recorded.toEpochMilli());
            if (!seen.path("readStart").isNull()) {
                toRead.add(seen.path("readStart").asDouble() - recorded.toEpochMilli());
                reads.add(
                        seen.path("readEnd").asDouble() - seen.path("readStart").asDouble());
                toScreen.add(shown - seen.path("readEnd").asDouble());
            }
            states.put(vm, want);
        }
        latencies.sort(Comparator.naturalOrder());
        put("event_p50_ms", percentile(latencies, 50));
        put("event_p95_ms", percentile(latencies, 95));
        put("event_max_ms", latencies.get(latencies.size() - 1));
        row.put("samples", Integer.toString(samples));
        System.out.printf(
                Locale.ROOT,
                "event recorded -> state badge changed in the page: p50 %s ms, p95 %s ms, max %s ms (%d samples)%n",
                row.get("event_p50_ms"),
                row.get("event_p95_ms"),
                row.get("event_max_ms"),
                samples);
        if (!toRead.isEmpty()) {
            toRead.sort(Comparator.naturalOrder());
            reads.sort(Comparator.naturalOrder());
            toScreen.sort(Comparator.naturalOrder());
            put("event_to_read_ms", median(toRead));
            put("read_ms", median(reads));
            put("read_to_screen_ms", median(toScreen));
            System.out.printf(
                    Locale.ROOT,
                    "  medians: event recorded -> the console's GET /vms/{id} starts %s ms, the GET %s ms,"
                            + " its answer -> badge changed %s ms (%d samples with the GET in Resource Timing)%n",
                    row.get("event_to_read_ms"),
                    row.get("read_ms"),
                    row.get("read_to_screen_ms"),
                    toRead.size());
        }
        JsonNode sort = strata.json().readTree((String) browser.executeAsyncScript(SORT_COST, hosts, vmsPerHost));
        put("sort_byname_ms", sort.path("byName").asDouble());
        put("sort_collator_ms", sort.path("collator").asDouble());
        System.out.printf(
                Locale.ROOT,
                "sorting %d VMs by name in the page: the console's byName %s ms, one Intl.Collator %s ms%s%n",
                hosts * vmsPerHost,
                row.get("sort_byname_ms"),
                row.get("sort_collator_ms"),
                sort.has("error") ? " (" + sort.path("error").asText() + ")" : "");
    }

    private long lastEventId(String vm) throws Exception {
        long last = 0;
        for (JsonNode e :
                strata.getJson(API + "/events?subject=" + vm + "&limit=500").path("items")) {
            last = Math.max(last, e.path("id").asLong());
        }
        return last;
    }

    /** The time of the first VM_STATE_CHANGED event after {@code after} that says the VM is now {@code state}. */
    private Instant stateEvent(String vm, long after, String state) throws Exception {
        long deadline = System.nanoTime() + EVENT_DEADLINE_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            for (JsonNode e :
                    strata.getJson(API + "/events?subject=" + vm + "&limit=500").path("items")) {
                if (e.path("id").asLong() > after
                        && e.path("type").asText().equals("VM_STATE_CHANGED")
                        && e.path("message").asText().endsWith(" " + state)) {
                    return Instant.parse(e.path("time").asText());
                }
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new IllegalStateException("no VM_STATE_CHANGED event to " + state + " for VM " + vm);
    }

    // ---- 3. where the time of a load goes

    /**
     * One more load under V8's sampling profiler. It is started on a page of the same origin, so that the console
     * loads in the same renderer and the profile holds its whole start.
     */
    @SuppressWarnings("unchecked")
    private void profileLoad(ChromeDriver browser) {
        browser.get(consoleUrl("/console/favicon.svg"));
        browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
        browser.executeCdpCommand("Profiler.enable", Map.of());
        browser.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200));
        browser.executeCdpCommand("Profiler.start", Map.of());
        browser.get(consoleUrl("/console/#/inventory"));
        awaitLoaded(browser);
        Map<String, Object> stopped = browser.executeCdpCommand("Profiler.stop", Map.of());
        browser.executeCdpCommand("Profiler.disable", Map.of());
        Map<String, Object> profile = (Map<String, Object>) stopped.get("profile");
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) profile.get("nodes");
        List<Number> sampled = (List<Number>) profile.get("samples");
        List<Number> deltas = (List<Number>) profile.get("timeDeltas");
        Map<Long, String> names = new HashMap<>();
        for (Map<String, Object> node : nodes) {
            Map<String, Object> frame = (Map<String, Object>) node.get("callFrame");
            String function = String.valueOf(frame.get("functionName"));
            String url = String.valueOf(frame.get("url"));
            String file = url.isEmpty() ? "" : url.substring(url.lastIndexOf('/') + 1);
            names.put(
                    ((Number) node.get("id")).longValue(),
                    (function.isEmpty() ? "(anonymous)" : function)
                            + (file.isEmpty()
                                    ? ""
                                    : " " + file + ":" + (((Number) frame.get("lineNumber")).intValue() + 1)));
        }
        // A sample's time is the delta that follows it, to the next sample.
        Map<String, Double> self = new HashMap<>();
        double total = 0;
        for (int i = 0; i + 1 < sampled.size(); i++) {
            double ms = deltas.get(i + 1).doubleValue() / 1000;
            self.merge(names.get(sampled.get(i).longValue()), ms, Double::sum);
            total += ms;
        }
        double all = total;
        System.out.printf(Locale.ROOT, "%nprofile of one load (%.0f ms sampled); most time of their own:%n", all);
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(15)
                .forEach(e -> System.out.printf(
                        Locale.ROOT, "  %7.0f ms %5.1f %%  %s%n", e.getValue(), 100 * e.getValue() / all, e.getKey()));
    }

    // ---- figures

    private static List<Double> values(List<JsonNode> figures, String key) {
        List<Double> values = new ArrayList<>();
        figures.forEach(f -> values.add(f.path(key).asDouble()));
        values.sort(Comparator.naturalOrder());
        return values;
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private void putStats(String key, List<JsonNode> figures, String field) {
        List<Double> v = values(figures, field);
        put(key + "_median", median(v));
        put(key + "_worst", v.get(v.size() - 1));
    }

    private void put(String key, double value) {
        row.put(key, String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value));
    }

    /** Appends this run's row; writes the header first when the file is new. */
    private void append(Path csv) throws IOException {
        String header = String.join(",", row.keySet());
        boolean fresh = !Files.exists(csv) || Files.readAllLines(csv).isEmpty();
        if (!fresh && !Files.readAllLines(csv).get(0).equals(header)) {
            throw new IllegalStateException(csv + " has other columns than this run; use another results file");
        }
        Files.writeString(
                csv,
                (fresh ? header + "\n" : "") + String.join(",", row.values()) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("results appended to " + csv);
    }
}
