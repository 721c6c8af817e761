package org.strata.vsphere.vim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One element of a vim25 reply: its local name, its {@code xsi:type} (without prefix, null when absent), its
 * {@code type} attribute (set on managed object references), its text and its children. Lookups that find nothing
 * answer empty lists, empty optionals or null, never throw: a field a server leaves out is simply absent, and
 * fields a newer server adds are ignored.
 */
public final class XmlNode {

    private final String name;
    private final String xsiType;
    private final String refType;
    private final String text;
    private final List<XmlNode> children;

    XmlNode(String name, String xsiType, String refType, String text, List<XmlNode> children) {
        this.name = name;
        this.xsiType = xsiType;
        this.refType = refType;
        this.text = text;
        this.children = List.copyOf(children);
    }

    public String name() {
        return name;
    }

    /** The {@code xsi:type} without namespace prefix ("VirtualDisk"), or null. */
    public String xsiType() {
        return xsiType;
    }

    /** The {@code type} attribute of a managed object reference, or null. */
    public String refType() {
        return refType;
    }

    /** The element's own text, trimmed; empty for an element with children only. */
    public String text() {
        return text;
    }

    public List<XmlNode> children() {
        return children;
    }

    /** The first child named so, or null. */
    public XmlNode child(String childName) {
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** Every child named so, in order. */
    public List<XmlNode> all(String childName) {
        List<XmlNode> out = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The node at a path of child names ("summary/config/product"), or null. */
    public XmlNode at(String path) {
        XmlNode node = this;
        for (String part : path.split("/")) {
            node = node.child(part);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The text at a path, or null when the path leads nowhere. */
    public String text(String path) {
        XmlNode node = at(path);
        return node == null ? null : node.text;
    }

    public Optional<String> optText(String path) {
        return Optional.ofNullable(text(path));
    }

    /** The long at a path, or {@code otherwise}. */
    public long longAt(String path, long otherwise) {
        XmlNode node = at(path);
        return node == null ? otherwise : node.longValue(otherwise);
    }

    /** This element's text as a long, or {@code otherwise} when it is none. */
    public long longValue(long otherwise) {
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    public int intAt(String path, int otherwise) {
        return (int) longAt(path, otherwise);
    }

    public boolean boolAt(String path) {
        return "true".equals(text(path));
    }

    /** This element read as a managed object reference. */
    public MoRef moRef() {
        String type = refType != null ? refType : xsiType;
        return type == null ? null : new MoRef(type, text);
    }

    /** The reference at a path, or null. */
    public MoRef moRef(String path) {
        XmlNode node = at(path);
        return node == null ? null : node.moRef();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        out.append('<').append(name);
        if (xsiType != null) {
            out.append(" xsi:type=\"").append(xsiType).append('"');
        }
        if (refType != null) {
            out.append(" type=\"").append(refType).append('"');
        }
        out.append('>').append(VimElement.escape(text));
        for (XmlNode c : children) {
            c.write(out);
        }
        out.append("</").append(name).append('>');
    }
}
