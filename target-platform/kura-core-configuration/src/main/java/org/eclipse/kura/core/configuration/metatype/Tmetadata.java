package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.Designate;
import org.eclipse.kura.configuration.metatype.MetaData;
import org.eclipse.kura.configuration.metatype.OCD;

/** Mirrors Kura's {@code Tmetadata}: a JAXB-style metatype document bean. */
public class Tmetadata implements MetaData {

    protected List<Tocd> ocd;
    protected List<Tdesignate> designate;
    protected List<Object> any;
    protected String localization;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    /** @return a live view of the object class definitions; only {@link Tocd}s can be added */
    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<OCD> getOCD() {
        if (this.ocd == null) {
            this.ocd = new ArrayList<>();
        }
        return (List) Collections.checkedList(this.ocd, Tocd.class);
    }

    /** @param ocd an object class definition to add */
    public void setOCD(Tocd ocd) {
        if (this.ocd == null) {
            this.ocd = new ArrayList<>();
        }
        this.ocd.add(ocd);
    }

    /** @return a live view of the designates; only {@link Tdesignate}s can be added */
    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<Designate> getDesignate() {
        if (this.designate == null) {
            this.designate = new ArrayList<>();
        }
        return (List) Collections.checkedList(this.designate, Tdesignate.class);
    }

    /** @param designate a designate to add */
    public void setDesignate(Tdesignate designate) {
        if (this.designate == null) {
            this.designate = new ArrayList<>();
        }
        this.designate.add(designate);
    }

    /** @return the live list of extension elements */
    public List<Object> getAny() {
        if (this.any == null) {
            this.any = new ArrayList<>();
        }
        return this.any;
    }

    /** Adds an extension element (Kura names this adder {@code getAny}). @param object the element */
    public void getAny(Object object) {
        getAny().add(object);
    }

    @Override
    public String getLocalization() {
        return this.localization;
    }

    public void setLocalization(String value) {
        this.localization = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
