package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.AD;
import org.eclipse.kura.configuration.metatype.Icon;
import org.eclipse.kura.configuration.metatype.OCD;

/** Mirrors Kura's {@code Tocd}: a JAXB-style object class definition bean. */
public class Tocd implements OCD {

    protected List<Tad> ad;
    protected List<Ticon> icon;
    protected List<Object> any;
    protected String name;
    protected String description;
    protected String id;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    /** @return a live view of the attribute definitions; only {@link Tad}s can be added */
    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<AD> getAD() {
        if (this.ad == null) {
            this.ad = new ArrayList<>();
        }
        return (List) Collections.checkedList(this.ad, Tad.class);
    }

    /** @param ad an attribute definition to add */
    public void addAD(Tad ad) {
        if (this.ad == null) {
            this.ad = new ArrayList<>();
        }
        this.ad.add(ad);
    }

    /** @return a live view of the icons; only {@link Ticon}s can be added */
    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<Icon> getIcon() {
        if (this.icon == null) {
            this.icon = new ArrayList<>();
        }
        return (List) Collections.checkedList(this.icon, Ticon.class);
    }

    /** @param icon an icon to add */
    public void setIcon(Ticon icon) {
        if (this.icon == null) {
            this.icon = new ArrayList<>();
        }
        this.icon.add(icon);
    }

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
    public String getName() {
        return this.name;
    }

    public void setName(String value) {
        this.name = value;
    }

    @Override
    public String getDescription() {
        return this.description;
    }

    public void setDescription(String value) {
        this.description = value;
    }

    @Override
    public String getId() {
        return this.id;
    }

    public void setId(String value) {
        this.id = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
