package org.eclipse.kura.core.configuration.metatype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.eclipse.kura.configuration.metatype.Option;
import org.eclipse.kura.configuration.metatype.Scalar;
import org.junit.jupiter.api.Test;

class MetatypeBeansTest {

    @Test
    void adDefaults() {
        Tad ad = new ObjectFactory().createTad();

        assertThat(ad.getCardinality()).isZero();
        assertThat(ad.isRequired()).isTrue();
        assertThat(ad.getType()).isNull();
        assertThat(ad.getOption()).isEmpty();
        assertThat(ad.getAny()).isEmpty();
        assertThat(ad.getOtherAttributes()).isEmpty();
    }

    @Test
    void adProperties() {
        Tad ad = new Tad();
        ad.setId("port");
        ad.setName("Port");
        ad.setDescription("TCP port");
        ad.setType(Tscalar.INTEGER);
        ad.setCardinality(2);
        ad.setRequired(false);
        ad.setDefault("502");
        ad.setMin("1");
        ad.setMax("65535");
        Toption option = new Toption();
        option.setLabel("Modbus");
        option.setValue("502");
        ad.setOption(option);

        assertThat(ad.getId()).isEqualTo("port");
        assertThat(ad.getName()).isEqualTo("Port");
        assertThat(ad.getDescription()).isEqualTo("TCP port");
        assertThat(ad.getType()).isEqualTo(Scalar.INTEGER);
        assertThat(ad.getCardinality()).isEqualTo(2);
        assertThat(ad.isRequired()).isFalse();
        assertThat(ad.getDefault()).isEqualTo("502");
        assertThat(ad.getMin()).isEqualTo("1");
        assertThat(ad.getMax()).isEqualTo("65535");
        assertThat(ad.getOption()).extracting(Option::getLabel).containsExactly("Modbus");
    }

    @Test
    void interfaceTypedListsAcceptOnlyTheBeans() {
        Tad ad = new Tad();
        Option foreign = new Option() {
            @Override
            public String getLabel() {
                return "l";
            }

            @Override
            public String getValue() {
                return "v";
            }
        };

        ad.getOption().add(new Toption());
        assertThat(ad.getOption()).hasSize(1);
        assertThatThrownBy(() -> ad.getOption().add(foreign)).isInstanceOf(ClassCastException.class);
    }

    @Test
    void scalarNames() {
        assertThat(Arrays.stream(Tscalar.values()).map(Tscalar::value)).containsExactly("String", "Long", "Double",
                "Float", "Integer", "Byte", "Char", "Boolean", "Short", "Password");
        assertThat(Arrays.stream(Scalar.values()).map(Scalar::value)).containsExactly("String", "Long", "Double",
                "Float", "Integer", "Byte", "Char", "Boolean", "Short", "Password");
        assertThat(Tscalar.fromValue("Password")).isEqualTo(Tscalar.PASSWORD);
        assertThat(Scalar.fromValue("Boolean")).isEqualTo(Scalar.BOOLEAN);
        assertThatThrownBy(() -> Tscalar.fromValue("Character")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Character");
        assertThatThrownBy(() -> Scalar.fromValue("string")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void documentBeans() {
        ObjectFactory factory = new ObjectFactory();
        Tocd ocd = factory.createTocd();
        ocd.setId("my.pid");
        ocd.addAD(factory.createTad());
        ocd.setIcon(factory.createTicon());
        Tattribute attribute = factory.createTattribute();
        attribute.setAdref("port");
        attribute.getValue().add("502");
        Tobject object = factory.createTobject();
        object.setOcdref("my.pid");
        object.getAttribute().add(attribute);
        Tdesignate designate = factory.createTdesignate();
        designate.setFactoryPid("my.pid");
        designate.setObject(object);
        Tmetadata metadata = factory.createTmetadata();
        metadata.setOCD(ocd);
        metadata.setDesignate(designate);

        assertThat(metadata.getOCD()).containsExactly(ocd);
        assertThat(metadata.getDesignate()).containsExactly(designate);
        assertThat(ocd.getAD()).hasSize(1);
        assertThat(ocd.getIcon()).hasSize(1);
        assertThat(designate.getObject().getAttribute()).containsExactly(attribute);
        assertThat(designate.isOptional()).isFalse();
        assertThat(designate.isMerge()).isFalse();
        designate.setMerge(true);
        assertThat(designate.isMerge()).isTrue();
        assertThat(attribute.getValue()).containsExactly("502");
    }
}
