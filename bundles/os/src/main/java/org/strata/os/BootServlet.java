package org.strata.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.api.os.InstallTree;

/**
 * The boot service (docs/os.md, "The boot service"), at {@value #PATH}: what machines fetch while they are being
 * provisioned, without a login (PXE firmware and installers have none to give). A machine is known by its MAC
 * address for its iPXE script, and by its provisioning's token (24 random bytes, in the URLs its script and files
 * name) for everything else; install trees are served as they are. Answers are plain text: iPXE, d-i's wget and curl
 * read them.
 *
 * <ul>
 *   <li>{@code GET /boot/boot.ipxe}: the script a DHCP server names as boot file; it chains to the machine's own.
 *   <li>{@code GET /boot/ipxe/{mac}}: the machine's script: its installer, or {@code exit} (boot the disk). The
 *       same URL, fetched by anything but iPXE (its User-Agent) while a network install is open for the MAC, is the
 *       answer file: the installer that boots after iPXE gets the same DHCP answer, and Debian's takes its boot file
 *       URL as its preseed.
 *   <li>{@code GET /boot/trees/{id}/{path}}: a file of an install tree.
 *   <li>{@code GET /boot/images/{id}/kernel|initrd}: a golden image's kernel and initrd (the image methods).
 *   <li>{@code GET /boot/answer/{token}}: the answer file.
 *   <li>{@code GET /boot/nocloud/{token}/{user-data|meta-data|network-config|vendor-data}}: NoCloud data.
 *   <li>{@code GET|POST /boot/callback/{token}?step=installing|installed|booted|failed[&detail=...]}: progress.
 * </ul>
 */
public final class BootServlet extends HttpServlet {

    public static final String PATH = "/boot";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BootServlet.class);
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}([:-][0-9a-f]{2}){5}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

    private final transient OsManager os;

    public BootServlet(OsManager os) {
        this.os = os;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean post) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String[] parts = path.substring(1).split("/", 3);
        try {
            if (post && !parts[0].equals("callback")) {
                text(response, 405, "only callbacks are posted");
                return;
            }
            switch (parts[0]) {
                case "boot.ipxe" ->
                    text(
                            response,
                            200,
                            "#!ipxe\n# Strata's boot service: each machine's own script, by its MAC address\nchain "
                                    + request.getRequestURL().toString().replaceFirst("/boot\\.ipxe$", "")
                                    + "/ipxe/${net0/mac}\n");
                case "ipxe" -> {
                    String mac = part(parts, 1).toLowerCase(Locale.ROOT);
                    if (!MAC.matcher(mac).matches()) {
                        text(response, 400, "not a MAC address");
                        return;
                    }
                    String agent = request.getHeader("User-Agent");
                    if (agent != null && !agent.startsWith("iPXE")) {
                        // An installer following the same DHCP answer as the firmware: Debian's installer takes a
                        // boot file URL it gets from DHCP as its preseed, and fetches it instead of its url=.
                        var file = os.answerFileForMac(mac.replace('-', ':'));
                        if (file.isPresent()) {
                            response.setStatus(200);
                            response.setContentType(file.get().mediaType() + "; charset=UTF-8");
                            write(response, file.get().content());
                            return;
                        }
                    }
                    text(response, 200, os.ipxe(mac.replace('-', ':')));
                }
                case "trees" -> tree(part(parts, 1), part(parts, 2), response);
                case "images" -> image(part(parts, 1), part(parts, 2), response);
                case "answer" -> {
                    var file = os.answerFile(token(parts));
                    response.setStatus(200);
                    response.setContentType(file.mediaType() + "; charset=UTF-8");
                    write(response, file.content());
                }
                case "nocloud" -> {
                    String file = part(parts, 2);
                    if (file.equals("vendor-data")) {
                        text(response, 200, "");
                        return;
                    }
                    var content = os.nocloud(token(parts), file);
                    if (content.isEmpty()) {
                        text(response, 404, "no such NoCloud file");
                    } else {
                        text(response, 200, content.get());
                    }
                }
                case "callback" -> {
                    os.callback(token(parts), request.getParameter("step"), detail(request.getParameter("detail")));
                    text(response, 200, "ok\n");
                }
                default -> text(response, 404, "no such boot resource");
            }
        } catch (StrataException e) {
            text(response, e.code().httpStatus(), e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.error("The boot service failed on {}", path.replaceAll("/(answer|nocloud|callback)/[^/]+", "/$1/…"), e);
            text(response, 500, "the boot service failed\n");
        }
    }

    private static String part(String[] parts, int i) {
        if (parts.length <= i || parts[i].isEmpty()) {
            throw StrataException.notFound("boot resource", "");
        }
        return parts[i];
    }

    private static String token(String[] parts) {
        String token = part(parts, 1);
        if (!TOKEN.matcher(token).matches()) {
            throw StrataException.notFound("provisioning", "(token)");
        }
        return token;
    }

    private static String detail(String detail) {
        if (detail == null) {
            return null;
        }
        String oneLine = detail.replaceAll("[\\p{Cntrl}]", " ").strip();
        return oneLine.length() > 500 ? oneLine.substring(0, 500) : oneLine;
    }

    /** A file of an install tree: only below its root, only regular files. */
    private void tree(String id, String relative, HttpServletResponse response) throws IOException {
        if (!ID.matcher(id).matches()) {
            text(response, 404, "no such install tree");
            return;
        }
        InstallTree tree = os.tree(id);
        Path root = Path.of(tree.path()).normalize();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || relative.contains("\\") || !Files.isRegularFile(file)) {
            text(response, 404, "no such file in install tree " + tree.name());
            return;
        }
        send(file, response);
    }

    /** A golden image's kernel or initrd, as registered. */
    private void image(String id, String which, HttpServletResponse response) throws IOException {
        if (!ID.matcher(id).matches()) {
            text(response, 404, "no such image");
            return;
        }
        Path file = os.imageFile(id, which);
        if (!Files.isRegularFile(file)) {
            text(response, 404, "the image's " + which + " is not on this Strata node any more");
            return;
        }
        send(file, response);
    }

    private static void send(Path file, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(Files.size(file));
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        write(response, body);
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
