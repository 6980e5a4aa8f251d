package io.aiosedge.scheduler.internal.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The few best distinct feasible assignments the search has met, kept so that a restart can begin from a good
 * solution other than the single best one (the search otherwise keeps circling the same region) and so that two
 * of them can be relinked. A newcomer enters when the pool has room or when it is cheaper than the worst member,
 * which it then replaces, unless it is a near copy of a member, when it replaces that member if it is cheaper.
 */
final class ElitePool {

    /** One member: its assignment (owned by the pool) and its cost. */
    record Member(int[] assignment, double cost) {
    }

    private final int capacity;
    private final int minDistance;
    private final List<Member> members = new ArrayList<>();

    /**
     * @param capacity most members
     * @param minDistance a newcomer that differs from a member in fewer jobs than this competes with that member
     */
    ElitePool(int capacity, int minDistance) {
        if (capacity < 1) {
            throw new IllegalArgumentException("elite pool capacity must be >= 1, got " + capacity);
        }
        if (minDistance < 1) {
            throw new IllegalArgumentException("elite pool minimum distance must be >= 1, got " + minDistance);
        }
        this.capacity = capacity;
        this.minDistance = minDistance;
    }

    int size() {
        return members.size();
    }

    /**
     * Offers a feasible assignment (copied when it enters); true when it entered. A newcomer closer than
     * {@code minDistance} jobs to a member competes with that member only, so that the pool does not fill with
     * neighbours of one solution.
     */
    boolean offer(int[] assignment, double cost) {
        if (members.size() >= capacity && cost >= worstCost()) {
            return false;
        }
        int nearest = -1;
        int nearestDistance = Integer.MAX_VALUE;
        for (int k = 0; k < members.size(); k++) {
            int distance = distance(members.get(k).assignment(), assignment, nearestDistance);
            if (distance < nearestDistance) {
                nearestDistance = distance;
                nearest = k;
            }
        }
        if (nearest >= 0 && nearestDistance < minDistance) {
            if (cost < members.get(nearest).cost()) {
                members.set(nearest, new Member(assignment.clone(), cost));
                return true;
            }
            return false;
        }
        Member entry = new Member(assignment.clone(), cost);
        if (members.size() < capacity) {
            members.add(entry);
        } else {
            members.set(worst(), entry);
        }
        return true;
    }

    /** Cost of the dearest member; +Infinity while the pool has room. */
    double worstCost() {
        return members.size() < capacity ? Double.POSITIVE_INFINITY : members.get(worst()).cost();
    }

    private int worst() {
        int worst = 0;
        for (int k = 1; k < members.size(); k++) {
            if (members.get(k).cost() > members.get(worst).cost()) {
                worst = k;
            }
        }
        return worst;
    }

    /** Jobs on different agents in x and y, counted up to {@code limit}. */
    static int distance(int[] x, int[] y, int limit) {
        int distance = 0;
        for (int j = 0; j < x.length && distance < limit; j++) {
            if (x[j] != y[j]) {
                distance++;
            }
        }
        return distance;
    }

    /** A member drawn uniformly; the pool must not be empty. */
    Member pick(SplittableRandom random) {
        if (members.isEmpty()) {
            throw new IllegalStateException("the elite pool is empty");
        }
        return members.get(random.nextInt(members.size()));
    }

    /** The cheapest member; the pool must not be empty. */
    Member best() {
        if (members.isEmpty()) {
            throw new IllegalStateException("the elite pool is empty");
        }
        Member best = members.get(0);
        for (Member member : members) {
            if (member.cost() < best.cost()) {
                best = member;
            }
        }
        return best;
    }
}
