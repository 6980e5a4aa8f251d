package org.eclipse.kura.core.configuration.metatype;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.Icon;

/** Mirrors Kura's {@code Ticon}: a JAXB-style icon bean. */
public class Ticon implements Icon {

    protected List<Object> any;
    protected String resource;
    protected BigInteger size;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    /** @return the live list of extension elements */
    public List<Object> getAny() {
        if (this.any == null) {
            this.any = new ArrayList<>();
        }
        return this.any;
    }

    /** @param object an extension element to add */
    public void setAny(Object object) {
        getAny().add(object);
    }

    @Override
    public String getResource() {
        return this.resource;
    }

    public void setResource(String value) {
        this.resource = value;
    }

    @Override
    public BigInteger getSize() {
        return this.size;
    }

    public void setSize(BigInteger value) {
        this.size = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
