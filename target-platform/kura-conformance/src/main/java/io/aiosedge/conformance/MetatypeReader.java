package io.aiosedge.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/** Reads one metatype XML file into a {@link MetatypeFile}. */
final class MetatypeReader {

    private MetatypeReader() {
    }

    static MetatypeFile read(String path, InputStream in) throws IOException, SAXException {
        Element root = XmlDocuments.parse(in).getDocumentElement();
        List<MetatypeFile.Ocd> ocds = new ArrayList<>();
        for (Element ocd : XmlDocuments.children(root, "OCD")) {
            List<MetatypeFile.Ad> ads = new ArrayList<>();
            for (Element ad : XmlDocuments.children(ocd, "AD")) {
                ads.add(new MetatypeFile.Ad(XmlDocuments.attribute(ad, "id"), XmlDocuments.attribute(ad, "type"),
                        XmlDocuments.attribute(ad, "min"), XmlDocuments.attribute(ad, "max")));
            }
            ocds.add(new MetatypeFile.Ocd(XmlDocuments.attribute(ocd, "id"), List.copyOf(ads)));
        }
        List<MetatypeFile.Designate> designates = new ArrayList<>();
        for (Element designate : XmlDocuments.children(root, "Designate")) {
            List<Element> objects = XmlDocuments.children(designate, "Object");
            String ocdRef = objects.isEmpty() ? null : XmlDocuments.attribute(objects.get(0), "ocdref");
            designates.add(new MetatypeFile.Designate(XmlDocuments.attribute(designate, "pid"),
                    XmlDocuments.attribute(designate, "factoryPid"), ocdRef));
        }
        return new MetatypeFile(path, List.copyOf(ocds), List.copyOf(designates));
    }
}
