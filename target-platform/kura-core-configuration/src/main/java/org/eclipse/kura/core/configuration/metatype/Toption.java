package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.Option;

/** Mirrors Kura's {@code Toption}: a JAXB-style option bean. */
public class Toption implements Option {

    protected List<Object> any;
    protected String label;
    protected String value;
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
    public String getLabel() {
        return this.label;
    }

    public void setLabel(String value) {
        this.label = value;
    }

    @Override
    public String getValue() {
        return this.value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
