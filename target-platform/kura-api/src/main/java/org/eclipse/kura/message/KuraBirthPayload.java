package org.eclipse.kura.message;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mirrors Kura's {@code KuraBirthPayload}: the payload a device publishes when it connects, describing the
 * device and its software. Build one with {@link KuraBirthPayloadBuilder}; every metric is a {@code String}
 * (the tamper status is stored as its enum name).
 */
public class KuraBirthPayload extends KuraPayload {

    private static final String METRIC_UPTIME = "uptime";
    private static final String METRIC_DISPLAY_NAME = "display_name";
    private static final String METRIC_MODEL_NAME = "model_name";
    private static final String METRIC_MODEL_ID = "model_id";
    private static final String METRIC_PART_NUMBER = "part_number";
    private static final String METRIC_SERIAL_NUMBER = "serial_number";
    private static final String METRIC_FIRMWARE_VERSION = "firmware_version";
    private static final String METRIC_BIOS_VERSION = "bios_version";
    private static final String METRIC_CPU_VERSION = "cpu_version";
    private static final String METRIC_OS = "os";
    private static final String METRIC_OS_VERSION = "os_version";
    private static final String METRIC_JVM_NAME = "jvm_name";
    private static final String METRIC_JVM_VERSION = "jvm_version";
    private static final String METRIC_JVM_PROFILE = "jvm_profile";
    private static final String METRIC_TAMPER_STATUS = "tamper_status";
    private static final String METRIC_KURA_VERSION = "kura_version";
    private static final String METRIC_APPLICATION_FRAMEWORK = "application_framework";
    private static final String METRIC_APPLICATION_FRAMEWORK_VERSION = "application_framework_version";
    private static final String METRIC_CONNECTION_INTERFACE = "connection_interface";
    private static final String METRIC_CONNECTION_IP = "connection_ip";
    private static final String METRIC_ACCEPT_ENCODING = "accept_encoding";
    private static final String METRIC_APPLICATION_IDS = "application_ids";
    private static final String METRIC_AVAILABLE_PROCESSORS = "available_processors";
    private static final String METRIC_TOTAL_MEMORY = "total_memory";
    private static final String METRIC_OS_ARCH = "os_arch";
    private static final String METRIC_OSGI_FRAMEWORK = "osgi_framework";
    private static final String METRIC_OSGI_FRAMEWORK_VERSION = "osgi_framework_version";
    private static final String METRIC_MODEM_IMEI = "modem_imei";
    private static final String METRIC_MODEM_IMSI = "modem_imsi";
    private static final String METRIC_MODEM_ICCID = "modem_iccid";
    private static final String METRIC_MODEM_RSSI = "modem_rssi";
    private static final String METRIC_MODEM_FIRMWARE_VERSION = "modem_firmware_version";
    private static final String METRIC_PAYLOAD_ENCODING = "payload_encoding";
    private static final String METRIC_JVM_VENDOR = "jvm_vendor";
    private static final String METRIC_JDK_VENDOR_VERSION = "jdk_vendor_version";

    /** Mirrors Kura's {@code KuraBirthPayload.TamperStatus}: whether the device detected tampering. */
    public enum TamperStatus {
        UNSUPPORTED,
        TAMPERED,
        NOT_TAMPERED
    }

    public KuraBirthPayload() {
        super();
    }

    public String getUptime() {
        return stringMetric(METRIC_UPTIME);
    }

    public String getDisplayName() {
        return stringMetric(METRIC_DISPLAY_NAME);
    }

    public String getModelName() {
        return stringMetric(METRIC_MODEL_NAME);
    }

    public String getModelId() {
        return stringMetric(METRIC_MODEL_ID);
    }

    public String getPartNumber() {
        return stringMetric(METRIC_PART_NUMBER);
    }

    public String getSerialNumber() {
        return stringMetric(METRIC_SERIAL_NUMBER);
    }

    public String getFirmwareVersion() {
        return stringMetric(METRIC_FIRMWARE_VERSION);
    }

    public String getBiosVersion() {
        return stringMetric(METRIC_BIOS_VERSION);
    }

    public String getCpuVersion() {
        return stringMetric(METRIC_CPU_VERSION);
    }

    public String getOs() {
        return stringMetric(METRIC_OS);
    }

    public String getOsVersion() {
        return stringMetric(METRIC_OS_VERSION);
    }

    public String getJvmName() {
        return stringMetric(METRIC_JVM_NAME);
    }

    public String getJvmVersion() {
        return stringMetric(METRIC_JVM_VERSION);
    }

    public String getJvmProfile() {
        return stringMetric(METRIC_JVM_PROFILE);
    }

