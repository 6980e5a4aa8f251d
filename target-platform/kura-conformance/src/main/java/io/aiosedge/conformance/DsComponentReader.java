package io.aiosedge.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the components of one DS XML file (the root may be a component or wrap several). */
final class DsComponentReader {

    private DsComponentReader() {
    }

    static List<DsComponent> read(String file, InputStream in) throws IOException, SAXException {
        Document document = XmlDocuments.parse(in);
        NodeList elements = document.getElementsByTagNameNS("*", "component");
        List<DsComponent> components = new ArrayList<>();
        for (int i = 0; i < elements.getLength(); i++) {
            components.add(component(file, (Element) elements.item(i)));
        }
        return components;
    }

    private static DsComponent component(String file, Element element) {
        String namespace = element.getNamespaceURI() == null ? "" : element.getNamespaceURI();
        String name = valueOr(XmlDocuments.attribute(element, "name"), "");
        String policy = valueOr(XmlDocuments.attribute(element, "configuration-policy"), "optional");
        List<String> pids = new ArrayList<>();
        String pidAttribute = XmlDocuments.attribute(element, "configuration-pid");
        for (String pid : words(pidAttribute == null ? name : pidAttribute)) {
            // DS 1.4: "$" stands for the component name.
            pids.add("$".equals(pid) ? name : pid);
        }
        List<String> provides = new ArrayList<>();
        for (Element service : XmlDocuments.children(element, "service")) {
            for (Element provide : XmlDocuments.children(service, "provide")) {
                provides.add(valueOr(XmlDocuments.attribute(provide, "interface"), ""));
            }
        }
        Map<String, List<String>> properties = new LinkedHashMap<>();
        for (Element property : XmlDocuments.children(element, "property")) {
            properties.put(valueOr(XmlDocuments.attribute(property, "name"), ""), propertyValues(property));
        }
        return new DsComponent(file, namespace, name, policy, List.copyOf(pids), List.copyOf(provides),
                properties);
    }

    /** A property has either a value attribute or one value per non-blank line of its body. */
    private static List<String> propertyValues(Element property) {
        String value = XmlDocuments.attribute(property, "value");
        if (value != null) {
            return List.of(value);
        }
        return property.getTextContent().lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    }

    private static String valueOr(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
