package io.aiosedge.benchmarks.scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.DoubleConsumer;

/**
 * The simulator's virtual time and its two kinds of servers, used for compute nodes and for links alike: work
 * is in units (ms of one core for compute, bytes for links) and a server says when each job is done.
 */
final class Servers {

    /** The event queue on virtual time (ms); equal times run in the order they were scheduled. */
    static final class Clock {
        private record Event(double time, long sequence, Runnable action) implements Comparable<Event> {
            @Override
            public int compareTo(Event other) {
                int byTime = Double.compare(time, other.time);
                return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
            }
        }

        private final PriorityQueue<Event> events = new PriorityQueue<>();
        private long sequence;
        double now;

        void at(double time, Runnable action) {
            events.add(new Event(Math.max(time, now), sequence++, action));
        }

        /**
         * Runs every event up to {@code limit}; returns the events left then (0 when the run drained). What may be
         * left is the transfers of tasks that already failed by timeout: a saturated link keeps carrying bytes
         * nobody waits for. The caller checks that no task is left.
         */
        int run(double limit) {
            while (!events.isEmpty()) {
                if (events.peek().time() > limit) {
                    return events.size();
                }
                Event event = events.poll();
                now = event.time();
                event.action().run();
            }
            return 0;
        }
    }

    /** A server: takes a job of some work and calls back with the time it spent serving it (ms). */
    interface Server {
        /** Whether the job was taken (a link refuses one when its transfers are exhausted). */
        boolean offer(double work, DoubleConsumer done);

        /** Jobs being served now. */
        int busy();

        /** Jobs waiting (always 0 for a processor-sharing server). */
        int waiting();
    }

    /** {@code servers} parallel servers of {@code rate} units/ms each, one FIFO queue. */
    static final class Slots implements Server {
        private final Clock clock;
        private final int servers;
        private final double rate;
        private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
        private int busy;

        Slots(Clock clock, int servers, double rate) {
            this.clock = clock;
            this.servers = servers;
            this.rate = rate;
        }

        @Override
        public boolean offer(double work, DoubleConsumer done) {
            if (busy < servers) {
                start(work, done);
            } else {
                queue.add(new Object[] {work, done});
            }
            return true;
        }

        private void start(double work, DoubleConsumer done) {
            busy++;
            double time = work / rate;
            clock.at(clock.now + time, () -> {
                busy--;
                Object[] next = queue.poll();
                if (next != null) {
                    start((Double) next[0], (DoubleConsumer) next[1]);
                }
                done.accept(time);
            });
        }

        @Override
        public int busy() {
            return busy;
        }

        @Override
        public int waiting() {
            return queue.size();
        }
    }

    /**
     * Processor sharing: {@code total} units/ms shared equally by the jobs in service, each at most
     * {@code perJob} units/ms (one core's speed for compute; unbounded for a link); at most {@code maxJobs} at once
     * (more are refused).
     */
    static final class Shared implements Server {
        private final Clock clock;
        private final double total;
        private final double perJob;
        private final int maxJobs;
        private final List<double[]> jobs = new ArrayList<>();
        private final List<DoubleConsumer> callbacks = new ArrayList<>();
        private double updatedAt;
        private long version;

        Shared(Clock clock, double total, double perJob, int maxJobs) {
            this.clock = clock;
            this.total = total;
            this.perJob = perJob;
            this.maxJobs = maxJobs;
        }

        private double rate() {
            return jobs.isEmpty() ? 0 : Math.min(perJob, total / jobs.size());
        }

        /** Moves every job's remaining work to now. */
        private void advance() {
            double served = rate() * (clock.now - updatedAt);
            for (double[] job : jobs) {
                job[0] -= served;
            }
            updatedAt = clock.now;
        }

        @Override
        public boolean offer(double work, DoubleConsumer done) {
            if (jobs.size() >= maxJobs) {
                return false;
            }
            advance();
            jobs.add(new double[] {work, clock.now});
            callbacks.add(done);
            reschedule();
            return true;
        }

        private void reschedule() {
            long mine = ++version;
            if (jobs.isEmpty()) {
                return;
            }
            double least = Double.POSITIVE_INFINITY;
            for (double[] job : jobs) {
                least = Math.min(least, job[0]);
            }
            clock.at(clock.now + Math.max(0, least) / rate(), () -> {
                if (mine != version) {
                    return;
                }
                advance();
                // Work that the clock cannot resolve any more counts as done: late in a long run a step of
                // remaining / rate can be below the resolution of `now`, and the job would never finish.
                double done = Math.max(1e-6, 4 * rate() * Math.ulp(clock.now));
                List<DoubleConsumer> finished = new ArrayList<>();
                List<Double> times = new ArrayList<>();
                for (int i = jobs.size() - 1; i >= 0; i--) {
                    if (jobs.get(i)[0] <= done) {
                        times.add(clock.now - jobs.get(i)[1]);
                        finished.add(callbacks.get(i));
                        jobs.remove(i);
                        callbacks.remove(i);
                    }
                }
                reschedule();
                for (int i = 0; i < finished.size(); i++) {
                    finished.get(i).accept(times.get(i));
                }
            });
        }

        @Override
        public int busy() {
            return jobs.size();
        }

        @Override
        public int waiting() {
            return 0;
        }
    }

    private Servers() {
    }
}
