package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.Attribute;

/** Mirrors Kura's {@code Tattribute}: a JAXB-style attribute value bean. */
public class Tattribute implements Attribute {

    protected List<String> value;
    protected List<Object> any;
    protected String adref;
    protected String content;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    /** @return the live list of values */
    @Override
    public List<String> getValue() {
        if (this.value == null) {
            this.value = new ArrayList<>();
        }
        return this.value;
    }

    /** @return the live list of extension elements */
    public List<Object> getAny() {
        if (this.any == null) {
            this.any = new ArrayList<>();
        }
        return this.any;
    }

    @Override
    public String getAdref() {
        return this.adref;
    }

    public void setAdref(String value) {
        this.adref = value;
    }

    @Override
    public String getContent() {
        return this.content;
    }

    public void setContent(String value) {
        this.content = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
