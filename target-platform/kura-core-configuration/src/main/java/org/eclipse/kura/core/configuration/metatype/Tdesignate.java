package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.Designate;

/**
 * Mirrors Kura's {@code Tdesignate}: a JAXB-style designate bean. Missing {@code optional} and {@code merge}
 * read as {@code false}.
 */
public class Tdesignate implements Designate {

    protected Tobject object;
    protected List<Object> any;
    protected String pid;
    protected String factoryPid;
    protected String bundle;
    protected Boolean optional;
    protected Boolean merge;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    @Override
    public Tobject getObject() {
        return this.object;
    }

    public void setObject(Tobject value) {
        this.object = value;
    }

    /** @return the live list of extension elements */
    public List<Object> getAny() {
        if (this.any == null) {
            this.any = new ArrayList<>();
        }
        return this.any;
    }

    @Override
    public String getPid() {
        return this.pid;
    }

    public void setPid(String value) {
        this.pid = value;
    }

    @Override
    public String getFactoryPid() {
        return this.factoryPid;
    }

    public void setFactoryPid(String value) {
        this.factoryPid = value;
    }

    @Override
    public String getBundle() {
        return this.bundle;
    }

    public void setBundle(String value) {
        this.bundle = value;
    }

    @Override
    public boolean isOptional() {
        return this.optional == null ? false : this.optional;
    }

    public void setOptional(Boolean value) {
        this.optional = value;
    }

    @Override
    public boolean isMerge() {
        return this.merge == null ? false : this.merge;
    }

    public void setMerge(Boolean value) {
        this.merge = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
