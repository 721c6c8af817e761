package org.strata.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Turns the fleet benchmark's results CSV into an SVG chart of three panels against fleet size: REST latency, Strata's
 * JVM memory and the sweep speed-up over the shell loop. JDK only, so the chart can be drawn wherever the CSV lands.
 * Arguments: RESULTS.csv OUT.svg.
 */
public final class FleetPlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 1100;
    private static final int HEADER = 50;
    private static final int PANEL_HEIGHT = 350;
    private static final double PLOT_LEFT = 80;
    private static final double PLOT_RIGHT = 680;
    private static final double LEGEND_X = 765;
    /** Red is left out: it is kept for the target lines so they never pass for a series. */
    private static final List<String> PALETTE =
            List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f");

    private static final String TARGET_COLOUR = "#d62728";
    private static final String FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private static final List<PanelSpec> PANELS = List.of(
            new PanelSpec(
                    "REST latency against fleet size",
                    "milliseconds",
                    "",
                    List.of(
                            new Metric("list_p50_ms", "list p50", false),
                            new Metric("list_p99_ms", "list p99", false),
                            new Metric("deep_p99_ms", "deep p99", false),
                            new Metric("filter_p99_ms", "filter p99", false),
                            new Metric("get_p99_ms", "get p99", false)),
                    Optional.of(new Target(50, "target p99 50 ms"))),
            new PanelSpec(
                    "Strata JVM memory against fleet size",
                    "MiB",
                    "threads",
                    List.of(
                            new Metric("heap_mb", "heap", false),
                            new Metric("rss_mb", "RSS", false),
                            new Metric("threads", "threads, right axis", true)),
                    Optional.empty()),
            new PanelSpec(
                    "Fleet sweep: Strata against the shell loop",
                    "ratio (shell time / Strata time)",
                    "",
                    List.of(
                            new Metric("sweep_vm_ratio", "VM sweep", false),
                            new Metric("sweep_power_ratio", "power sweep", false),
                            new Metric("sweep_power_bulk_ratio", "power sweep, one request", false)),
                    Optional.of(new Target(10, "target 10x"))));

    /** One data row; hosts is empty where the cell was missing, and such a row is counted but cannot be placed. */
    record Row(String label, OptionalDouble hosts, Map<String, Double> values) {
        OptionalDouble value(String column) {
            Double v = values.get(column);
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        }
    }

    /** A CSV column to draw; secondary ones are scaled against the right-hand axis. */
    record Metric(String column, String name, boolean secondary) {}

    record Target(double value, String text) {}

    record PanelSpec(
            String title, String yTitle, String secondaryTitle, List<Metric> metrics, Optional<Target> target) {}

    record Point(double x, double y) {}

    /** One run label's values of one metric, in hosts order. */
    record Series(String legend, String colour, boolean dashed, boolean secondary, List<Point> points) {}

    /** A linear value axis from lo to hi with ticks every step. */
    record Axis(double lo, double hi, double step) {
        /** Headroom of 5% keeps the highest point and a target line at the top off the frame. */
        static Axis covering(double min, double max) {
            double lo = Math.min(0, min);
            double hi = Math.max(lo, max) * 1.05;
            if (hi <= lo) {
                hi = lo + 1;
            }
            double step = niceStep(hi - lo);
            return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step - 1e-9) * step, step);
        }

        List<Double> ticks() {
            long n = Math.round((hi - lo) / step);
            List<Double> ticks = new ArrayList<>();
            for (long i = 0; i <= n; i++) {
                ticks.add(lo + i * step); // multiplied, not summed, so rounding errors do not pile up
            }
            return ticks;
        }
    }

    /** The pixel box of one plot and its log10 hosts range. */
    record Frame(double left, double right, double top, double bottom, double logLo, double logHi) {
        double x(double hosts) {
            return left + (Math.log10(hosts) - logLo) / (logHi - logLo) * (right - left);
        }

        double y(double value, Axis axis) {
            return bottom - (value - axis.lo()) / (axis.hi() - axis.lo()) * (bottom - top);
        }
    }

    /** Bad input or an unreadable or unwritable file: reported as one line, without a stack trace. */
    static final class PlotException extends Exception {
        private static final long serialVersionUID = 1L;

        PlotException(String message) {
            super(message);
        }
    }

    private final List<Row> rows;
    private final List<Row> placed;
    private final List<String> labels;
    private final double logLo;
    private final double logHi;
    private final StringBuilder svg = new StringBuilder();

    private FleetPlot(List<Row> rows) throws PlotException {
        this.rows = rows;
        this.placed = rows.stream()
                .filter(r -> r.hosts().isPresent() && r.hosts().getAsDouble() > 0)
                .sorted(Comparator.comparingDouble(r -> r.hosts().getAsDouble()))
                .toList();
        if (placed.isEmpty()) {
            throw new PlotException("no row has a positive hosts value");
        }
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        rows.forEach(r -> seen.add(r.label()));
        this.labels = List.copyOf(seen);
        double min = Math.log10(placed.get(0).hosts().getAsDouble());
        double max = Math.log10(placed.get(placed.size() - 1).hosts().getAsDouble());
        // One fleet size alone would give an empty range, so it gets a decade each side; otherwise a little margin
        // keeps the end points off the frame.
        double pad = max - min < 1e-9 ? 1 : (max - min) * 0.08;
        this.logLo = min - pad;
        this.logHi = max + pad;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: FleetPlot RESULTS.csv OUT.svg");
            System.exit(1);
        }
        try {
            List<Row> rows = read(path(args[0]));
            write(
                    path(args[1]),
                    new FleetPlot(rows).render(path(args[0]).getFileName().toString()));
            System.out.println("wrote " + args[1] + " (" + rows.size() + " rows)");
        } catch (PlotException e) {
            System.err.println("FleetPlot: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("FleetPlot: unexpected error: " + e);
            System.exit(1);
        }
    }

    private static Path path(String name) throws PlotException {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new PlotException("bad path " + name + ": " + e.getReason());
        }
    }

    // ---- reading

    static List<Row> read(Path file) throws PlotException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlotException("cannot read " + file + ": " + reason(e));
        }
        List<String> content = lines.stream().filter(l -> !l.isBlank()).toList();
        if (content.isEmpty()) {
            throw new PlotException(file + " is empty");
        }
        Map<String, Integer> header = header(content.get(0));
        if (!header.containsKey("hosts")) {
            throw new PlotException(file + " has no hosts column");
        }
        List<Row> rows = content.subList(1, content.size()).stream()
                .map(l -> row(header, fields(l)))
                .toList();
        if (rows.isEmpty()) {
            throw new PlotException(file + " has no data rows");
        }
        return rows;
    }

    private static Map<String, Integer> header(String line) {
        List<String> names = fields(line.replace("\uFEFF", "")); // a spreadsheet's export may start with a BOM
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
        }
        return index;
    }

    private static Row row(Map<String, Integer> header, List<String> cells) {
        Map<String, Double> values = new HashMap<>();
        header.forEach((name, i) -> number(i < cells.size() ? cells.get(i) : "").ifPresent(v -> values.put(name, v)));
        Integer labelAt = header.get("label");
        String label = labelAt == null || labelAt >= cells.size() ? "" : cells.get(labelAt);
        Double hosts = values.get("hosts");
        return new Row(label, hosts == null ? OptionalDouble.empty() : OptionalDouble.of(hosts), values);
    }

    private static OptionalDouble number(String cell) {
        try {
            double v = Double.parseDouble(cell);
            return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty(); // empty or "n/a": the brief says such values are left out of the plot
        }
    }

    /** Splits one CSV line, honouring double quotes, since a label could hold a comma. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString().trim());
        return out;
    }

    private static void write(Path file, String text) throws PlotException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PlotException("cannot write " + file + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ---- drawing

    private String render(String source) {
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" font-family=\"")
                .append(FONT)
                .append("\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(
                WIDTH / 2.0,
                24,
                "Strata fleet benchmark: " + source,
                "text-anchor=\"middle\" font-size=\"18\" font-weight=\"bold\"");
        text(WIDTH / 2.0, 42, runsLine(), "text-anchor=\"middle\" fill=\"#555\"");
        for (int i = 0; i < PANELS.size(); i++) {
            panel(PANELS.get(i), HEADER + i * PANEL_HEIGHT);
        }
        return svg.append("</svg>\n").toString();
    }

    private String runsLine() {
        String rowsText = rows.size() + (rows.size() == 1 ? " row" : " rows");
        if (labels.size() == 1) {
            return labels.get(0).isEmpty() ? rowsText : "run " + labels.get(0) + ", " + rowsText;
        }
        List<String> older = labels.subList(0, labels.size() - 1);
        return "solid: " + labels.get(labels.size() - 1) + "; dashed: " + String.join(", ", older) + "; " + rowsText;
    }

    private void panel(PanelSpec spec, double top) {
        Frame frame = new Frame(PLOT_LEFT, PLOT_RIGHT, top + 45, top + 290, logLo, logHi);
        List<Series> series = series(spec);
        Axis left = valueAxis(series, false, spec.target());
        text(PLOT_LEFT, top + 25, spec.title(), "font-size=\"16\" font-weight=\"bold\"");
        rect(
                frame.left(),
                frame.top(),
                frame.right() - frame.left(),
                frame.bottom() - frame.top(),
                "fill=\"#fafafa\" stroke=\"none\"");
        leftAxis(frame, left, spec.yTitle());
        hostsAxis(frame);
        // A right-hand axis with nothing on it would only show a meaningless 0 to 1 scale.
        Optional<Axis> right = series.stream().anyMatch(Series::secondary)
                ? Optional.of(valueAxis(series, true, Optional.empty()))
                : Optional.empty();
        right.ifPresent(axis -> rightAxis(frame, axis, spec.secondaryTitle()));
        spec.target().ifPresent(t -> target(frame, left, t));
        series.forEach(s -> draw(frame, s.secondary() ? right.orElse(left) : left, s));
        rect(
                frame.left(),
                frame.top(),
                frame.right() - frame.left(),
                frame.bottom() - frame.top(),
                "fill=\"none\" stroke=\"#333\"");
        legend(frame, series);
        if (series.isEmpty()) {
            text(
                    (frame.left() + frame.right()) / 2,
                    (frame.top() + frame.bottom()) / 2,
                    "no data",
                    "text-anchor=\"middle\" font-size=\"14\" fill=\"#888\"");
        }
    }

    private List<Series> series(PanelSpec spec) {
        List<Series> out = new ArrayList<>();
        for (int m = 0; m < spec.metrics().size(); m++) {
            Metric metric = spec.metrics().get(m);
            for (String label : labels) {
                List<Point> points = points(metric.column(), label);
                if (!points.isEmpty()) {
                    String legend = label.isEmpty() ? metric.name() : metric.name() + " (" + label + ")";
                    boolean dashed = !label.equals(labels.get(labels.size() - 1));
                    out.add(new Series(legend, PALETTE.get(m % PALETTE.size()), dashed, metric.secondary(), points));
                }
            }
        }
        return out;
    }

    private List<Point> points(String column, String label) {
        List<Point> points = new ArrayList<>();
        for (Row row : placed) {
            OptionalDouble v = row.value(column);
            if (row.label().equals(label) && v.isPresent()) {
                points.add(new Point(row.hosts().getAsDouble(), v.getAsDouble()));
            }
        }
        return points;
    }

    /** The target counts towards the range so that its line is always on the chart. */
    private static Axis valueAxis(List<Series> series, boolean secondary, Optional<Target> target) {
        double min = 0;
        double max = target.map(Target::value).orElse(0.0);
        for (Series s : series) {
            for (Point p : s.secondary() == secondary ? s.points() : List.<Point>of()) {
                min = Math.min(min, p.y());
                max = Math.max(max, p.y());
            }
        }
        return Axis.covering(min, max);
    }

    private void leftAxis(Frame frame, Axis axis, String title) {
        for (double tick : axis.ticks()) {
            double y = frame.y(tick, axis);
            line(frame.left(), y, frame.right(), y, "stroke=\"#ddd\"");
            line(frame.left() - 5, y, frame.left(), y, "stroke=\"#333\"");
            text(frame.left() - 8, y + 4, number(tick), "text-anchor=\"end\"");
        }
        double mid = (frame.top() + frame.bottom()) / 2;
        text(frame.left() - 55, mid, title, rotated(frame.left() - 55, mid, -90));
    }

    private void rightAxis(Frame frame, Axis axis, String title) {
        for (double tick : axis.ticks()) {
            double y = frame.y(tick, axis);
            line(frame.right(), y, frame.right() + 5, y, "stroke=\"#333\"");
            text(frame.right() + 8, y + 4, number(tick), "text-anchor=\"start\"");
        }
        double mid = (frame.top() + frame.bottom()) / 2;
        text(frame.right() + 58, mid, title, rotated(frame.right() + 58, mid, 90));
    }

    /** Powers of ten get solid grid lines and first claim on label room; the measured sizes get dotted ones. */
    private void hostsAxis(Frame frame) {
        List<Double> labelled = new ArrayList<>();
        for (long p = (long) Math.ceil(logLo - 1e-9); p <= Math.floor(logHi + 1e-9); p++) {
            hostsTick(frame, Math.pow(10, (double) p), "stroke=\"#ddd\"", labelled);
        }
        TreeSet<Double> sizes = new TreeSet<>();
        placed.forEach(r -> sizes.add(r.hosts().getAsDouble()));
        sizes.stream()
                .filter(h -> Math.abs(Math.log10(h) - Math.rint(Math.log10(h))) > 1e-9) // powers of ten are drawn
                .forEach(h -> hostsTick(frame, h, "stroke=\"#ccc\" stroke-dasharray=\"2 3\"", labelled));
        text((frame.left() + frame.right()) / 2, frame.bottom() + 38, "hosts (log scale)", "text-anchor=\"middle\"");
    }

    private void hostsTick(Frame frame, double hosts, String gridStyle, List<Double> labelled) {
        double x = frame.x(hosts);
        line(x, frame.top(), x, frame.bottom(), gridStyle);
        line(x, frame.bottom(), x, frame.bottom() + 5, "stroke=\"#333\"");
        if (labelled.stream().allMatch(done -> Math.abs(done - x) > 42)) {
            text(x, frame.bottom() + 18, number(hosts), "text-anchor=\"middle\"");
            labelled.add(x);
        }
    }

    private void target(Frame frame, Axis axis, Target target) {
        double y = frame.y(target.value(), axis);
        line(
                frame.left(),
                y,
                frame.right(),
                y,
                "stroke=\"" + TARGET_COLOUR + "\" stroke-width=\"1.5\" stroke-dasharray=\"8 5\"");
        // A white halo keeps the label legible where a series line crosses it.
        text(
                frame.left() + 6,
                y - 5,
                target.text(),
                "fill=\"" + TARGET_COLOUR
                        + "\" font-size=\"11\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"");
    }

    private void draw(Frame frame, Axis axis, Series series) {
        String dash = series.dashed() ? " stroke-dasharray=\"7 4\"" : "";
        StringBuilder coords = new StringBuilder();
        for (Point p : series.points()) {
            coords.append(coordinate(frame.x(p.x())))
                    .append(',')
                    .append(coordinate(frame.y(p.y(), axis)))
                    .append(' ');
        }
        svg.append("<polyline fill=\"none\" stroke=\"")
                .append(series.colour())
                .append("\" stroke-width=\"2\"")
                .append(dash)
                .append(" points=\"")
                .append(coords.toString().trim())
                .append("\"/>\n");
        series.points().forEach(p -> marker(frame.x(p.x()), frame.y(p.y(), axis), series));
    }

    /** Older runs get hollow markers as well as dashes, so they stay apart where lines overlap. */
    private void marker(double x, double y, Series series) {
        String fill = series.dashed() ? "white" : series.colour();
        svg.append("<circle cx=\"")
                .append(coordinate(x))
                .append("\" cy=\"")
                .append(coordinate(y))
                .append("\" r=\"3.5\" fill=\"")
                .append(fill)
                .append("\" stroke=\"")
                .append(series.colour())
                .append("\" stroke-width=\"1.5\"/>\n");
    }

    private void legend(Frame frame, List<Series> series) {
        // Squeezed rather than overflowing when many runs share a file.
        double spacing = series.isEmpty() ? 18 : Math.min(18, (frame.bottom() - frame.top()) / series.size());
        double y = frame.top() + 8;
        for (Series s : series) {
            String dash = s.dashed() ? " stroke-dasharray=\"7 4\"" : "";
            line(LEGEND_X, y, LEGEND_X + 24, y, "stroke=\"" + s.colour() + "\" stroke-width=\"2\"" + dash);
            marker(LEGEND_X + 12, y, s);
            text(LEGEND_X + 30, y + 4, s.legend(), "font-size=\"" + coordinate(legendFont(s.legend(), spacing)) + "\"");
            y += spacing;
        }
    }

    /** Long run labels shrink rather than run off the page; 0.6 em is a sans-serif's typical character width. */
    private static double legendFont(String legend, double spacing) {
        double room = WIDTH - LEGEND_X - 30 - 8;
        return Math.min(Math.min(12, spacing - 2), room / (0.6 * Math.max(1, legend.length())));
    }

    // ---- SVG primitives

    private void line(double x1, double y1, double x2, double y2, String style) {
        svg.append("<line x1=\"")
                .append(coordinate(x1))
                .append("\" y1=\"")
                .append(coordinate(y1))
                .append("\" x2=\"")
                .append(coordinate(x2))
                .append("\" y2=\"")
                .append(coordinate(y2))
                .append("\" ")
                .append(style)
                .append("/>\n");
    }

    private void rect(double x, double y, double w, double h, String style) {
        svg.append("<rect x=\"")
                .append(coordinate(x))
                .append("\" y=\"")
                .append(coordinate(y))
                .append("\" width=\"")
                .append(coordinate(w))
                .append("\" height=\"")
                .append(coordinate(h))
                .append("\" ")
                .append(style)
                .append("/>\n");
    }

    private void text(double x, double y, String content, String style) {
        svg.append("<text x=\"")
                .append(coordinate(x))
                .append("\" y=\"")
                .append(coordinate(y))
                .append("\" ")
                .append(style)
                .append('>')
                .append(escape(content))
                .append("</text>\n");
    }

    private static String rotated(double x, double y, int degrees) {
        return "text-anchor=\"middle\" transform=\"rotate(" + degrees + " " + coordinate(x) + " " + coordinate(y)
                + ")\"";
    }

    /** Locale.ROOT, since a decimal comma would break the SVG. */
    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Tick values without trailing zeros or binary noise: 0.30000000000000004 prints as 0.3, 50.0 as 50. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static double niceStep(double span) {
        double raw = span / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * magnitude >= raw * (1 - 1e-9)) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c); // control characters are not allowed in XML
            }
        }
        return out.toString();
    }
}
