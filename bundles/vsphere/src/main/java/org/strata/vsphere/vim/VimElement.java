package org.strata.vsphere.vim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A vim25 request element: a name, an optional {@code xsi:type}, and content (child elements, text, or a
 * {@link MoRef}). vim25 types are XML Schema sequences, so children are written in the order given; the caller
 * follows the schema's order. Null content is skipped, so optional fields can be passed as they are.
 */
public final class VimElement {

    private final String name;
    private final String xsiType;
    private final List<Object> content;

    private VimElement(String name, String xsiType, List<Object> content) {
        this.name = name;
        this.xsiType = xsiType;
        this.content = content;
    }

    /**
     * An element. Content may be {@link VimElement} children, {@link MoRef} (written as the {@code type} attribute and the
     * id as text), strings, numbers, booleans, collections of these, or null (left out).
     */
    public static VimElement el(String name, Object... content) {
        List<Object> flat = new ArrayList<>();
        flatten(content, flat);
        return new VimElement(name, null, List.copyOf(flat));
    }

    /** The same element with an {@code xsi:type}, for fields whose schema type is a base type. */
    public VimElement typed(String type) {
        return new VimElement(name, type, content);
    }

    /**
     * A reply's element sent back as a request element under a new name, with its {@code xsi:type}, references and
     * children (vSphere wants a whole device back to remove or edit it).
     */
    public static VimElement copy(String name, XmlNode node) {
        List<Object> content = new ArrayList<>();
        if (node.refType() != null) {
            content.add(new MoRef(node.refType(), node.text()));
        } else if (node.children().isEmpty()) {
            content.add(node.text());
        }
        for (XmlNode child : node.children()) {
            content.add(copy(child.name(), child));
        }
        return new VimElement(name, node.xsiType(), List.copyOf(content));
    }

    /** An element whose content is a managed object reference. */
    public static VimElement ref(String name, MoRef ref) {
        return ref == null ? null : el(name, ref);
    }

    /** One element per value, all named alike (a vim25 array). */
    public static List<VimElement> each(String name, Collection<?> values) {
        List<VimElement> out = new ArrayList<>(values.size());
        for (Object value : values) {
            out.add(el(name, value));
        }
        return out;
    }

    private static void flatten(Object[] content, List<Object> out) {
        for (Object c : content) {
            if (c == null) {
                continue;
            }
            if (c instanceof Collection<?> many) {
                flatten(many.toArray(), out);
            } else if (c instanceof Object[] array) {
                flatten(array, out);
            } else {
                out.add(c);
            }
        }
    }

    void write(StringBuilder out) {
        out.append('<').append(name);
        MoRef ref = null;
        for (Object c : content) {
            if (c instanceof MoRef r) {
                ref = r;
            }
        }
        if (xsiType != null) {
            out.append(" xsi:type=\"").append(escape(xsiType)).append('"');
        }
        if (ref != null) {
            out.append(" type=\"").append(escape(ref.type())).append('"');
        }
        out.append('>');
        for (Object c : content) {
            if (c instanceof VimElement child) {
                child.write(out);
            } else if (c instanceof MoRef r) {
                out.append(escape(r.value()));
            } else {
                out.append(escape(String.valueOf(c)));
            }
        }
        out.append("</").append(name).append('>');
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
