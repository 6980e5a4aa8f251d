package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.Attribute;
import org.eclipse.kura.configuration.metatype.TObject;

/** Mirrors Kura's {@code Tobject}: a JAXB-style designate object bean. */
public class Tobject implements TObject {

    protected List<Tattribute> attribute;
    protected List<Object> any;
    protected String ocdref;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    /** @return a live view of the attributes; only {@link Tattribute}s can be added */
    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<Attribute> getAttribute() {
        if (this.attribute == null) {
            this.attribute = new ArrayList<>();
        }
        return (List) Collections.checkedList(this.attribute, Tattribute.class);
    }

    /** @return the live list of extension elements */
    public List<Object> getAny() {
        if (this.any == null) {
            this.any = new ArrayList<>();
        }
        return this.any;
    }

    @Override
    public String getOcdref() {
        return this.ocdref;
    }

    public void setOcdref(String value) {
        this.ocdref = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
