package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The TensorFlow session configuration of an engine, from its options: the intra-op and inter-op thread pools and
 * the device. On CPU no GPU is used even when one is there; on GPU placement is strict, memory grows as needed,
 * and the GPU natives fragment must be attached to the TensorFlow runtime bundle.
 *
 * <p>Stateless; computed once per activation, on the activating thread. Only reads the bundle wiring (it loads
 * no natives itself).
 */
final class SessionConfiguration {

    private SessionConfiguration() {
    }

    /**
     * The session configuration every model of the engine is loaded with.
     *
     * @throws IllegalArgumentException naming {@code device} and the attached natives when GPU is asked for and the
     *         GPU natives fragment is not attached (which fails activation)
     */
    static ConfigProto of(EngineOptions options) {
        ConfigProto.Builder builder = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(options.intraOpThreads())
                .setInterOpParallelismThreads(options.interOpThreads());
        if (options.device() == EngineOptions.Device.CPU) {
            builder.putDeviceCount("GPU", 0);
        } else {
            List<String> fragments = nativesFragments();
            if (fragments.stream().noneMatch(name -> name.endsWith("-gpu"))) {
                throw new IllegalArgumentException("device: 'GPU' needs the GPU natives fragment"
                        + " io.aiosedge.tensorflow.runtime.natives.linux-x86_64-gpu attached to"
                        + " io.aiosedge.tensorflow.runtime; attached natives: " + fragments);
            }
            builder.setAllowSoftPlacement(false)
                    .setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true).build());
        }
        return builder.build();
    }

    /** @return symbolic names of the fragments attached to the bundle that holds TensorFlow (empty outside OSGi) */
    private static List<String> nativesFragments() {
        List<String> names = new ArrayList<>();
        Bundle runtime = FrameworkUtil.getBundle(Session.class);
        BundleWiring wiring = runtime == null ? null : runtime.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getProvidedWires(BundleRevision.HOST_NAMESPACE)) {
                names.add(wire.getRequirer().getSymbolicName());
            }
        }
        return names;
    }
}
