package io.aiosedge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KuraConformanceCheckerTest {

    private static final String PID = "io.aiosedge.test.Driver";
    private static final String DS_FILE = "OSGI-INF/" + PID + ".xml";
    private static final String METATYPE_FILE = "OSGI-INF/metatype/" + PID + ".xml";

    /** What bnd writes for a factory driver: prefixed root, unprefixed children. */
    private static final String DS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.4.0" name="io.aiosedge.test.Driver" \
            configuration-policy="require" activate="activate" deactivate="deactivate">
              <property name="service.pid" type="String" value="io.aiosedge.test.Driver"/>
              <property name="kura.ui.factory.hide" type="Boolean" value="false"/>
              <service>
                <provide interface="org.eclipse.kura.driver.Driver"/>
                <provide interface="org.eclipse.kura.configuration.ConfigurableComponent"/>
              </service>
              <implementation class="io.aiosedge.test.Driver"/>
            </scr:component>
            """;

    private static final String METATYPE_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
              <OCD id="io.aiosedge.test.Driver" name="Test driver">
                <AD id="kura.service.pid" type="String" required="false" default=""/>
                <AD id="host" type="String" default="localhost"/>
                <AD id="port" type="Integer" default="502" min="1" max="65535"/>
                <AD id="request.timeout.ms" type="Long" default="1000" min="1"/>
                <AD id="seed" type="Long" default="42"/>
                <AD id="password" type="Password" required="false"/>
                <AD id="label"/>
              </OCD>
              <Designate factoryPid="io.aiosedge.test.Driver">
                <Object ocdref="io.aiosedge.test.Driver"/>
              </Designate>
            </metatype:MetaData>
            """;

    @TempDir
    Path folder;

    private final KuraConformanceChecker checker = new KuraConformanceChecker();

    private static BundleFixture driver() {
        return BundleFixture.bundle("io.aiosedge.test.driver")
                .header("Import-Package", "org.eclipse.kura.driver;version=\"[1.0,2.0)\","
                        + "org.eclipse.kura.configuration;version=\"[1.2,2)\",org.slf4j;version=\"[1.7,2)\"")
                .header("Export-Package", "io.aiosedge.test.api;version=\"1.0.0\";uses:=\"org.eclipse.kura.driver\"")
                .header("Service-Component", DS_FILE)
                .entry(DS_FILE, DS_XML)
                .entry(METATYPE_FILE, METATYPE_XML);
    }

    private List<Violation> check(BundleFixture fixture) throws IOException {
        return checker.check(fixture.writeTo(folder, "fixture.jar"));
    }

    /** Asserts a single violation of {@code rule} whose message contains each of {@code fragments}. */
    private void assertOnly(List<Violation> violations, KuraRule rule, String... fragments) {
        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.bundle()).isEqualTo("fixture.jar");
            assertThat(violation.rule()).isEqualTo(rule.id());
            assertThat(violation.message()).contains(fragments);
        });
    }

    @Test
    void conformingFactoryDriverHasNoViolations() throws IOException {
        assertThat(check(driver())).isEmpty();
    }

    @Test
    void ocdIdOtherThanFileNameIsReported() throws IOException {
        List<Violation> violations = check(driver()
                .replace(METATYPE_FILE, "<OCD id=\"" + PID + "\"", "<OCD id=\"io.aiosedge.test.Other\""));

        assertOnly(violations, KuraRule.METATYPE_NAMING, "metatype file " + METATYPE_FILE,
                "declares OCD id 'io.aiosedge.test.Other'", "OSGI-INF/metatype/<OCD id>.xml");
    }

    @Test
    void metatypeFileNamedOtherThanPidIsReported() throws IOException {
        List<Violation> violations = check(driver().rename(METATYPE_FILE, "OSGI-INF/metatype/driver.xml"));

        assertThat(violations).isNotEmpty().allSatisfy(violation -> {
            assertThat(violation.rule()).isEqualTo(KuraRule.METATYPE_NAMING.id());
            assertThat(violation.message()).contains("OSGI-INF/metatype/driver.xml");
        });
        assertThat(violations).anySatisfy(violation -> assertThat(violation.message())
                .contains("Designate factoryPid '" + PID + "'", "looks for it in " + METATYPE_FILE));
    }

    @Test
    void designateReferringToAnotherOcdIsReported() throws IOException {
        List<Violation> violations = check(driver()
                .replace(METATYPE_FILE, "<Object ocdref=\"" + PID + "\"", "<Object ocdref=\"io.aiosedge.test.Other\""));

        assertOnly(violations, KuraRule.METATYPE_NAMING, "refers to OCD 'io.aiosedge.test.Other'");
    }

    @Test
    void designateMatchingNoComponentIsReported() throws IOException {
        List<Violation> violations = check(driver()
                .replace(DS_FILE, "name=\"" + PID + "\"", "name=\"io.aiosedge.test.Renamed\"")
                .replace(DS_FILE, "value=\"" + PID + "\"", "value=\"io.aiosedge.test.Renamed\""));

        assertOnly(violations, KuraRule.METATYPE_NAMING, "Designate factoryPid '" + PID + "'",
                "matches no DS component", "io.aiosedge.test.Renamed");
    }

    @Test
    void componentNameOtherThanItsConfigurationPidIsReported() throws IOException {
        List<Violation> violations = check(driver().replace(DS_FILE, "name=\"" + PID + "\"",
                "name=\"io.aiosedge.test.DriverComponent\" configuration-pid=\"" + PID + "\""));

        assertOnly(violations, KuraRule.METATYPE_NAMING, "component 'io.aiosedge.test.DriverComponent'",
                "takes configuration-pid '" + PID + "'");
    }

    @Test
    void dollarConfigurationPidMeansTheComponentName() throws IOException {
        assertThat(check(driver().replace(DS_FILE, "name=\"" + PID + "\"",
                "name=\"" + PID + "\" configuration-pid=\"$\""))).isEmpty();
    }

    @Test
    void servicePidOtherThanPidIsReported() throws IOException {
        List<Violation> violations = check(driver()
                .replace(DS_FILE, "type=\"String\" value=\"" + PID + "\"", "type=\"String\" value=\"driver\""));

        assertOnly(violations, KuraRule.METATYPE_NAMING, "declares service.pid 'driver'", "'" + PID + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Character", "Char", "string", "Object"})
    void adTypeKuraRejectsIsReported(String type) throws IOException {
        List<Violation> violations = check(driver()
                .replace(METATYPE_FILE, "id=\"port\" type=\"Integer\"", "id=\"port\" type=\"" + type + "\""));

        assertOnly(violations, KuraRule.AD_TYPE, "AD 'port' of OCD '" + PID + "'", "has type '" + type + "'",
                "Kura accepts only String, Long, Double, Float, Integer, Byte, Boolean, Short, Password");
    }

    @Test
    void aPortWithoutBoundsIsReported() throws IOException {
        List<Violation> violations = check(driver()
                .replace(METATYPE_FILE, " min=\"1\" max=\"65535\"", " min=\"1\""));

        assertOnly(violations, KuraRule.AD_BOUNDS, "AD 'port' of OCD '" + PID + "'", "is a port but declares no max",
                "min=\"1\" max=\"65535\"");
    }

    @Test
    void aFactoryWithoutTheNameFieldIsReported() throws IOException {
        List<Violation> violations = check(driver().replace(METATYPE_FILE,
                "<AD id=\"kura.service.pid\" type=\"String\" required=\"false\" default=\"\"/>", ""));

        assertOnly(violations, KuraRule.FACTORY_NAME, "Designate factoryPid '" + PID + "'",
                "has no AD 'kura.service.pid'");
    }

    @Test
    void aSingletonNeedsNoNameField() throws IOException {
        List<Violation> violations = check(driver().replace(METATYPE_FILE,
                "<AD id=\"kura.service.pid\" type=\"String\" required=\"false\" default=\"\"/>", "")
                .replace(METATYPE_FILE, "<Designate factoryPid=", "<Designate pid="));

        assertThat(violations).noneMatch(v -> v.rule().equals(KuraRule.FACTORY_NAME.id()));
    }

    @Test
    void aDurationWithoutMinIsReportedAndAnUnboundedSeedIsNot() throws IOException {
        List<Violation> violations = check(driver()
                .replace(METATYPE_FILE, "default=\"1000\" min=\"1\"", "default=\"1000\""));

        assertOnly(violations, KuraRule.AD_BOUNDS, "AD 'request.timeout.ms'", "is a duration but declares no min");
    }

    @ParameterizedTest
    @ValueSource(strings = {"optional", "ignore"})
    void configurableComponentWithoutRequiredConfigurationIsReported(String policy) throws IOException {
        List<Violation> violations = check(driver().replace(DS_FILE, "configuration-policy=\"require\"",
                "configuration-policy=\"" + policy + "\""));

        assertOnly(violations, KuraRule.CONFIGURATION_POLICY, "component '" + PID + "'",
                "configuration-policy '" + policy + "'", "configuration-policy=\"require\"");
    }

    @Test
    void missingConfigurationPolicyMeansOptional() throws IOException {
        List<Violation> violations = check(driver().replace(DS_FILE, "configuration-policy=\"require\" ", ""));

        assertOnly(violations, KuraRule.CONFIGURATION_POLICY, "configuration-policy 'optional'");
    }

    @Test
    void configurableComponentNotProvidingConfigurableComponentIsReported() throws IOException {
        List<Violation> violations = check(driver().replace(DS_FILE,
                "<provide interface=\"org.eclipse.kura.configuration.ConfigurableComponent\"/>", ""));

        assertOnly(violations, KuraRule.CONFIGURABLE_SERVICE, "component '" + PID + "'",
                "provides [org.eclipse.kura.driver.Driver]", "ConfigurableComponent", "SelfConfiguringComponent");
    }

    @Test
    void selfConfiguringComponentIsConfigurableToo() throws IOException {
        assertThat(check(driver().replace(DS_FILE, "org.eclipse.kura.configuration.ConfigurableComponent",
                "org.eclipse.kura.configuration.SelfConfiguringComponent"))).isEmpty();
    }

    @Test
    void dsNamespaceNewerThanFelixScr2116IsReported() throws IOException {
        List<Violation> violations = check(driver().replace(DS_FILE, "scr/v1.4.0", "scr/v1.5.0"));

        assertOnly(violations, KuraRule.DS_NAMESPACE, "component '" + PID + "' in " + DS_FILE,
                "http://www.osgi.org/xmlns/scr/v1.5.0", "at most http://www.osgi.org/xmlns/scr/v1.4.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.0.0", "v1.2.0", "v1.3.0"})
    void olderDsNamespacesConform(String version) throws IOException {
        assertThat(check(driver().replace(DS_FILE, "scr/v1.4.0", "scr/" + version))).isEmpty();
    }

    @Test
    void unprefixedDefaultNamespaceIsRead() throws IOException {
        assertThat(check(driver().replace(DS_FILE, "<scr:component xmlns:scr=", "<component xmlns=")
                .replace(DS_FILE, "</scr:component>", "</component>"))).isEmpty();
    }

    @Test
    void importRangeExcludingKuraVersionIsReported() throws IOException {
        List<Violation> violations = check(driver().header("Import-Package",
                "org.eclipse.kura.driver;version=\"[1.0,2.0)\",org.eclipse.kura.configuration;version=\"[1.2,2)\","
                        + "org.eclipse.kura.channel;version=\"[1.3,2)\""));

        assertOnly(violations, KuraRule.KURA_IMPORT_RANGE, "org.eclipse.kura.channel", "\"[1.3,2)\"",
                "excludes 1.2.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.eclipse.kura;version=1.7", "org.eclipse.kura.data;version=\"[1.1,1.2)\"",
        "org.eclipse.kura.cloudconnection.publisher;version=\"[1.0,2)\"", "org.eclipse.kura.type",
        "org.eclipse.kura.message;version=\"[1.5.0,1.5.0]\";resolution:=optional"})
    void importRangeIncludingKuraVersionConforms(String imports) throws IOException {
        assertThat(check(driver().header("Import-Package", imports))).isEmpty();
    }

    @Test
    void importOfPackageKuraDoesNotExportIsReported() throws IOException {
        // A package the checker has no version for (org.eclipse.kura.wire was one until Wires came in).
        List<Violation> violations = check(driver().header("Import-Package",
                "org.eclipse.kura.net.modem;version=\"[2.0,3)\""));

        assertOnly(violations, KuraRule.KURA_IMPORT_RANGE, "org.eclipse.kura.net.modem",
                "not exported by Kura 5.5 at a known version");
    }

    @Test
    void malformedImportRangeIsReported() throws IOException {
        List<Violation> violations = check(driver().header("Import-Package",
                "org.eclipse.kura.driver;version=\"[1.0;2.0)\""));

        assertOnly(violations, KuraRule.KURA_IMPORT_RANGE, "org.eclipse.kura.driver", "[1.0;2.0)");
    }

    @Test
    void exportOfKuraPackageIsReported() throws IOException {
        List<Violation> violations = check(driver().header("Export-Package",
                "org.eclipse.kura.driver;version=\"1.0.0\""));

        assertOnly(violations, KuraRule.NO_KURA_EXPORT, "org.eclipse.kura.driver", "io.aiosedge.test.driver");
    }

    @Test
    void kuraApiStandInMayExportKuraPackages() throws IOException {
        BundleFixture standIn = BundleFixture.bundle("io.aiosedge.kura.api.standin;singleton:=true")
                .header("Export-Package", "org.eclipse.kura;version=\"1.7.0\","
                        + "org.eclipse.kura.driver;version=\"1.0.0\";uses:=\"org.eclipse.kura,org.eclipse.kura.channel\"");

        assertThat(check(standIn)).isEmpty();
    }

    @Test
    void kuraCoreConfigurationStandInMayExportOnlyItsMetatypePackage() throws IOException {
        BundleFixture standIn = BundleFixture.bundle("io.aiosedge.kura.core.configuration.standin")
                .header("Export-Package", "org.eclipse.kura.core.configuration.metatype;version=\"1.0.0\"");
        assertThat(check(standIn)).isEmpty();

        List<Violation> violations = check(standIn.header("Export-Package",
                "org.eclipse.kura.core.configuration.metatype;version=\"1.0.0\",org.eclipse.kura.driver;version=\"1.0.0\""));
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(KuraRule.NO_KURA_EXPORT.id());
            assertThat(v.message()).contains("org.eclipse.kura.driver");
        });
    }

    // ---------------------------------------------------------------- implementers' ranges (Kura's annotations)

    /** The driver fixture with a class implementing Kura's Driver (@ProviderType) and ConfigurableComponent. */
    private static BundleFixture driverImplementation(String driverRange, String configurationRange) {
        return driver().header("Import-Package", "org.eclipse.kura.driver;version=\"" + driverRange + "\","
                + "org.eclipse.kura.configuration;version=\"" + configurationRange + "\",org.slf4j;version=\"[1.7,2)\"")
                .classEntry("io.aiosedge.test.internal.TestDriver", "java.lang.Object", "org.eclipse.kura.driver.Driver",
                        "org.eclipse.kura.configuration.ConfigurableComponent", "java.lang.AutoCloseable");
    }

    @Test
    void implementerOfProviderTypeWithProviderRangeAndConsumerWithConsumerRangeConforms() throws IOException {
        assertThat(check(driverImplementation("[1.0,1.1)", "[1.2,2)"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1.0,2)", "[1.0,1.2)", "[0.9,1.1)", "[1.0,1.1]", "1.0"})
    void implementerOfProviderTypeWithAnyOtherRangeIsReported(String range) throws IOException {
        List<Violation> violations = check(driverImplementation(range, "[1.2,2)"));

        assertOnly(violations, KuraRule.KURA_IMPLEMENTER_RANGE, "org.eclipse.kura.driver",
                "io.aiosedge.test.internal.TestDriver -> org.eclipse.kura.driver.Driver", "@ProviderType", "[1.0,1.1)");
    }

    @Test
    void implementerOfConsumerTypeWithProviderRangeIsReported() throws IOException {
        List<Violation> violations = check(driverImplementation("[1.0,1.1)", "[1.2,1.3)"));

        assertOnly(violations, KuraRule.KURA_IMPLEMENTER_RANGE, "org.eclipse.kura.configuration",
                "ConfigurableComponent", "@ConsumerType", "[1.2,2)");
    }

    @Test
    void extendingAProviderTypeClassNarrowsTheRangeToo() throws IOException {
        BundleFixture fixture = driver().header("Import-Package", "org.eclipse.kura;version=\"[1.7,2)\"")
                .classEntry("io.aiosedge.test.internal.TestException", "org.eclipse.kura.KuraException");

        assertOnly(check(fixture), KuraRule.KURA_IMPLEMENTER_RANGE, "org.eclipse.kura;", "KuraException", "[1.7,1.8)");
        assertThat(check(fixture.header("Import-Package", "org.eclipse.kura;version=\"[1.7,1.8)\""))).isEmpty();
    }

    @Test
    void aProviderTypeOfAnotherPackageDoesNotNarrowThisOne() throws IOException {
        // Implements a cloudconnection.publisher @ProviderType, uses (only) the listener package.
        BundleFixture fixture = driver().header("Import-Package",
                "org.eclipse.kura.cloudconnection.publisher;version=\"[1.0,1.1)\","
                        + "org.eclipse.kura.cloudconnection.listener;version=\"[1.0,2)\"")
                .classEntry("io.aiosedge.test.internal.Publisher", "java.lang.Object",
                        "org.eclipse.kura.cloudconnection.publisher.CloudPublisher");

        assertThat(check(fixture)).isEmpty();
    }

    /** A Wire component: implements the given Kura wire types and ConfigurableComponent. */
    private static BundleFixture wireComponent(String wireRange, String... wireTypes) {
        String[] interfaces = new String[wireTypes.length + 1];
        System.arraycopy(wireTypes, 0, interfaces, 0, wireTypes.length);
        interfaces[wireTypes.length] = "org.eclipse.kura.configuration.ConfigurableComponent";
        return driver().header("Import-Package", "org.eclipse.kura.wire;version=\"" + wireRange + "\","
                + "org.eclipse.kura.configuration;version=\"[1.2,2)\",org.osgi.service.wireadmin;version=\"[1.0,2)\"")
                .classEntry("io.aiosedge.test.internal.TestWireComponent", "java.lang.Object", interfaces);
    }

    @Test
    void aWireEmitterAndReceiverIsAConsumerOfTheWirePackage2Dot0() throws IOException {
        // WireEmitter and WireReceiver are @ConsumerType in Kura's wire package 2.0.0.
        assertThat(check(wireComponent("[2.0,3)", "org.eclipse.kura.wire.WireEmitter",
                "org.eclipse.kura.wire.WireReceiver"))).isEmpty();

        assertOnly(check(wireComponent("[2.0,2.1)", "org.eclipse.kura.wire.WireEmitter",
                "org.eclipse.kura.wire.WireReceiver")), KuraRule.KURA_IMPLEMENTER_RANGE, "org.eclipse.kura.wire",
                "WireEmitter", "@ConsumerType", "[2.0,3)");
    }

    @Test
    void implementingWireComponentOrWireSupportItselfNarrowsTheWireImport() throws IOException {
        // WireComponent (the marker) and WireSupport are @ProviderType: a direct implementer breaks on 2.1.
        assertOnly(check(wireComponent("[2.0,3)", "org.eclipse.kura.wire.WireComponent",
                "org.eclipse.kura.wire.WireReceiver")), KuraRule.KURA_IMPLEMENTER_RANGE, "org.eclipse.kura.wire",
                "WireComponent", "@ProviderType", "[2.0,2.1)");
        assertThat(check(wireComponent("[2.0,2.1)", "org.eclipse.kura.wire.WireSupport"))).isEmpty();
    }

    @Test
    void theWireAssetAndMessageStorePackagesAreKnownAtKurasVersions() throws IOException {
        BundleFixture user = driver().header("Import-Package", "org.eclipse.kura.wire;version=\"[2.0,3)\","
                + "org.eclipse.kura.wire.graph;version=\"[1.0,2)\",org.eclipse.kura.wire.multiport;version=\"[1.0,2)\","
                + "org.eclipse.kura.asset;version=\"[1.0,2)\",org.eclipse.kura.message.store;version=\"[1.0,2)\","
                + "org.eclipse.kura.message.store.provider;version=\"[1.0,2)\","
                + "org.eclipse.kura.connection.listener;version=\"[1.0,2)\"");
        assertThat(check(user)).isEmpty();

        assertOnly(check(driver().header("Import-Package", "org.eclipse.kura.wire;version=\"[1.2,2)\"")),
                KuraRule.KURA_IMPORT_RANGE, "org.eclipse.kura.wire", "excludes 2.0.0");
    }

    @Test
    void aMessageStoreProviderOrAnAssetImplementerImportsTheNarrowRange() throws IOException {
        BundleFixture store = driver().header("Import-Package",
                "org.eclipse.kura.message.store.provider;version=\"[1.0,2)\"")
                .classEntry("io.aiosedge.test.internal.Store", "java.lang.Object",
                        "org.eclipse.kura.message.store.provider.MessageStoreProvider");
        assertOnly(check(store), KuraRule.KURA_IMPLEMENTER_RANGE, "org.eclipse.kura.message.store.provider",
                "MessageStoreProvider", "@ProviderType", "[1.0,1.1)");

        BundleFixture asset = driver().header("Import-Package", "org.eclipse.kura.asset;version=\"[1.0,1.1)\"")
                .classEntry("io.aiosedge.test.internal.TestAsset", "java.lang.Object", "org.eclipse.kura.asset.Asset");
        assertThat(check(asset)).isEmpty();
    }

    @Test
    void unreadableClassFileIsReported() throws IOException {
        List<Violation> violations = check(driver().entry("io/aiosedge/test/Broken.class", "not a class"));

        assertOnly(violations, KuraRule.MALFORMED_CLASS, "io/aiosedge/test/Broken.class", "bad magic");
    }

    @Test
    void exportWithoutVersionIsReported() throws IOException {
        List<Violation> violations = check(driver().header("Export-Package", "io.aiosedge.test.api"));

        assertOnly(violations, KuraRule.UNVERSIONED_EXPORT, "io.aiosedge.test.api has no version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0", "0", "\"0.0\""})
    void exportAtVersionZeroIsReported(String version) throws IOException {
        List<Violation> violations = check(driver().header("Export-Package",
                "io.aiosedge.test.api;version=" + version));

        assertOnly(violations, KuraRule.UNVERSIONED_EXPORT, "io.aiosedge.test.api has version",
                "other than 0.0.0");
    }

    @Test
    void jarWithoutSymbolicNameIsNotABundle() throws IOException {
        assertOnly(check(BundleFixture.jar().entry("a.txt", "a")), KuraRule.NOT_A_BUNDLE, "Bundle-SymbolicName");
    }

    @Test
    void malformedComponentXmlIsReportedWithItsFile() throws IOException {
        List<Violation> violations = check(driver().replace(DS_FILE, "</scr:component>", "</scr:componen>"));

        assertOnly(violations, KuraRule.MALFORMED_XML, "DS component file " + DS_FILE, "line 10",
                "must be terminated by the matching end-tag");
    }

    @Test
    void malformedMetatypeXmlIsReportedWithItsFile() throws IOException {
        List<Violation> violations = check(driver().replace(METATYPE_FILE, "<AD id=\"label\"/>", "<AD id=\"label\">"));

        assertOnly(violations, KuraRule.MALFORMED_XML, "metatype file " + METATYPE_FILE, "line");
    }

    @Test
    void wildcardServiceComponentFindsComponentFiles() throws IOException {
        BundleFixture fixture = driver().header("Service-Component", "OSGI-INF/*.xml");

        assertThat(check(fixture)).isEmpty();
        assertOnly(check(fixture.replace(DS_FILE, "scr/v1.4.0", "scr/v1.5.0")), KuraRule.DS_NAMESPACE, DS_FILE);
    }

    @Test
    void wildcardMatchesOnlyItsOwnFolder() throws IOException {
        // OSGI-INF/*.xml must not pick up OSGI-INF/metatype/*.xml as a component file.
        BundleFixture fixture = driver().header("Service-Component", "OSGI-INF/io.aiosedge.*.xml, OSGI-INF/none*.xml");

        assertThat(check(fixture)).isEmpty();
    }

    @Test
    void serviceComponentNamingMissingFileIsReported() throws IOException {
        List<Violation> violations = check(driver()
                .header("Service-Component", DS_FILE + ",OSGI-INF/io.aiosedge.test.Missing.xml"));

        assertOnly(violations, KuraRule.MISSING_ENTRY, "OSGI-INF/io.aiosedge.test.Missing.xml");
    }

    @Test
    void unclosedQuoteInManifestIsReported() throws IOException {
        List<Violation> violations = check(driver().header("Import-Package", "org.eclipse.kura;version=\"[1.7,2)"));

        assertOnly(violations, KuraRule.MALFORMED_MANIFEST, "Import-Package", "unclosed quote");
    }

    @Test
    void runExitsZeroWhenEveryBundleConforms() throws IOException {
        driver().writeTo(folder, "a.jar");
        driver().writeTo(folder, "b.jar");
        Files.writeString(folder.resolve("notes.txt"), "not a jar");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int status = KuraConformanceChecker.run(new String[] {folder.toString()}, print(output));

        assertThat(status).isZero();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("2 bundles conform to Kura's rules");
    }

    @Test
    void runExitsOneAndPrintsEachViolation() throws IOException {
        Path good = driver().writeTo(folder, "good.jar");
        Path bad = driver().replace(DS_FILE, "scr/v1.4.0", "scr/v1.5.0").writeTo(folder, "bad.jar");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        int status = KuraConformanceChecker.run(new String[] {good.toString(), bad.toString()}, print(output));

        assertThat(status).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line).startsWith("bad.jar: [DS_NAMESPACE] component '" + PID + "'"))
                .noneSatisfy(line -> assertThat(line).startsWith("good.jar:"));
    }

    @Test
    void runExitsTwoOnUsageAndReadErrors() throws IOException {
        Files.writeString(folder.resolve("broken.jar"), "not a zip");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        assertThat(KuraConformanceChecker.run(new String[0], print(output))).isEqualTo(2);
        assertThat(KuraConformanceChecker.run(new String[] {folder.resolve("absent.jar").toString()}, print(output)))
                .isEqualTo(2);
        assertThat(KuraConformanceChecker.run(new String[] {folder.toString()}, print(output))).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("usage:", "absent.jar", "broken.jar");
    }

    @Test
    void violationPrintsAsCommandLineLine() {
        assertThat(new Violation("x.jar", "AD_TYPE", "bad")).hasToString("x.jar: [AD_TYPE] bad");
    }

    private static PrintStream print(ByteArrayOutputStream output) {
        return new PrintStream(output, true, StandardCharsets.UTF_8);
    }
}
