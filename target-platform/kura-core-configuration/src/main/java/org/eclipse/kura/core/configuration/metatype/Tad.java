package org.eclipse.kura.core.configuration.metatype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.eclipse.kura.configuration.metatype.AD;
import org.eclipse.kura.configuration.metatype.Option;
import org.eclipse.kura.configuration.metatype.Scalar;

/**
 * Mirrors Kura's {@code Tad}: a JAXB-style attribute definition bean. A missing cardinality reads as 0 and a
 * missing {@code required} reads as {@code true}.
 */
public class Tad implements AD {

    protected List<Toption> option;
    protected List<Object> any;
    protected String name;
    protected String description;
    protected String id;
    protected Tscalar type;
    protected Integer cardinality;
    protected String min;
    protected String max;
    protected String _default;
    protected Boolean required;
    private final Map<QName, String> otherAttributes = new HashMap<>();

    /** @return a live view of the options; only {@link Toption}s can be added */
    @Override
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<Option> getOption() {
        if (this.option == null) {
            this.option = new ArrayList<>();
        }
        return (List) Collections.checkedList(this.option, Toption.class);
    }

    /** @param option an option to add */
    public void setOption(Toption option) {
        if (this.option == null) {
            this.option = new ArrayList<>();
        }
        this.option.add(option);
    }

    /** @return the live list of extension elements */
    public List<Object> getAny() {
        if (this.any == null) {
            this.any = new ArrayList<>();
        }
        return this.any;
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

    @Override
    public Scalar getType() {
        return this.type == null ? null : Scalar.fromValue(this.type.value());
    }

    public void setType(Tscalar value) {
        this.type = value;
    }

    @Override
    public int getCardinality() {
        return this.cardinality == null ? 0 : this.cardinality;
    }

    public void setCardinality(Integer value) {
        this.cardinality = value;
    }

    @Override
    public String getMin() {
        return this.min;
    }

    public void setMin(String value) {
        this.min = value;
    }

    @Override
    public String getMax() {
        return this.max;
    }

    public void setMax(String value) {
        this.max = value;
    }

    @Override
    public String getDefault() {
        return this._default;
    }

    public void setDefault(String value) {
        this._default = value;
    }

    @Override
    public boolean isRequired() {
        return this.required == null ? true : this.required;
    }

    public void setRequired(Boolean value) {
        this.required = value;
    }

    /** @return the live map of attributes outside the metatype schema */
    public Map<QName, String> getOtherAttributes() {
        return this.otherAttributes;
    }
}
