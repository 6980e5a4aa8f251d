package io.aiosedge.scheduler.internal.job;

/**
 * Where a job's samples come from: a Kura Driver with the job's own channel list ({@link DriverSampleSource}) or a
 * Kura Asset, whose channels the user already configured in Kura ({@link AssetSampleSource}).
 */
interface SampleSource {

    /**
     * Reads one sample: one value per channel, always in the same order.
     *
     * @throws SampleReadException when this sample cannot be had (device not connected, a channel failed, a
     *         value that is not a number); the job skips the sample and logs the message
     */
    double[] read() throws SampleReadException;

    /** A sample that could not be read; the message says which channel or device and why. */
    final class SampleReadException extends Exception {

        private static final long serialVersionUID = 1L;

        SampleReadException(String message) {
            super(message);
        }
    }
}