    /** @return the tamper status, or null when the payload carries none */
    public TamperStatus getTamperStatus() {
        Object value = getMetric(METRIC_TAMPER_STATUS);
        if (value instanceof TamperStatus) {
            return (TamperStatus) value;
        }
        return value == null ? null : TamperStatus.valueOf(value.toString());
    }

    public String getKuraVersion() {
        return stringMetric(METRIC_KURA_VERSION);
    }

    public String getApplicationFramework() {
        return stringMetric(METRIC_APPLICATION_FRAMEWORK);
    }

    public String getApplicationFrameworkVersion() {
        return stringMetric(METRIC_APPLICATION_FRAMEWORK_VERSION);
    }

    public String getConnectionInterface() {
        return stringMetric(METRIC_CONNECTION_INTERFACE);
    }

    public String getConnectionIp() {
        return stringMetric(METRIC_CONNECTION_IP);
    }

    public String getAcceptEncoding() {
        return stringMetric(METRIC_ACCEPT_ENCODING);
    }

    public String getApplicationIdentifiers() {
        return stringMetric(METRIC_APPLICATION_IDS);
    }

    public String getAvailableProcessors() {
        return stringMetric(METRIC_AVAILABLE_PROCESSORS);
    }

    public String getTotalMemory() {
        return stringMetric(METRIC_TOTAL_MEMORY);
    }

    public String getOsArch() {
        return stringMetric(METRIC_OS_ARCH);
    }

    public String getOsgiFramework() {
        return stringMetric(METRIC_OSGI_FRAMEWORK);
    }

    public String getOsgiFrameworkVersion() {
        return stringMetric(METRIC_OSGI_FRAMEWORK_VERSION);
    }

    public String getModemImei() {
        return stringMetric(METRIC_MODEM_IMEI);
    }

    public String getModemImsi() {
        return stringMetric(METRIC_MODEM_IMSI);
    }

    public String getModemIccid() {
        return stringMetric(METRIC_MODEM_ICCID);
    }

    public String getModemRssi() {
        return stringMetric(METRIC_MODEM_RSSI);
    }

    public String getModemFirmwareVersion() {
        return stringMetric(METRIC_MODEM_FIRMWARE_VERSION);
    }

    public String getPayloadEncoding() {
        return stringMetric(METRIC_PAYLOAD_ENCODING);
    }

    public String getJvmVendor() {
        return stringMetric(METRIC_JVM_VENDOR);
    }

    public String getJdkVendorVersion() {
        return stringMetric(METRIC_JDK_VENDOR_VERSION);
    }

    @Override
    public String toString() {
        return "KuraBirthPayload " + metrics();
    }

    /**
     * Adds a metric like {@link KuraPayload#addMetric(String, Object)}; a {@link TamperStatus} value is stored
     * as its name.
     */
    @Override
    public void addMetric(String name, Object value) {
        super.addMetric(name, value instanceof TamperStatus ? ((TamperStatus) value).name() : value);
    }

    private String stringMetric(String name) {
        Object value = getMetric(name);
        return value == null ? null : value.toString();
    }

    /**
     * Mirrors Kura's {@code KuraBirthPayload.KuraBirthPayloadBuilder}: collects the birth metrics; null values
     * are left out. {@link #build()} stamps the payload with the current time.
     */
    public static class KuraBirthPayloadBuilder {

        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private KuraPosition position;

        public KuraBirthPayloadBuilder withUptime(String uptime) {
            return with(METRIC_UPTIME, uptime);
        }

        public KuraBirthPayloadBuilder withDisplayName(String displayName) {
            return with(METRIC_DISPLAY_NAME, displayName);
        }

        public KuraBirthPayloadBuilder withAvailableProcessors(String availableProcessors) {
            return with(METRIC_AVAILABLE_PROCESSORS, availableProcessors);
        }

        public KuraBirthPayloadBuilder withTotalMemory(String totalMemory) {
            return with(METRIC_TOTAL_MEMORY, totalMemory);
        }

        public KuraBirthPayloadBuilder withOsArch(String osArch) {
            return with(METRIC_OS_ARCH, osArch);
        }

        public KuraBirthPayloadBuilder withOsgiFramework(String osgiFramework) {
            return with(METRIC_OSGI_FRAMEWORK, osgiFramework);
        }

        public KuraBirthPayloadBuilder withOsgiFrameworkVersion(String osgiFrameworkVersion) {
            return with(METRIC_OSGI_FRAMEWORK_VERSION, osgiFrameworkVersion);
        }

        public KuraBirthPayloadBuilder withModelName(String modelName) {
            return with(METRIC_MODEL_NAME, modelName);
        }

        public KuraBirthPayloadBuilder withModelId(String modelId) {
            return with(METRIC_MODEL_ID, modelId);
        }

        public KuraBirthPayloadBuilder withPartNumber(String partNumber) {
            return with(METRIC_PART_NUMBER, partNumber);
        }

