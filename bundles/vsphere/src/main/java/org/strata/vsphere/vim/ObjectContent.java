package org.strata.vsphere.vim;

import java.util.Map;

/**
 * One object the property collector returned, with the properties asked for that it has: a property the server
 * left out (unset on that object) is absent from the map.
 */
public record ObjectContent(MoRef obj, Map<String, XmlNode> props) {

    public ObjectContent {
        props = Map.copyOf(props);
    }

    public XmlNode get(String path) {
        return props.get(path);
    }

    /** The text of a property, or null when unset. */
    public String text(String path) {
        XmlNode node = props.get(path);
        return node == null ? null : node.text();
    }

    public long longValue(String path, long otherwise) {
        XmlNode node = props.get(path);
        return node == null ? otherwise : node.longValue(otherwise);
    }

    public MoRef ref(String path) {
        XmlNode node = props.get(path);
        return node == null ? null : node.moRef();
    }
}
