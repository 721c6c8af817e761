/**
 * SOAP (JAX-WS) web services over the Strata API. JAXB cannot bind records, so the operations take
 * and return the small DTO classes here; every type lives in the service namespace.
 */
@XmlSchema(namespace = Soap.NAMESPACE, elementFormDefault = XmlNsForm.QUALIFIED)
@XmlAccessorType(XmlAccessType.FIELD)
package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlAccessType;
import javax.xml.bind.annotation.XmlAccessorType;
import javax.xml.bind.annotation.XmlNsForm;
import javax.xml.bind.annotation.XmlSchema;
