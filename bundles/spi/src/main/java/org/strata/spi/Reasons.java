package org.strata.spi;

import java.net.SocketTimeoutException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures in words, for the messages of {@link DriverException}. Operators read those messages in a host's
 * state, a task's error and the event log; a Java class name ({@code ClosedChannelException}), a JDK message that
 * embeds one ({@code java.net.ConnectException: Connection refused}) or a line of a stack trace tells them
 * nothing they can act on. {@link #of(Throwable)} says what happened instead: "connection refused", "the
 * connection was closed", "timed out after 10 s", "unknown host esx1.example", "TLS handshake failed: ...".
 *
 * <pre>{@code
 * try {
 *     channel.connect(address);
 * } catch (IOException e) {
 *     throw new DriverException(Fault.UNREACHABLE, "cannot reach " + address + ": " + Reasons.of(e, timeout), e);
 * }
 * }</pre>
 *
 * <p>Keep the exception as the cause: the log shows it whole. Stateless and safe from any thread.
 *
 * @since 1.2
 */
public final class Reasons {

    /** What is said when nothing in a failure says anything. */
    private static final String UNKNOWN = "an unknown error";

    /**
     * What a failure of the JDK's networking and I/O means, by class. Looked up by name along each class's
     * ancestry, so that subclasses are known too and the SPI needs no package imports beyond {@code java.*}.
     */
    private enum Kind {
        TLS_HANDSHAKE("TLS handshake failed"),
        TLS("TLS error"),
        CONNECT_TIMEOUT("connection timed out"),
        TIMEOUT("timed out"),
        INTERRUPTED("interrupted"),
        CONNECT("connection refused"),
        UNKNOWN_HOST("unknown host"),
        NO_ROUTE("no route to host"),
        PORT_UNREACHABLE("port unreachable"),
        BIND("cannot bind a local address"),
        CLOSED("the connection was closed"),
        NO_SUCH_FILE("no such file or directory"),
        ACCESS_DENIED("permission denied"),
        FILE_EXISTS("file already exists"),
        DIRECTORY_NOT_EMPTY("directory not empty"),
        NOT_A_DIRECTORY("not a directory"),
        FILE_SYSTEM("file system error"),
        /** A programming error: its message is for developers ("Cannot invoke ... because ... is null"). */
        INTERNAL("an internal error"),
        /** Generic kinds: said only when no message in the chain says more. */
        NETWORK("network error"),
        IO("input/output error");

        final String words;

        Kind(String words) {
            this.words = words;
        }

        boolean generic() {
            return this == NETWORK || this == IO;
        }
    }

    private static final Map<String, Kind> BY_CLASS = Map.ofEntries(
            Map.entry("javax.net.ssl.SSLHandshakeException", Kind.TLS_HANDSHAKE),
            Map.entry("javax.net.ssl.SSLException", Kind.TLS),
            Map.entry("java.net.http.HttpConnectTimeoutException", Kind.CONNECT_TIMEOUT),
            Map.entry("java.net.http.HttpTimeoutException", Kind.TIMEOUT),
            Map.entry("java.net.SocketTimeoutException", Kind.TIMEOUT),
            Map.entry("java.util.concurrent.TimeoutException", Kind.TIMEOUT),
            Map.entry("java.nio.channels.InterruptedByTimeoutException", Kind.TIMEOUT),
            Map.entry("java.io.InterruptedIOException", Kind.INTERRUPTED),
            Map.entry("java.nio.channels.ClosedByInterruptException", Kind.INTERRUPTED),
            Map.entry("java.lang.InterruptedException", Kind.INTERRUPTED),
            Map.entry("java.net.ConnectException", Kind.CONNECT),
            Map.entry("java.net.UnknownHostException", Kind.UNKNOWN_HOST),
            Map.entry("java.nio.channels.UnresolvedAddressException", Kind.UNKNOWN_HOST),
            Map.entry("java.net.NoRouteToHostException", Kind.NO_ROUTE),
            Map.entry("java.net.PortUnreachableException", Kind.PORT_UNREACHABLE),
            Map.entry("java.net.BindException", Kind.BIND),
            Map.entry("java.nio.channels.ClosedChannelException", Kind.CLOSED),
            // The JDK raises it when the other side closes a stream in the middle of a read: a connection, here.
            Map.entry("java.io.EOFException", Kind.CLOSED),
            Map.entry("java.nio.file.NoSuchFileException", Kind.NO_SUCH_FILE),
            Map.entry("java.nio.file.AccessDeniedException", Kind.ACCESS_DENIED),
            Map.entry("java.nio.file.FileAlreadyExistsException", Kind.FILE_EXISTS),
            Map.entry("java.nio.file.DirectoryNotEmptyException", Kind.DIRECTORY_NOT_EMPTY),
            Map.entry("java.nio.file.NotDirectoryException", Kind.NOT_A_DIRECTORY),
            Map.entry("java.nio.file.FileSystemException", Kind.FILE_SYSTEM),
            Map.entry("java.lang.NullPointerException", Kind.INTERNAL),
            Map.entry("java.lang.ClassCastException", Kind.INTERNAL),
            Map.entry("java.lang.IndexOutOfBoundsException", Kind.INTERNAL),
            Map.entry("java.lang.ArithmeticException", Kind.INTERNAL),
            Map.entry("java.lang.ArrayStoreException", Kind.INTERNAL),
            Map.entry("java.lang.NegativeArraySizeException", Kind.INTERNAL),
            Map.entry("java.lang.IllegalMonitorStateException", Kind.INTERNAL),
            Map.entry("java.lang.VirtualMachineError", Kind.INTERNAL),
            Map.entry("java.lang.LinkageError", Kind.INTERNAL),
            Map.entry("java.net.SocketException", Kind.NETWORK),
            Map.entry("java.io.IOException", Kind.IO));

    /** The same by simple name, for class names found in message text; each simple name above is unique. */
    private static final Map<String, Kind> BY_SIMPLE_NAME = bySimpleName();

    private static final String FRAME = "\\bat\\s+(?:[\\w$.@-]+/)*[\\w$]+(?:\\.[\\w$<>]+)+"
            + "\\((?:[\\w$]+\\.(?:java|kt|scala|groovy)(?::\\d+)?|Native Method|Unknown Source)\\)";
    /** Where a message turns into a stack trace: a frame ("at a.b.C.m(C.java:12)") or "Caused by:". */
    private static final Pattern TRACE = Pattern.compile("\\s*(?:" + FRAME + "|\\bCaused by:)");
    /** A qualified exception class name, optionally followed by the colon of {@code Throwable.toString()}. */
    private static final Pattern QUALIFIED_EXCEPTION =
            Pattern.compile("\\b((?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*Exception)\\b(:\\s*)?");
    /** A simple exception class name ("ClosedChannelException"); English has no CamelCase words so ending. */
    private static final Pattern SIMPLE_EXCEPTION = Pattern.compile("\\b([A-Z][\\w$]*Exception)\\b(:\\s*)?");
    /** Any class of the JDK's or Strata's packages ("sun.nio.ch.SocketChannelImpl", "java.lang.OutOfMemoryError"). */
    private static final Pattern INTERNAL_CLASS =
            Pattern.compile("\\b(?:java|javax|jdk|sun|com\\.sun|org\\.strata)(?:\\.[a-z_$][\\w$]*)+\\.[A-Z][\\w$]*"
                    + "(?:\\.[a-z_$][\\w$]*)*(?:\\(\\))?(:\\s*)?");

    private Reasons() {}

    /**
     * What went wrong, in words, never a class name. Known failures of the JDK's networking and I/O are named by
     * what happened wherever they are in the cause chain ("connection refused", "the connection was closed",
     * "unknown host esx1.example", "TLS handshake failed: ..."); otherwise the first message in the chain that has
     * words once class names are taken out; otherwise "an unknown error".
     */
    public static String of(Throwable failure) {
        return of(failure, null);
    }

    /**
     * Like {@link #of(Throwable)}, and a timeout is said with its length: "timed out after 10 s".
     *
     * @param timeout the limit the caller set for what failed, or null when there was none
     */
    public static String of(Throwable failure, Duration timeout) {
        if (failure == null) {
            return UNKNOWN;
        }
        List<Throwable> chain = chain(failure);
        // TLS first: what failed is the handshake, whatever happened beneath it.
        for (int i = 0; i < chain.size(); i++) {
            Kind kind = kind(chain.get(i));
            if (kind == Kind.TLS_HANDSHAKE || kind == Kind.TLS) {
                return tls(kind, chain.subList(i, chain.size()), timeout);
            }
        }
        String known = known(chain, timeout);
        if (known != null) {
            return known;
        }
        for (Throwable t : chain) {
            String message = message(t);
            if (message != null) {
                return message;
            }
        }
        for (Throwable t : chain) {
            Kind kind = kind(t);
            if (kind != null) {
                return kind.words;
            }
        }
        return UNKNOWN;
    }

    /**
     * The message with Java class names said in words or left out and any stack trace cut off, as
     * {@link #of(Throwable)} treats every message it uses: {@code "127.0.0.1:8989 did not answer:
     * ClosedChannelException"} becomes {@code "127.0.0.1:8989 did not answer: the connection was closed"},
     * {@code "java.net.ConnectException: Connection refused"} becomes {@code "Connection refused"}. A message
     * that shows no code is returned as it is.
     *
     * @return null when nothing but code was in it, or it was null or blank
     */
    public static String inWords(String message) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String m = message;
        Matcher trace = TRACE.matcher(m);
        if (trace.find()) {
            m = m.substring(0, trace.start());
        }
        m = replaceNames(m, QUALIFIED_EXCEPTION);
        m = replaceNames(m, SIMPLE_EXCEPTION);
        m = replaceNames(m, INTERNAL_CLASS);
        if (!m.equals(message)) {
            m = tidy(m);
        }
        return m.chars().anyMatch(Character::isLetter) ? m : null;
    }

    /**
     * Whether a message shows code to its reader: a Java class name of an exception, of the JDK's or Strata's own
     * packages, or a line of a stack trace. The platform says such a driver message in words before users see it,
     * and the driver test kit fails it.
     */
    public static boolean showsCode(String message) {
        return message != null
                && (TRACE.matcher(message).find()
                        || QUALIFIED_EXCEPTION.matcher(message).find()
                        || SIMPLE_EXCEPTION.matcher(message).find()
                        || INTERNAL_CLASS.matcher(message).find());
    }

    // ---- the chain

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && chain.size() < 32; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Kind kind(Throwable t) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            Kind kind = BY_CLASS.get(c.getName());
            if (kind != null) {
                return kind;
            }
        }
        return null;
    }

    /** The words of the outermost failure of a known, not generic, kind; null when there is none. */
    private static String known(List<Throwable> chain, Duration timeout) {
        for (int i = 0; i < chain.size(); i++) {
            Kind kind = kind(chain.get(i));
            if (kind != null && !kind.generic() && kind != Kind.TLS && kind != Kind.TLS_HANDSHAKE) {
                return words(kind, chain.get(i), chain.subList(i + 1, chain.size()), timeout);
            }
        }
        return null;
    }

    private static String words(Kind kind, Throwable t, List<Throwable> below, Duration timeout) {
        return switch (kind) {
            case TIMEOUT -> after(connecting(t) ? Kind.CONNECT_TIMEOUT.words : kind.words, timeout);
            case CONNECT_TIMEOUT -> after(kind.words, timeout);
            case CONNECT -> connect(t, below, timeout);
            case UNKNOWN_HOST -> unknownHost(t);
            case BIND -> Objects.requireNonNullElse(message(t), kind.words);
            case NO_SUCH_FILE, ACCESS_DENIED, FILE_EXISTS, DIRECTORY_NOT_EMPTY, NOT_A_DIRECTORY, FILE_SYSTEM ->
                t instanceof FileSystemException f
                                && f.getReason() != null
                                && !f.getReason().isBlank()
                        ? lowerFirst(f.getReason().strip())
                        : kind.words;
            default -> kind.words;
        };
    }

    /** Socket.connect's own timeout: "Connect timed out", where a read's says "Read timed out". */
    private static boolean connecting(Throwable t) {
        return t instanceof SocketTimeoutException
                && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).startsWith("connect");
    }

    /**
     * A connection that could not be made. The JDK's own message says why when there is one ("Connection refused",
     * "Connection timed out"). JDK 17's HttpClient gives none: it wraps the failure in ConnectExceptions without a
     * message, over an UnresolvedAddressException for an unknown host, or, for a refused connection, over the
     * ClosedChannelException of its retry on the channel the refusal closed; so that is a refusal, not a closed
     * connection.
     */
    private static String connect(Throwable t, List<Throwable> below, Duration timeout) {
        String message = message(t);
        if (message != null) {
            return message;
        }
        for (int i = 0; i < below.size(); i++) {
            Kind kind = kind(below.get(i));
            if (kind == Kind.UNKNOWN_HOST
                    || kind == Kind.NO_ROUTE
                    || kind == Kind.CONNECT_TIMEOUT
                    || kind == Kind.CONNECT && message(below.get(i)) != null) {
                return words(kind, below.get(i), below.subList(i + 1, below.size()), timeout);
            }
        }
        return Kind.CONNECT.words;
    }

    /** "esx1.example: Name or service not known" and "esx1.example" become "unknown host esx1.example". */
    private static String unknownHost(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        int colon = message.indexOf(": ");
        String host = colon < 0 ? message : message.substring(0, colon).strip();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            return Kind.UNKNOWN_HOST.words;
        }
        String why = colon < 0 ? "" : message.substring(colon + 2).strip();
        // "Temporary failure in name resolution" is worth saying: the name may be fine and DNS down.
        boolean sayWhy = !why.isEmpty() && !why.toLowerCase(Locale.ROOT).contains("not known");
        return Kind.UNKNOWN_HOST.words + " " + host + (sayWhy ? " (" + lowerFirst(why) + ")" : "");
    }

    /** "TLS handshake failed: " and what was beneath: a known failure, else the innermost message. */
    private static String tls(Kind kind, List<Throwable> chain, Duration timeout) {
        String detail = known(chain.subList(1, chain.size()), timeout);
        for (int i = chain.size() - 1; detail == null && i >= 0; i--) {
            detail = message(chain.get(i));
        }
        return detail == null ? kind.words : kind.words + ": " + detail;
    }

    // ---- messages

    /** A throwable's message in words; the JDK's own start with a capital that reads wrong after a colon. */
    private static String message(Throwable t) {
        String words = inWords(t.getMessage());
        return words == null || !jdk(t) ? words : lowerFirst(words);
    }

    private static boolean jdk(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    /** A class name followed by a colon is followed by what it means: dropped. Alone, it is said in words. */
    private static String replaceNames(String m, Pattern names) {
        Matcher match = names.matcher(m);
        if (!match.find()) {
            return m;
        }
        StringBuilder out = new StringBuilder(m.length());
        int last = 0;
        do {
            out.append(m, last, match.start());
            boolean explained = match.group(match.groupCount()) != null
                    && !m.substring(match.end()).isBlank();
            if (!explained) {
                Kind kind = names == INTERNAL_CLASS
                        ? null
                        : match.group(1).indexOf('.') >= 0
                                ? BY_CLASS.get(match.group(1))
                                : BY_SIMPLE_NAME.get(match.group(1));
                out.append(kind == null ? "" : kind.words);
            }
            last = match.end();
        } while (match.find());
        return out.append(m, last, m.length()).toString();
    }

    /** Tidies what taking names out left: empty brackets, doubled colons and spaces, dangling punctuation. */
    private static String tidy(String m) {
        return m.replaceAll("\\(\\s*\\)|\\[\\s*\\]", "")
                .replaceAll("(?:\\s*:){2,}", ":")
                .replaceAll("\\s{2,}", " ")
                .replaceAll("^[\\s:;,\\-]+|[\\s:;,\\-]+$", "");
    }

    private static String lowerFirst(String s) {
        if (s.length() >= 2 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    private static String after(String words, Duration timeout) {
        boolean none = timeout == null || timeout.isZero() || timeout.isNegative();
        return none ? words : words + " after " + length(timeout);
    }

    /** "500 ms", "10 s", "5 min", "2 h": how people write a timeout, not ISO 8601's "PT10S". */
    private static String length(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 || ms % 1000 != 0) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 120 || s % 60 != 0) {
            return s + " s";
        }
        long min = s / 60;
        return min < 120 || min % 60 != 0 ? min + " min" : min / 60 + " h";
    }

    private static Map<String, Kind> bySimpleName() {
        Map<String, Kind> out = new HashMap<>();
        BY_CLASS.forEach((name, kind) -> out.put(name.substring(name.lastIndexOf('.') + 1), kind));
        return Map.copyOf(out);
    }
}