        public KuraBirthPayloadBuilder withSerialNumber(String serialNumber) {
            return with(METRIC_SERIAL_NUMBER, serialNumber);
        }

        public KuraBirthPayloadBuilder withFirmwareVersion(String firmwareVersion) {
            return with(METRIC_FIRMWARE_VERSION, firmwareVersion);
        }

        public KuraBirthPayloadBuilder withBiosVersion(String biosVersion) {
            return with(METRIC_BIOS_VERSION, biosVersion);
        }

        public KuraBirthPayloadBuilder withCpuVersion(String cpuVersion) {
            return with(METRIC_CPU_VERSION, cpuVersion);
        }

        public KuraBirthPayloadBuilder withOs(String os) {
            return with(METRIC_OS, os);
        }

        public KuraBirthPayloadBuilder withOsVersion(String osVersion) {
            return with(METRIC_OS_VERSION, osVersion);
        }

        public KuraBirthPayloadBuilder withJvmName(String jvmName) {
            return with(METRIC_JVM_NAME, jvmName);
        }

        public KuraBirthPayloadBuilder withJvmVersion(String jvmVersion) {
            return with(METRIC_JVM_VERSION, jvmVersion);
        }

        public KuraBirthPayloadBuilder withJvmProfile(String jvmProfile) {
            return with(METRIC_JVM_PROFILE, jvmProfile);
        }

        public KuraBirthPayloadBuilder withKuraVersion(String kuraVersion) {
            return with(METRIC_KURA_VERSION, kuraVersion);
        }

        public KuraBirthPayloadBuilder withApplicationFramework(String applicationFramework) {
            return with(METRIC_APPLICATION_FRAMEWORK, applicationFramework);
        }

        public KuraBirthPayloadBuilder withApplicationFrameworkVersion(String applicationFrameworkVersion) {
            return with(METRIC_APPLICATION_FRAMEWORK_VERSION, applicationFrameworkVersion);
        }

        public KuraBirthPayloadBuilder withConnectionInterface(String connectionInterface) {
            return with(METRIC_CONNECTION_INTERFACE, connectionInterface);
        }

        public KuraBirthPayloadBuilder withConnectionIp(String connectionIp) {
            return with(METRIC_CONNECTION_IP, connectionIp);
        }

        public KuraBirthPayloadBuilder withAcceptEncoding(String acceptEncoding) {
            return with(METRIC_ACCEPT_ENCODING, acceptEncoding);
        }

        public KuraBirthPayloadBuilder withApplicationIdentifiers(String applicationIdentifiers) {
            return with(METRIC_APPLICATION_IDS, applicationIdentifiers);
        }

        public KuraBirthPayloadBuilder withModemImei(String modemImei) {
            return with(METRIC_MODEM_IMEI, modemImei);
        }

        public KuraBirthPayloadBuilder withModemIccid(String modemIccid) {
            return with(METRIC_MODEM_ICCID, modemIccid);
        }

        public KuraBirthPayloadBuilder withModemImsi(String modemImsi) {
            return with(METRIC_MODEM_IMSI, modemImsi);
        }

        public KuraBirthPayloadBuilder withModemRssi(String modemRssi) {
            return with(METRIC_MODEM_RSSI, modemRssi);
        }

        public KuraBirthPayloadBuilder withModemFirmwareVersion(String modemFirmwareVersion) {
            return with(METRIC_MODEM_FIRMWARE_VERSION, modemFirmwareVersion);
        }

        public KuraBirthPayloadBuilder withPosition(KuraPosition position) {
            this.position = position;
            return this;
        }

        public KuraBirthPayloadBuilder withPayloadEncoding(String payloadEncoding) {
            return with(METRIC_PAYLOAD_ENCODING, payloadEncoding);
        }

        public KuraBirthPayloadBuilder withTamperStatus(TamperStatus tamperStatus) {
            return with(METRIC_TAMPER_STATUS, tamperStatus == null ? null : tamperStatus.name());
        }

        public KuraBirthPayloadBuilder withJvmVendor(String jvmVendor) {
            return with(METRIC_JVM_VENDOR, jvmVendor);
        }

        public KuraBirthPayloadBuilder withJdkVendorVersion(String jdkVendorVersion) {
            return with(METRIC_JDK_VENDOR_VERSION, jdkVendorVersion);
        }

        public KuraBirthPayload build() {
            KuraBirthPayload payload = new KuraBirthPayload();
            payload.setTimestamp(new Date());
            payload.setPosition(this.position);
            this.metrics.forEach(payload::addMetric);
            return payload;
        }

        private KuraBirthPayloadBuilder with(String name, Object value) {
            if (value == null) {
                this.metrics.remove(name);
            } else {
                this.metrics.put(name, value);
            }
            return this;
        }
    }
}
