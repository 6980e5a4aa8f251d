package org.eclipse.kura.message;

/**
 * Mirrors Kura's {@code KuraDeviceProfile}: the description of a device reported in its birth certificate.
 * The application framework defaults to {@value #DEFAULT_APPLICATION_FRAMEWORK}; the Kura version is the
 * application framework version.
 */
public class KuraDeviceProfile {

    public static final String UPTIME_KEY = "uptime";
    public static final String DISPLAY_NAME_KEY = "display_name";
    public static final String MODEL_NAME_KEY = "model_name";
    public static final String MODEL_ID_KEY = "model_id";
    public static final String PART_NUMBER_KEY = "part_number";
    public static final String SERIAL_NUMBER_KEY = "serial_number";
    public static final String AVAILABLE_PROCESSORS_KEY = "available_processors";
    public static final String TOTAL_MEMORY_KEY = "total_memory";
    public static final String FIRMWARE_VERSION_KEY = "firmware_version";
    public static final String CPU_VERSION_KEY = "cpu_version";
    public static final String BIOS_VERSION_KEY = "bios_version";
    public static final String OS_KEY = "os";
    public static final String OS_VERSION_KEY = "os_version";
    public static final String OS_ARCH_KEY = "os_arch";
    public static final String JVM_NAME_KEY = "jvm_name";
    public static final String JVM_VERSION_KEY = "jvm_version";
    public static final String JVM_PROFILE_KEY = "jvm_profile";
    public static final String KURA_VERSION_KEY = "kura_version";
    public static final String APPLICATION_FRAMEWORK_KEY = "application_framework";
    public static final String APPLICATION_FRAMEWORK_VERSION_KEY = "application_framework_version";
    public static final String OSGI_FRAMEWORK_KEY = "osgi_framework";
    public static final String OSGI_FRAMEWORK_VERSION_KEY = "osgi_framework_version";
    public static final String CONNECTION_INTERFACE_KEY = "connection_interface";
    public static final String CONNECTION_IP_KEY = "connection_ip";
    public static final String DEFAULT_APPLICATION_FRAMEWORK = "Kura";
    public static final String JVM_VENDOR_KEY = "jvm_vendor";
    public static final String JDK_VENDOR_VERSION_KEY = "jdk_vendor_version";

    private String uptime;
    private String displayName;
    private String modelName;
    private String modelId;
    private String partNumber;
    private String serialNumber;
    private String firmwareVersion;
    private String biosVersion;
    private String cpuVersion;
    private String os;
    private String osVersion;
    private String jvmName;
    private String jvmVersion;
    private String jvmProfile;
    private String applicationFramework = DEFAULT_APPLICATION_FRAMEWORK;
    private String applicationFrameworkVersion;
    private String connectionInterface;
    private String connectionIp;
    private Double latitude;
    private Double longitude;
    private Double altitude;
    private String jvmVendor;
    private String jdkVendorVersion;
    private String availableProcessors;
    private String totalMemory;
    private String osArch;
    private String osgiFramework;
    private String osgiFrameworkVersion;

    public String getUptime() {
        return this.uptime;
    }

    public String getDisplayName() {
        return this.displayName;
    }

    public String getModelName() {
        return this.modelName;
    }

    public String getModelId() {
        return this.modelId;
    }

    public String getPartNumber() {
        return this.partNumber;
    }

    public String getSerialNumber() {
        return this.serialNumber;
    }

    public String getFirmwareVersion() {
        return this.firmwareVersion;
    }

    public String getBiosVersion() {
        return this.biosVersion;
    }

    public String getCpuVersion() {
        return this.cpuVersion;
    }

    public String getOs() {
        return this.os;
    }

    public String getOsVersion() {
        return this.osVersion;
    }

    public String getJvmName() {
        return this.jvmName;
    }

    public String getJvmVersion() {
        return this.jvmVersion;
    }

    public String getJvmProfile() {
        return this.jvmProfile;
    }

    public String getKuraVersion() {
        return this.applicationFrameworkVersion;
    }

    public String getApplicationFramework() {
        return this.applicationFramework;
    }

    public String getApplicationFrameworkVersion() {
        return this.applicationFrameworkVersion;
    }

    public String getConnectionInterface() {
        return this.connectionInterface;
    }

    public String getConnectionIp() {
        return this.connectionIp;
    }

    public Double getLatitude() {
        return this.latitude;
    }

    public Double getLongitude() {
        return this.longitude;
    }

    public Double getAltitude() {
        return this.altitude;
    }

    public String getJvmVendor() {
        return this.jvmVendor;
    }

    public String getJdkVendorVersion() {
        return this.jdkVendorVersion;
    }

    public void setUptime(String uptime) {
        this.uptime = uptime;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public void setModelName(String modelName) {
        this.modelName = modelName;
    }

    public void setModelId(String modelId) {
        this.modelId = modelId;
    }

    public void setPartNumber(String partNumber) {
        this.partNumber = partNumber;
    }

    public void setSerialNumber(String serialNumber) {
        this.serialNumber = serialNumber;
    }

    public void setFirmwareVersion(String firmwareVersion) {
        this.firmwareVersion = firmwareVersion;
    }

    public void setBiosVersion(String biosVersion) {
        this.biosVersion = biosVersion;
    }

    public void setCpuVersion(String cpuVersion) {
        this.cpuVersion = cpuVersion;
    }

    public void setOs(String os) {
        this.os = os;
    }

    public void setOsVersion(String osVersion) {
        this.osVersion = osVersion;
    }

    public void setJvmName(String jvmName) {
        this.jvmName = jvmName;
    }

    public void setJvmVersion(String jvmVersion) {
        this.jvmVersion = jvmVersion;
    }

    public void setJvmProfile(String jvmProfile) {
        this.jvmProfile = jvmProfile;
    }

    public void setConnectionInterface(String connectionInterface) {
        this.connectionInterface = connectionInterface;
    }

    public void setConnectionIp(String connectionIp) {
        this.connectionIp = connectionIp;
    }

    public void setLatitude(Double latitude) {
        this.latitude = latitude;
    }

    public void setLongitude(Double longitude) {
        this.longitude = longitude;
    }

    public void setAltitude(Double altitude) {
        this.altitude = altitude;
    }

    public void setJvmVendor(String jvmVendor) {
        this.jvmVendor = jvmVendor;
    }

    public void setJdkVendorVersion(String jdkVendorVersion) {
        this.jdkVendorVersion = jdkVendorVersion;
    }

    public String getAvailableProcessors() {
        return this.availableProcessors;
    }

    public void setAvailableProcessors(String availableProcessors) {
        this.availableProcessors = availableProcessors;
    }

    public void setApplicationFramework(String applicationFramework) {
        this.applicationFramework = applicationFramework;
    }

    public void setApplicationFrameworkVersion(String applicationFrameworkVersion) {
        this.applicationFrameworkVersion = applicationFrameworkVersion;
    }

    public String getTotalMemory() {
        return this.totalMemory;
    }

    public void setTotalMemory(String totalMemory) {
        this.totalMemory = totalMemory;
    }

    public String getOsArch() {
        return this.osArch;
    }

    public void setOsArch(String osArch) {
        this.osArch = osArch;
    }

    public String getOsgiFramework() {
        return this.osgiFramework;
    }

    public void setOsgiFramework(String osgiFramework) {
        this.osgiFramework = osgiFramework;
    }

    public String getOsgiFrameworkVersion() {
        return this.osgiFrameworkVersion;
    }

    public void setOsgiFrameworkVersion(String osgiFrameworkVersion) {
        this.osgiFrameworkVersion = osgiFrameworkVersion;
    }
}
