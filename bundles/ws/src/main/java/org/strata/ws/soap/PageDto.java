package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlTransient;

/** Where a page starts, its size limit and the total count; subclasses add the typed items (JAXB has no generics). */
@XmlTransient
public abstract class PageDto {
    public int offset;
    public int limit;
    public long total;

    void position(org.strata.api.Page<?> page) {
        offset = page.offset();
        limit = page.limit();
        total = page.total();
    }
}
