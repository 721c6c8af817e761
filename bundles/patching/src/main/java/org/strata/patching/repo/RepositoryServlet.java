package org.strata.patching.repo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Strata's package repositories, read-only, at {@value #PATH}: {@code GET /repos/{id}/{file}} for a package file or
 * an index file of a local repository, without a login (guests' apt has none to give, and reaches Strata over plain
 * HTTP as installers do: it cannot check Strata's certificate). Anything else is 404, whatever it names: no listing,
 * no other files, no paths.
 */
public final class RepositoryServlet extends HttpServlet {

    public static final String PATH = "/repos";

    private static final long serialVersionUID = 1L;

    private final transient LocalRepositories repositories;

    public RepositoryServlet(LocalRepositories repositories) {
        this.repositories = repositories;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Path> file = file(request);
        if (file.isEmpty()) {
            response.setStatus(404);
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("not found\n");
            return;
        }
        Path path = file.get();
        String name = path.getFileName().toString();
        response.setStatus(200);
        response.setContentType(
                name.endsWith(".deb")
                        ? "application/vnd.debian.binary-package"
                        : name.endsWith(".gz") ? "application/gzip" : "text/plain;charset=utf-8");
        try {
            response.setContentLengthLong(Files.size(path));
            try (OutputStream out = response.getOutputStream()) {
                Files.copy(path, out);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // Removed between the look-up and the copy: as if it had never been there.
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(404);
            }
        }
    }

    // No Last-Modified: file times have a second's precision, and an index rewritten within the second apt fetched
    // it in would be answered 304 (apt kept a removed package so in a test). apt compares the indexes' hashes with
    // Release's, so it downloads Packages only when it changed anyway.

    private Optional<Path> file(HttpServletRequest request) {
        String path = request.getPathInfo();
        if (path == null || !path.startsWith("/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        return repositories.servable(parts[0], parts[1]);
    }
}
